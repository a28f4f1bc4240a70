/**
 * The CRM importer's endpoints (docs/importer.md):
 *
 * - `PUT /import/crm/{type}`: create or update records from a CSV body;
 * - `DELETE /import/crm/{type}`: delete the records a CSV's id column lists;
 * - `GET /import/crm/{type}/{id}`: one record back, as CSV;
 * - `GET /import/job/{id}`: an upload's job.
 *
 * Every route needs a token with the `import` scope ("Import data"); the
 * tenant is the token's, so another tenant's jobs and records are 404.
 * Bodies are not parsed by Fastify (nor bound by BODY_LIMIT_BYTES): the
 * CSV streams from the socket into storage (submit-import.ts).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../platform/http/service.ts';
import type { Authenticator } from '../identity/authenticate.ts';
import { findJobDocument } from './import-jobs.ts';
import { ImporterErrors } from './importer-errors.ts';
import { readRecordCsv } from './read-record.ts';
import { findRecordType, type RecordTypeDefinition } from './record-types.ts';
import { submitImport } from './submit-import.ts';

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

export const importerPlugin: FastifyPluginAsync<ServiceContext & { authenticator: Authenticator }> = async (app, { db, config, authenticator }) => {
  const auth = { preHandler: authenticator.requireToken({ scope: 'import' }) };
  // Leave every body unread: the upload routes stream it themselves.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  async function accept(request: FastifyRequest<{ Params: TypeParams }>, reply: FastifyReply, action: 'upsert' | 'delete') {
    const definition = definitionOf(request);
    requireCsv(request);
    const principal = request.principal!;
    const job = await submitImport(db, { tenantId: principal.tenantId, userId: principal.userId, definition, action, body: request.raw });
    return reply
      .code(202)
      .header('location', `${config.publicUrl}/import/job/${job}`)
      .header('content-type', 'application/json')
      .send(Buffer.from(JSON.stringify({ job })));
  }

  app.put<{ Params: TypeParams }>('/import/crm/:type', auth, (request, reply) => accept(request, reply, 'upsert'));
  app.delete<{ Params: TypeParams }>('/import/crm/:type', auth, (request, reply) => accept(request, reply, 'delete'));

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
