/**
 * The CRM importer's endpoints (docs/importer.md):
 *
 * - `PUT /import/crm/{type}`: create or update records from a CSV body;
 * - `DELETE /import/crm/{type}`: delete the records a CSV's id column lists;
 * - `GET /import/crm/{type}/{id}`: one record back, as CSV;
 * - `POST /import/conversations`: conversations (JSON, NDJSON) or one
 *   transcript file (WebVTT, SubRip, plain text), checked whole, stored and
 *   queued for processing (conversation-jobs.ts);
 * - `GET /import/job/{id}`: an upload's job.
 *
 * Every route needs a token with the `import` scope ("Import data"); the
 * tenant is the token's, so another tenant's jobs and records are 404.
 * Bodies are not parsed by Fastify (nor bound by BODY_LIMIT_BYTES): the
 * CSV streams from the socket into storage (submit-import.ts), a
 * conversation upload into memory up to its own limit (ingestion-limits.ts),
 * both paced by the platform's body deadlines (a 408 for a stalled client).
 * Uploads in progress of either kind share one bound per workspace and per
 * process (a 429), and their writes take connections from a budget smaller
 * than the pool, so that uploads never starve reads (docs/operations.md,
 * "Database connections").
 */
import type { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../platform/http/service.ts';
import type { Authenticator } from '../identity/authenticate.ts';
import { parseUpload, requireUploadFormat } from '../processing/ingestion/conversation-upload.ts';
import { readUploadBody } from '../processing/ingestion/upload-body.ts';
import { submitConversations } from './conversation-jobs.ts';
import { findJobDocument } from './import-jobs.ts';
import { ImporterErrors } from './importer-errors.ts';
import { readRecordCsv } from './read-record.ts';
import { findRecordType, type RecordTypeDefinition } from './record-types.ts';
import { submitImport } from './submit-import.ts';
import type { Uploads } from './uploads.ts';

type TypeParams = { type: string };

function definitionOf(request: FastifyRequest<{ Params: TypeParams }>): RecordTypeDefinition {
  const definition = findRecordType(request.params.type);
  if (!definition) throw ImporterErrors.IMPORTER_UNKNOWN_TYPE([JSON.stringify(request.params.type)]);
  return definition;
}

/** `text/csv`, with no charset or UTF-8 (RFC 4180 §3 registers text/csv with a charset parameter). */
function requireCsv(request: FastifyRequest): void {
  const header = request.headers['content-type'];
  const [type = '', ...parameters] = (header ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (type !== 'text/csv' || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    throw ImporterErrors.IMPORTER_UNSUPPORTED_MEDIA_TYPE([header ? JSON.stringify(header) : 'a request without Content-Type']);
  }
}

export const importerPlugin: FastifyPluginAsync<ServiceContext & { authenticator: Authenticator; uploads: Uploads }> = async (app, { db, config, authenticator, uploads: shared }) => {
  const auth = { preHandler: authenticator.requireToken({ scope: 'import' }) };
  // Leave every body unread: the upload routes stream it themselves, from the platform's deadline-guarded stream.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  const { slots: uploads, storage } = shared;

  async function accept(request: FastifyRequest<{ Params: TypeParams }>, reply: FastifyReply, action: 'upsert' | 'delete') {
    const definition = definitionOf(request);
    requireCsv(request);
    const principal = request.principal!;
    // Before the body is read: a refused upload costs neither a spool file nor a wait on the client.
    const slot = uploads.acquire(principal.tenantId);
    let job: string;
    try {
      // A request without a body never reaches the content-type parser.
      const body = (request.body as Readable | undefined) ?? request.raw;
      job = await submitImport(storage, { tenantId: principal.tenantId, userId: principal.userId, definition, action, body });
    } finally {
      slot.release();
    }
    return accepted(reply, job);
  }

  function accepted(reply: FastifyReply, job: string) {
    return reply
      .code(202)
      .header('location', `${config.publicUrl}/import/job/${job}`)
      .header('content-type', 'application/json')
      .send(Buffer.from(JSON.stringify({ job })));
  }

  app.put<{ Params: TypeParams }>('/import/crm/:type', auth, (request, reply) => accept(request, reply, 'upsert'));
  app.delete<{ Params: TypeParams }>('/import/crm/:type', auth, (request, reply) => accept(request, reply, 'delete'));

  app.post('/import/conversations', auth, async (request, reply) => {
    const format = requireUploadFormat(request.headers['content-type']);
    const principal = request.principal!;
    const slot = uploads.acquire(principal.tenantId);
    let job: string;
    try {
      const body = (request.body as Readable | undefined) ?? request.raw;
      const bytes = await readUploadBody(body, request.headers['content-length']);
      const conversations = parseUpload(format, bytes, new URL(request.url, 'http://hub').searchParams);
      job = await submitConversations(storage.connections, { tenantId: principal.tenantId, userId: principal.userId, conversations });
    } finally {
      slot.release();
    }
    return accepted(reply, job);
  });

  app.get<{ Params: TypeParams & { id: string } }>('/import/crm/:type/:id', auth, async (request, reply) => {
    const definition = definitionOf(request);
    const csv = await readRecordCsv(db, request.principal!.tenantId, definition, request.params.id);
    if (csv === undefined) throw ImporterErrors.IMPORTER_RECORD_NOT_FOUND([definition.type, JSON.stringify(request.params.id)]);
    return reply.header('content-type', 'text/csv').send(Buffer.from(csv));
  });

  app.get<{ Params: { id: string } }>('/import/job/:id', auth, async (request, reply) => {
    const document = await findJobDocument(db, request.principal!.tenantId, request.params.id);
    if (!document) throw ImporterErrors.IMPORTER_JOB_NOT_FOUND([JSON.stringify(request.params.id)]);
    return reply.header('content-type', 'application/json').send(Buffer.from(JSON.stringify(document)));
  });
};
