/**
 * `/api/topic-models` refuses what it cannot do with the hub's JSON error
 * body and writes nothing: no or wrong token, bodies that are no model,
 * filters the OData engine refuses, another workspace's models, the
 * default model's deletion, more models than a workspace may have.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createToken } from '../../identity/personal-access-tokens.ts';
import { workspace } from '../../../test-support/hub.ts';
import { importerFixture } from '../../../test-support/importer-fixture.ts';
import { DEFAULT_MODEL, MAX_MODELS } from './topic-models.ts';

const { db, acme, request } = await importerFixture({ worker: false });
const globex = await workspace(db, 'Globex', 'gus@globex.test');
const globexToken = (await createToken(db, { tenantId: globex.tenantId, userId: globex.userId, name: 'import', scopes: ['import'] })).token;
const readOnly = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'read', scopes: ['api:read'] })).token;
const json = { 'content-type': 'application/json' };

const create = (body: unknown, bearer?: string) => request('POST', '/api/topic-models', typeof body === 'string' ? body : JSON.stringify(body), json, bearer);

async function models(tenantId: string) {
  const { rows } = await sql<{ id: string }>`select id from topic_models where tenant_id = ${tenantId}::uuid order by id`.execute(db);
  return rows.map((r) => r.id);
}

function assertError(reply: { status: number; json: any; text: string }, status: number, code: string): void {
  assert.equal(reply.status, status, reply.text);
  assert.equal(reply.json?.error?.code, code, reply.text);
  assert.equal(typeof reply.json.error.message, 'string');
}

test('without a token, or with one lacking the import scope, nothing is created', async () => {
  assertError(await create({ name: 'x' }, null as unknown as string), 401, 'IDENTITY_INVALID_TOKEN');
  assert.equal((await create({ name: 'x' }, readOnly)).status, 403);
  assert.deepEqual(await models(acme.tenantId), []);
});

test('bodies that are no model are refused with what is wrong, and write nothing', async () => {
  assertError(await create([]), 400, 'TOPICS_INVALID_BODY');
  assertError(await create({}), 400, 'TOPICS_INVALID_BODY');
  assertError(await create({ name: '' }), 400, 'TOPICS_INVALID_BODY');
  assertError(await create({ name: 'x', colour: 'red' }), 400, 'TOPICS_INVALID_BODY');
  assertError(await create({ name: 'x'.repeat(201) }), 400, 'TOPICS_INVALID_BODY');
  assertError(await create({ name: 'x', filter: `type eq '${'x'.repeat(5_000)}'` }), 400, 'TOPICS_INVALID_BODY');
  assertError(await create({ name: 3 }), 400, 'TOPICS_INVALID_BODY');
  assertError(await create('{"name": '), 400, 'PLATFORM_MALFORMED_BODY');
  assertError(await request('POST', '/api/topic-models', 'name=x', { 'content-type': 'text/plain' }), 415, 'PLATFORM_UNSUPPORTED_MEDIA_TYPE');
  assertError(await create({ name: 'x', description: 'd'.repeat(20_000) }), 413, 'PLATFORM_BODY_TOO_LARGE');
  assert.deepEqual(await models(acme.tenantId), []);
});

test('a filter the OData engine refuses is a 400 naming the problem', async () => {
  for (const filter of ["type eq 'bug' and", 'nosuchproperty eq 1', "text add 1 eq 'x'", "Conversation/nosuch eq 'x'"]) {
    const reply = await create({ name: 'x', filter });
    assertError(reply, 400, 'TOPICS_INVALID_FILTER');
  }
  assert.deepEqual(await models(acme.tenantId), []);
});

test('another workspace\u2019s model is not found, for every method', async () => {
  const mine = await create({ name: 'Churn', filter: "type eq 'churn_risk'" });
  assert.equal(mine.status, 201, mine.text);
  const id = mine.json.id as string;
  assertError(await request('PATCH', `/api/topic-models/${id}`, JSON.stringify({ name: 'Taken' }), json, globexToken), 404, 'TOPICS_MODEL_NOT_FOUND');
  assertError(await request('DELETE', `/api/topic-models/${id}`, undefined, {}, globexToken), 404, 'TOPICS_MODEL_NOT_FOUND');
  assertError(await request('POST', `/api/topic-models/${id}/rebuild`, undefined, {}, globexToken), 404, 'TOPICS_MODEL_NOT_FOUND');
  const { rows } = await sql<{ name: string }>`select name from topic_models where tenant_id = ${acme.tenantId}::uuid and id = ${id}`.execute(db);
  assert.equal(rows[0]!.name, 'Churn');
  assert.deepEqual(await models(globex.tenantId), []);
});

test('PATCH changes a model; a new filter is checked and asks for a rebuild', async () => {
  const { json: created } = await create({ name: 'Praise' });
  const renamed = await request('PATCH', `/api/topic-models/${created.id}`, JSON.stringify({ name: 'Kind words', description: null }), json);
  assert.equal(renamed.status, 200, renamed.text);
  assert.equal(renamed.json.name, 'Kind words');
  assertError(await request('PATCH', `/api/topic-models/${created.id}`, JSON.stringify({ filter: 'type eq' }), json), 400, 'TOPICS_INVALID_FILTER');
  assertError(await request('PATCH', `/api/topic-models/${created.id}`, JSON.stringify({}), json), 400, 'TOPICS_INVALID_BODY');
  const { rows } = await sql<{ filter: string | null }>`select filter from topic_models where tenant_id = ${acme.tenantId}::uuid and id = ${created.id}`.execute(db);
  assert.equal(rows[0]!.filter, null);
});

test('the default model cannot be deleted, and a workspace has at most MAX_MODELS models', async () => {
  assert.ok((await models(acme.tenantId)).includes(DEFAULT_MODEL.id), 'creating a model made the default one');
  assertError(await request('DELETE', `/api/topic-models/${DEFAULT_MODEL.id}`), 409, 'TOPICS_DEFAULT_MODEL');
  const have = (await models(acme.tenantId)).length;
  await sql`
    insert into topic_models (tenant_id, id, name, status, created_at)
    select ${acme.tenantId}::uuid, 'filler-' || n, 'Filler', 'ready', now() from generate_series(1, ${MAX_MODELS - have}) n`.execute(db);
  assertError(await create({ name: 'One too many' }), 409, 'TOPICS_TOO_MANY_MODELS');
  assert.equal((await models(acme.tenantId)).length, MAX_MODELS);
  await sql`delete from topic_models where tenant_id = ${acme.tenantId}::uuid and id like 'filler-%'`.execute(db);
});

test('a rebuild of a model that does not exist is a 404; of the default model, before any insight, it makes the model', async () => {
  assertError(await request('POST', '/api/topic-models/nope/rebuild'), 404, 'TOPICS_MODEL_NOT_FOUND');
  const reply = await request('POST', `/api/topic-models/${DEFAULT_MODEL.id}/rebuild`, undefined, {}, globexToken);
  assert.equal(reply.status, 202, reply.text);
  assert.deepEqual(await models(globex.tenantId), [DEFAULT_MODEL.id]);
});
