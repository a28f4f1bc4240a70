/**
 * `/api/topic-models` (docs/processing.md, "Topics"), in the hub's JSON
 * error body: topic models created, changed, deleted and rebuilt; they and
 * their topics are read through OData (`/odata/TopicModels`, `/odata/Topics`).
 * A token with the `import` scope (the scope that changes what the
 * workspace holds) is checked before the body is read.
 *
 * - `POST /api/topic-models` `{name, description?, filter?}` → 201 and the
 *   model, `pending` until its first build;
 * - `PATCH /api/topic-models/{id}` with any of those fields; a new filter
 *   rebuilds the model;
 * - `DELETE /api/topic-models/{id}` → 204, with its topics (not the default model);
 * - `POST /api/topic-models/{id}/rebuild` → 202, the model `pending`, with
 *   `Location` of the model in OData to poll; requests of a burst make one
 *   build (rebuild-queue.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServiceContext } from '../../../platform/http/service.ts';
import type { Authenticator } from '../../identity/authenticate.ts';
import { MAX_FILTER_LENGTH } from './model-filter.ts';
import { requestRebuild } from './rebuild-queue.ts';
import { TopicErrors } from './topic-errors.ts';
import { createModel, DEFAULT_MODEL, deleteModel, ensureDefaultModel, getModel, updateModel, type TopicModelInput, type TopicModelRow } from './topic-models.ts';

const BASE = '/api/topic-models';
const BODY_LIMIT = 16 * 1024;
const FIELDS = { name: 200, description: 2_000, filter: MAX_FILTER_LENGTH } as const;

const invalid = (message: string) => TopicErrors.TOPICS_INVALID_BODY([message]);

/** The body of a create (`name` required) or an update (at least one field). */
export function readModelInput(body: unknown, partial: boolean): Partial<TopicModelInput> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The body must be a JSON object such as {"name": "Churn risks", "filter": "type eq \'churn_risk\'"}');
  const record = body as Record<string, unknown>;
  const names = Object.keys(FIELDS);
  for (const key of Object.keys(record)) {
    if (!names.includes(key)) throw invalid(`Unknown field ${JSON.stringify(key.slice(0, 100))}; the fields are ${names.join(', ')}`);
  }
  const input: Record<string, string | null | undefined> = {};
  for (const [field, limit] of Object.entries(FIELDS)) {
    const value = record[field];
    if (value === undefined) continue;
    if (value === null && field !== 'name') input[field] = null;
    else if (typeof value !== 'string' || value.trim() === '') throw invalid(`${field} must be a non-empty string${field === 'name' ? '' : ' or null'}`);
    else if (value.length > limit) throw invalid(`${field} is longer than ${limit} characters`);
    else input[field] = field === 'filter' ? value : value.trim();
  }
  if (!partial && input.name === undefined) throw invalid('name is required');
  if (partial && Object.keys(input).length === 0) throw invalid(`Give at least one of ${names.join(', ')}`);
  return partial ? input : { name: input.name!, description: input.description ?? null, filter: input.filter ?? null };
}

const document = (model: TopicModelRow) => ({
  id: model.id,
  name: model.name,
  description: model.description,
  filter: model.filter,
  status: model.status,
  built_at: model.built_at?.toISOString() ?? null,
  error: model.error,
  created_at: model.created_at.toISOString(),
  updated_at: model.updated_at?.toISOString() ?? null,
});

const odataLocation = (id: string) => `/odata/TopicModels('${encodeURIComponent(id.replace(/'/g, "''"))}')`;

export const topicModelsApi: FastifyPluginAsync<ServiceContext & { authenticator: Authenticator }> = async (app, { db, authenticator }) => {
  app.removeContentTypeParser('text/plain');
  const requireImport = authenticator.requireToken({ scope: 'import' });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    await requireImport.call(app, request, reply);
  });
  const tenantOf = (request: { principal?: { tenantId: string } }) => request.principal!.tenantId;
  type Id = { Params: { id: string } };

  app.post(BASE, { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const input = readModelInput(request.body, false) as TopicModelInput;
    const model = await db.transaction().execute((trx) => createModel(trx, tenantOf(request), input));
    return reply.code(201).header('location', odataLocation(model.id)).send(document(model));
  });

  app.patch<Id>(`${BASE}/:id`, { bodyLimit: BODY_LIMIT }, async (request) => {
    const change = readModelInput(request.body, true);
    return document(await db.transaction().execute((trx) => updateModel(trx, tenantOf(request), request.params.id, change)));
  });

  app.delete<Id>(`${BASE}/:id`, async (request, reply) => {
    await db.transaction().execute((trx) => deleteModel(trx, tenantOf(request), request.params.id));
    return reply.code(204).send();
  });

  app.post<Id>(`${BASE}/:id/rebuild`, { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const model = await db.transaction().execute(async (trx) => {
      if (request.params.id === DEFAULT_MODEL.id) await ensureDefaultModel(trx, tenantId);
      await getModel(trx, tenantId, request.params.id);
      await requestRebuild(trx, tenantId, request.params.id, 'requested');
      return getModel(trx, tenantId, request.params.id);
    });
    return reply.code(202).header('location', odataLocation(model.id)).send(document(model));
  });
};
