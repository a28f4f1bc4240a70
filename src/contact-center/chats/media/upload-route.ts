/**
 * `POST /media/uploads`: where a presigned upload goes (upload-policy.ts).
 * Outside `/apps/api/v1` and without Basic auth, like an S3 presigned POST:
 * the signed policy is the credential. The form is read as a stream by
 * @fastify/busboy, fields first (key, policy, signature), then one file; the
 * file is kept only up to the policy's size, and a larger one is a 413 at the
 * first byte past it. The bytes are stored in PostgreSQL (cc_chat_media.bytes).
 */
import type { Readable } from 'node:stream';
import { Busboy } from '@fastify/busboy';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../../platform/http/service.ts';
import { PlatformErrors } from '../../../platform/errors/platform-errors.ts';
import type { AppError } from '../../../platform/errors/app-error.ts';
import { ccDb, type CcDb } from '../../db/cc-database.ts';
import { MediaErrors } from './media-errors.ts';
import { MAX_BYTES, acceptsType, decodePolicy, signatureMatches, type UploadPolicy } from './upload-policy.ts';

export const UPLOAD_PATH = '/media/uploads';

/** The form of keys upload-policy.ts makes. */
const KEY = /^chats\/[1-9]\d{0,17}\/(photo|video)s\/[A-Za-z0-9_-]{24}$/;

interface Slot {
  readonly policy: UploadPolicy;
  readonly id: string;
}

/** The slot a form's fields open, or the error that refuses them. */
async function openSlot(db: CcDb, fields: Readonly<Record<string, string>>): Promise<Slot> {
  const { key, policy: encoded, signature } = fields;
  if (!key || !encoded || !signature) throw MediaErrors.CC_UPLOAD_FIELDS_MISSING();
  if (!KEY.test(key) || signature.length > 100) throw MediaErrors.CC_UPLOAD_SIGNATURE();
  const policy = decodePolicy(encoded);
  if (!policy || policy.key !== key || !/^[0-9a-f-]{36}$/.test(policy.tenantId) || policy.maxBytes !== MAX_BYTES[policy.kind]) throw MediaErrors.CC_UPLOAD_SIGNATURE();
  const row = await db.selectFrom('cc_chat_media').select(['id', 'upload_secret', 'upload_expires_at', 'bytes']).where('tenant_id', '=', policy.tenantId).where('key', '=', key).where('kind', '=', policy.kind).executeTakeFirst();
  if (!row || !signatureMatches(encoded, signature, row.upload_secret)) throw MediaErrors.CC_UPLOAD_SIGNATURE();
  if (policy.expires * 1000 <= Date.now() || row.upload_expires_at.getTime() <= Date.now()) throw MediaErrors.CC_UPLOAD_EXPIRED();
  if (row.bytes !== null) throw MediaErrors.CC_UPLOAD_DONE();
  return { policy, id: row.id };
}

interface Received {
  readonly slot: Slot;
  readonly contentType: string;
  readonly bytes: Buffer;
}

/** Reads the form; resolves when the file is read within its slot's limits, rejects with the first refusal. */
function receive(db: CcDb, request: FastifyRequest, body: Readable): Promise<Received> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      body.unpipe();
      body.resume();
      reject(error);
    };
    const fields: Record<string, string> = {};
    let file: Promise<Received> | undefined;
    let parser;
    try {
      parser = Busboy({ headers: request.headers as { 'content-type': string }, limits: { fields: 10, fieldSize: 4096, files: 1, parts: 12, fileSize: MAX_BYTES.video + 1 } });
    } catch {
      return fail(MediaErrors.CC_UPLOAD_NOT_MULTIPART());
    }
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_field, stream, _filename, _encoding, mimeType) => {
      // Nothing is read until the fields have opened a slot: a forged policy costs no more than its form's head.
      stream.pause();
      file = openSlot(db, { ...fields }).then(
        (slot) =>
          new Promise<Received>((done, refuse) => {
            if (!acceptsType(slot.policy.kind, mimeType)) return refuse(MediaErrors.CC_UPLOAD_TYPE([slot.policy.kind === 'photo' ? 'image/* (not SVG)' : 'video/*', JSON.stringify(mimeType.slice(0, 100))]));
            const chunks: Buffer[] = [];
            let size = 0;
            stream.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > slot.policy.maxBytes) return refuse(MediaErrors.CC_UPLOAD_TOO_LARGE([slot.policy.maxBytes]));
              chunks.push(chunk);
            });
            stream.on('end', () => done({ slot, contentType: mimeType.toLowerCase(), bytes: Buffer.concat(chunks) }));
            stream.resume();
          }),
      );
      file.catch(fail);
    });
    parser.on('error', (error: Error) => fail(PlatformErrors.PLATFORM_MALFORMED_BODY([error.message])));
    parser.on('finish', () => {
      if (!file) return fail(MediaErrors.CC_UPLOAD_NO_FILE());
      file.then((received) => {
        if (settled) return;
        settled = true;
        resolve(received);
      }, fail);
    });
    body.on('error', (error) => fail(PlatformErrors.PLATFORM_MALFORMED_BODY([error.message])));
    body.pipe(parser);
  });
}

export const uploadRoute: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);
  app.addContentTypeParser('multipart/form-data', (_request, payload, done) => done(null, payload));
  app.post(UPLOAD_PATH, async (request, reply) => {
    if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')) throw MediaErrors.CC_UPLOAD_NOT_MULTIPART();
    let received: Received;
    try {
      received = await receive(db, request, request.body as Readable);
    } catch (error) {
      // The rest of a refused body is not read: the connection closes after the answer.
      reply.header('connection', 'close');
      throw error;
    }
    const { slot, contentType, bytes } = received;
    const stored = await db
      .updateTable('cc_chat_media')
      .set({ bytes, size: bytes.length, content_type: contentType, uploaded_at: new Date() })
      .where('tenant_id', '=', slot.policy.tenantId)
      .where('id', '=', slot.id)
      .where('bytes', 'is', null)
      .returning('key')
      .executeTakeFirst();
    if (!stored) throw MediaErrors.CC_UPLOAD_DONE();
    return reply.code(201).send({ key: stored.key, size: bytes.length, content_type: contentType });
  });
};
