/**
 * A `multipart/form-data` body (RFC 7578), read by @fastify/busboy from
 * bytes the route has already read within its limit: the fields as a
 * FormBody (so form.ts reads them, and the CSRF check finds `_csrf`), and
 * the files with their names and bytes. A body that is not well-formed
 * multipart is a 400.
 */
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import type { IncomingHttpHeaders } from 'node:http';
import { PlatformErrors } from '../errors/platform-errors.ts';
import type { FormBody } from './form.ts';

export interface FormFile {
  readonly field: string;
  readonly filename: string;
  readonly bytes: Buffer;
}

export interface MultipartForm {
  readonly fields: FormBody & Record<string, string | string[]>;
  readonly files: readonly FormFile[];
}

export function readMultipartForm(headers: IncomingHttpHeaders, body: Buffer): Promise<MultipartForm> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string | string[]> = {};
    const files: FormFile[] = [];
    const malformed = (error: unknown) => reject(PlatformErrors.PLATFORM_MALFORMED_BODY([error instanceof Error ? error.message : String(error)]));
    let parser: BusboyInstance;
    try {
      parser = Busboy({ headers: headers as IncomingHttpHeaders & { 'content-type': string } });
    } catch (error) {
      malformed(error);
      return;
    }
    parser.on('field', (name, value) => {
      const before = fields[name];
      fields[name] = before === undefined ? value : [before, value].flat();
    });
    parser.on('file', (field, stream, filename) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => files.push({ field, filename, bytes: Buffer.concat(chunks) }));
    });
    parser.on('error', malformed);
    parser.on('finish', () => resolve({ fields, files }));
    parser.end(body);
  });
}
