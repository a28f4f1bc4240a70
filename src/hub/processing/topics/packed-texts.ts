/**
 * Texts in one buffer, to hand them to a worker thread by transfer (no
 * copy, no per-string structured clone): a little-endian uint32 count, the
 * count + 1 byte offsets, then the UTF-8 bytes.
 */
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

export function unpackTexts(packed: Uint8Array): string[] {
  const buffer = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const count = buffer.readUInt32LE(0);
  const head = 4 * (count + 2);
  const texts = new Array<string>(count);
  for (let i = 0; i < count; i++) texts[i] = buffer.toString('utf8', head + buffer.readUInt32LE(4 * (i + 1)), head + buffer.readUInt32LE(4 * (i + 2)));
  return texts;
}
