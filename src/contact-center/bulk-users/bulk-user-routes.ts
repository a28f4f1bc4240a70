/**
 * Bulk user management (seed 003; paths from the public Apps API
 * documentation): the template, the upload and its replacement, proceed,
 * the jobs and their error logs. `link` in an answer, like `Link` on the
 * list, is the job's path relative to the service's URL.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { readMultipartForm } from '../../platform/http/multipart-form.ts';
import type { ServiceContext } from '../../platform/http/service.ts';
import { ccDb } from '../db/cc-database.ts';
import { AGENT_ROLES } from '../directory/agents.ts';
import { centerOf } from '../http/authenticate.ts';
import { objectBody, optionalId, pathId } from '../http/inputs.ts';
import { readPage, sendPageHeaders, sendPageLinks } from '../http/page-query.ts';
import { BulkUserErrors } from './bulk-user-errors.ts';
import { findBulkJob, listBulkJobs, proceedBulkJob, replaceBulkFile, submitBulkFile, type BulkFile } from './bulk-user-jobs.ts';
import { MAX_BULK_FILE_BYTES, MAX_BULK_ROWS } from './bulk-user-rows.ts';

const BASE = '/bulk/users';
const API = '/apps/api/v1';
const jobLink = (id: string) => `${API}${BASE}/jobs/${id}`;
const FORM_LIMIT = MAX_BULK_FILE_BYTES + 64 * 1024;

async function readForm(request: FastifyRequest): Promise<{ file: BulkFile; id: string | undefined | false }> {
  if (!Buffer.isBuffer(request.body)) throw BulkUserErrors.CC_BULK_USERS_FILE([MAX_BULK_ROWS, 'no multipart/form-data body']);
  const form = await readMultipartForm(request.headers, request.body);
  const file = form.files.find((f) => f.field === 'file');
  if (!file || file.bytes.length === 0) throw BulkUserErrors.CC_BULK_USERS_FILE([MAX_BULK_ROWS, 'the field "file" is missing or empty']);
  if (file.bytes.length > MAX_BULK_FILE_BYTES) throw BulkUserErrors.CC_BULK_USERS_FILE([MAX_BULK_ROWS, `it is larger than ${MAX_BULK_FILE_BYTES} bytes`]);
  return { file, id: optionalId(form.fields.id) };
}

function requiredId(id: string | undefined | false): string {
  if (id === undefined || id === false) throw BulkUserErrors.CC_BULK_USERS_ID();
  return id;
}

export const bulkUserRoutes: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);

  app.get(`${BASE}/template`, async (request, reply) => {
    const { tenantId } = centerOf(request);
    const [teams, location] = await Promise.all([
      db.selectFrom('cc_teams').select('name').where('tenant_id', '=', tenantId).orderBy('name').execute(),
      db.selectFrom('cc_locations').select('name').where('tenant_id', '=', tenantId).orderBy('name').executeTakeFirst(),
    ]);
    reply.header('content-disposition', 'attachment; filename="bulk_users_template.json"');
    return [
      {
        email: 'jane.doe@example.com',
        new_email: '',
        agent_number: '1001',
        first_name: 'Jane',
        last_name: 'Doe',
        status: 'Active',
        location: location?.name ?? '',
        max_chat_limit: 3,
        max_chat_limit_enabled: '0',
        roles: AGENT_ROLES.map((name) => ({ name, value: name === 'Agent' ? 1 : 0 })),
        teams: teams.map(({ name }) => ({ name, value: 0 })),
      },
    ];
  });

  // The file is at most MAX_BULK_FILE_BYTES; the form's framing comes on top.
  app.register(async (uploads) => {
    uploads.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: FORM_LIMIT }, (_request, body, done) => done(null, body));

    uploads.post(`${BASE}/upload`, { bodyLimit: FORM_LIMIT }, async (request) => {
      const { tenantId } = centerOf(request);
      const { file } = await readForm(request);
      const id = await submitBulkFile(db, tenantId, file);
      return { id: Number(id), status: 'created', link: jobLink(id) };
    });

    uploads.put(`${BASE}/upload`, { bodyLimit: FORM_LIMIT }, async (request) => {
      const { tenantId } = centerOf(request);
      const { file, id } = await readForm(request);
      const jobId = requiredId(id);
      await replaceBulkFile(db, tenantId, jobId, file);
      return { id: Number(jobId), status: 'created', link: jobLink(jobId) };
    });

    // The seed shows `id` as a body key, as a form sends it; JSON does as well.
    uploads.post(`${BASE}/proceed`, { bodyLimit: 16 * 1024 }, async (request) => {
      const { tenantId } = centerOf(request);
      const raw = Buffer.isBuffer(request.body) ? (await readMultipartForm(request.headers, request.body)).fields.id : objectBody(request.body).id;
      const id = requiredId(optionalId(raw));
      await proceedBulkJob(db, tenantId, id);
      return { id: Number(id), status: 'valid_scheme', link: jobLink(id) };
    });
  });

  app.get<{ Querystring: Record<string, unknown> }>(`${BASE}/jobs`, async (request, reply) => {
    const page = readPage(request.query, { perPage: 25, maxPerPage: 100 });
    const { jobs, total } = await listBulkJobs(db, centerOf(request).tenantId, page);
    sendPageHeaders(reply, page, total);
    sendPageLinks(reply, `${API}${BASE}/jobs`, page, total);
    return jobs;
  });

  app.get<{ Params: { id: string } }>(`${BASE}/jobs/:id`, async (request) => findBulkJob(db, centerOf(request).tenantId, pathId(request.params.id)));

  app.get<{ Params: { id: string } }>(`${BASE}/errors/scheme/:id`, async (request) => (await findBulkJob(db, centerOf(request).tenantId, pathId(request.params.id))).scheme_errors);

  app.get<{ Params: { id: string } }>(`${BASE}/errors/update/:id`, async (request) => (await findBulkJob(db, centerOf(request).tenantId, pathId(request.params.id))).update_errors);
};
