/**
 * Texts in pages of packed buffers, for a build of a million insights: as
 * JS strings a million texts and their ids take some 250 MiB of heap in the
 * thread that reads them, and the texts as much again in the worker that
 * clusters them; packed, their UTF-8 bytes and 4 bytes each, outside the
 * heap, and the pages go to the worker by transfer (no copy, no per-string
 * structured clone). A text is decoded when it is read, and is garbage soon
 * after.
 *
 * A page: a little-endian uint32 count, the count + 1 byte offsets, then the
 * UTF-8 bytes.
 */
export interface PackedTexts {
  readonly length: number;
  /** The index-th text, decoded; undefined out of range, as an array's `at` (without its negative indexes). */
  at(index: number): string | undefined;
  /** To transfer to a worker thread: these texts are unreadable here after. */
  readonly pages: readonly Uint8Array[];
}

export function packTexts(texts: readonly string[]): Uint8Array {
  let bytes = 0;
  for (const text of texts) bytes += Buffer.byteLength(text);
  const head = 4 * (texts.length + 2);
  // Its own ArrayBuffer, not a slice of Buffer's shared pool, which cannot be transferred.
  const buffer = Buffer.from(new ArrayBuffer(head + bytes));
  buffer.writeUInt32LE(texts.length, 0);
  let at = head;
  texts.forEach((text, i) => {
    buffer.writeUInt32LE(at - head, 4 * (i + 1));
    at += buffer.write(text, at);
  });
  buffer.writeUInt32LE(at - head, 4 * (texts.length + 1));
  return buffer;
}

export function packedTexts(pages: readonly Uint8Array[]): PackedTexts {
  const buffers = pages.map((page) => Buffer.from(page.buffer, page.byteOffset, page.byteLength));
  // first[p]: the index of page p's first text; first[pages.length]: the count.
  const first = new Int32Array(pages.length + 1);
  buffers.forEach((buffer, p) => (first[p + 1] = first[p]! + buffer.readUInt32LE(0)));
  const length = first[pages.length]!;
  return {
    length,
    pages,
    at(index) {
      if (!Number.isInteger(index) || index < 0 || index >= length) return undefined;
      let low = 0;
      let high = pages.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (first[middle]! <= index) low = middle;
        else high = middle - 1;
      }
      const buffer = buffers[low]!;
      const i = index - first[low]!;
      const head = 4 * (buffer.readUInt32LE(0) + 2);
      return buffer.toString('utf8', head + buffer.readUInt32LE(4 * (i + 1)), head + buffer.readUInt32LE(4 * (i + 2)));
    },
  };
}
