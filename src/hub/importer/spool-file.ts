/**
 * Where an upload waits between the client and `COPY`: a file that is
 * removed from its directory as soon as it is opened, and lives on only
 * through its open handle. Whatever ends the upload (202, 400, a cut-off
 * body, a 408, a crash of the process), its space returns when the handle
 * closes, so nothing is left to sweep at the next start (an open file can be
 * removed and still be read and written: POSIX unlink()).
 */
import { randomUUID } from 'node:crypto';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

const READ_CHUNK = 256 * 1024;

export class SpoolFile {
  readonly #handle: FileHandle;
  #size = 0;

  private constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  static async create(directory: string): Promise<SpoolFile> {
    const file = path.join(directory, `commontime-upload-${randomUUID()}`);
    const handle = await open(file, 'wx+', 0o600);
    try {
      await unlink(file);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new SpoolFile(handle);
  }

  async append(bytes: Buffer): Promise<void> {
    for (let written = 0; written < bytes.length; ) {
      const { bytesWritten } = await this.#handle.write(bytes, written, bytes.length - written, this.#size);
      written += bytesWritten;
      this.#size += bytesWritten;
    }
  }

  /** Everything appended, from the start, in fresh buffers (a consumer such as COPY may keep them queued). */
  async *read(): AsyncGenerator<Buffer> {
    for (let at = 0; at < this.#size; ) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, this.#size - at));
      const { bytesRead } = await this.#handle.read(chunk, 0, chunk.length, at);
      if (bytesRead === 0) throw new Error(`the spool file ended at ${at} of ${this.#size} bytes`);
      at += bytesRead;
      yield chunk.subarray(0, bytesRead);
    }
  }

  close(): Promise<void> {
    return this.#handle.close();
  }
}
