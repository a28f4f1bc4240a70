/**
 * An upload's body, read whole but never past `INGESTION_LIMITS.uploadBytes`:
 * a Content-Length above it is refused before a byte is read, and a body
 * without one (chunked) is refused as soon as it passes the limit. The
 * stream is the platform's deadline-guarded one (body-deadlines.ts), so a
 * client that stalls gets its 408 here.
 */
import { IngestionErrors } from './ingestion-errors.ts';
import { INGESTION_LIMITS } from './ingestion-limits.ts';

export async function readUploadBody(body: AsyncIterable<Buffer>, contentLength: string | undefined, limit = INGESTION_LIMITS.uploadBytes): Promise<Buffer> {
  if (contentLength !== undefined && Number(contentLength) > limit) throw IngestionErrors.INGESTION_BODY_TOO_LARGE([limit]);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) throw IngestionErrors.INGESTION_BODY_TOO_LARGE([limit]);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
