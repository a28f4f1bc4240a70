/**
 * `POST /queue_settings/import`'s multipart body (RFC 7578): one `file` and
 * the `email` field, read by @fastify/busboy with limits, so a second file,
 * a stray field or an oversized part is refused rather than buffered.
 */
import { Busboy } from '@fastify/busboy';
import type { IncomingHttpHeaders } from 'node:http';
import { PlatformErrors } from '../../platform/errors/platform-errors.ts';
import type { AppError } from '../../platform/errors/app-error.ts';
import { QueueSettingsErrors } from './queue-settings-errors.ts';

export const UPLOAD_BYTES = 20 * 1024 * 1024;

/** The framing and the email field come on top of the file. */
const BODY_BYTES = UPLOAD_BYTES + 64 * 1024;

/**
 * The body, read whole but never past the limit: a Content-Length above it is refused before a byte is read,
 * a chunked body as soon as it passes. The stream is the platform's deadline-guarded one (a stall is its 408).
 */
export async function readUploadBody(body: AsyncIterable<Buffer>, contentLength: string | undefined): Promise<Buffer> {
  if (contentLength !== undefined && Number(contentLength) > BODY_BYTES) throw QueueSettingsErrors.CC_QUEUE_FILE_TOO_LARGE([UPLOAD_BYTES]);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > BODY_BYTES) throw QueueSettingsErrors.CC_QUEUE_FILE_TOO_LARGE([UPLOAD_BYTES]);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

export interface SettingsUpload {
  readonly email: string | undefined;
  readonly file: Buffer | undefined;
}

export function readSettingsUpload(headers: IncomingHttpHeaders, body: Buffer): Promise<SettingsUpload> {
  return new Promise((resolve, reject) => {
    let email: string | undefined;
    let file: Buffer | undefined;
    let failure: AppError | undefined;
    const fail = (error: AppError) => (failure ??= error);
    let parser;
    try {
      parser = Busboy({ headers: headers as IncomingHttpHeaders & { 'content-type': string }, limits: { files: 1, fields: 4, fieldSize: 1024, fileSize: UPLOAD_BYTES, parts: 6 } });
    } catch (error) {
      reject(PlatformErrors.PLATFORM_MALFORMED_BODY([error instanceof Error ? error.message : String(error)]));
      return;
    }
    parser.on('field', (name, value) => {
      if (name === 'email') email = value.trim();
      else fail(QueueSettingsErrors.CC_QUEUE_PARAM_INVALID([`unknown parameter: ${JSON.stringify(name.slice(0, 40))}; the accepted ones are file, email`]));
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      if (name !== 'file') fail(QueueSettingsErrors.CC_QUEUE_PARAM_INVALID([`unknown parameter: ${JSON.stringify(name.slice(0, 40))}; the accepted ones are file, email`]));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(QueueSettingsErrors.CC_QUEUE_FILE_TOO_LARGE([UPLOAD_BYTES])));
      stream.on('end', () => {
        if (name === 'file') file = Buffer.concat(chunks);
      });
    });
    parser.on('filesLimit', () => fail(QueueSettingsErrors.CC_QUEUE_PARAM_INVALID(['send one file'])));
    parser.on('fieldsLimit', () => fail(QueueSettingsErrors.CC_QUEUE_PARAM_INVALID(['too many fields'])));
    parser.on('partsLimit', () => fail(QueueSettingsErrors.CC_QUEUE_PARAM_INVALID(['too many parts'])));
    parser.on('error', (error: Error) => reject(failure ?? PlatformErrors.PLATFORM_MALFORMED_BODY([error.message])));
    parser.on('finish', () => (failure ? reject(failure) : resolve({ email, file })));
    parser.end(body);
  });
}
