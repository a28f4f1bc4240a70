/**
 * Topics with an embedding provider configured (EMBEDDINGS=openai-compatible
 * against a local fake of the third-party server): while the server is
 * down, conversations are still processed and topics still built, lexically;
 * once it is back, a rebuild embeds the insights that lack vectors, stores
 * them, and clusters with them; new insights get their vectors with their
 * conversation and are assigned with them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Task } from 'graphile-worker';
import { sql } from 'kysely';
import { taskList } from '../../../services.ts';
import { loadConfig } from '../../../platform/config/config.ts';
import { startWorker } from '../../../platform/jobs/worker.ts';
import { createLogger } from '../../../platform/logging/logger.ts';
import { importerFixture } from '../../../test-support/importer-fixture.ts';
import { eventually } from '../../../test-support/eventually.ts';
import { onCleanup } from '../../../test-support/cleanup.ts';
import { startReceiver, type Received } from '../../../test-support/webhook-receiver.ts';
import { DEFAULT_MODEL } from './topic-models.ts';

const THEMES = [/sso|sign-on|okta|login/i, /invoice|bill|refund/i, /export|csv/i];
let down = true;
const server = await startReceiver((request: Received) => {
  if (down) return { status: 503, body: 'warming up' };
  const { input } = JSON.parse(request.body.toString()) as { input: string[] };
  const data = input.map((text, index) => ({ object: 'embedding', index, embedding: [...THEMES.map((theme) => (theme.test(text) ? 1 : 0)), 0.2, (text.length % 7) / 70, 0.1] }));
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ object: 'list', model: 'fake-embed', data }) };
});

const env = { EMBEDDINGS: 'openai-compatible', EMBEDDINGS_BASE_URL: `${new URL(server.url).origin}/v1`, EMBEDDINGS_MODEL: 'fake-embed', LOG_LEVEL: 'silent' };
const { db, database, acme, request } = await importerFixture({ worker: false, env });
const worker = await startWorker(database, createLogger('silent'), taskList(db, loadConfig(env)) as Record<string, Task>, { concurrency: 2, pollIntervalMs: 100 });
onCleanup(() => worker.stop());

const LINES = [
  'We need single sign-on with Okta for every login.',
  'Please add SSO, the separate login is a pain.',
  'Okta SSO is a must for our login policy.',
  'The invoice charged us twice, we want a refund.',
  'Our invoice total is wrong, the bill lacks the discount.',
  'The refund for the double invoice never arrived.',
  'The CSV export crashes on big reports.',
  'Every CSV export fails with an error.',
  'The export to CSV is broken since Monday.',
];

const conversation = (id: string, text: string) => ({
  id,
  type: 'chat',
  started_at: '2026-04-01T09:00:00Z',
  participants: [{ name: 'Kim', role: 'customer' }, { name: 'Lee', role: 'internal' }],
  utterances: [{ speaker: 'Lee', text: 'Hello, how can I help?' }, { speaker: 'Kim', text }],
});

async function upload(conversations: readonly object[]): Promise<void> {
  const reply = await request('POST', '/import/conversations', JSON.stringify(conversations), { 'content-type': 'application/json' });
  assert.equal(reply.status, 202, reply.text);
  await eventually(async () => (await request('GET', `/import/job/${reply.json.job}`)).json.status === 'completed', 'the upload processed', 60_000);
}

async function state() {
  const { rows } = await sql<{ status: string; built_at: Date | null; embedding_model: string | null }>`
    select m.status, m.built_at, s.embedding_model from topic_models m
      left join topic_model_states s on s.tenant_id = m.tenant_id and s.topic_model_id = m.id
    where m.tenant_id = ${acme.tenantId}::uuid and m.id = ${DEFAULT_MODEL.id}`.execute(db);
  return rows[0];
}

const builtAfter = (after: Date | null) =>
  eventually(async () => {
    const s = await state();
    return s?.status === 'ready' && s.built_at !== null && (after === null || s.built_at > after);
  }, 'the default topic model built', 120_000);

async function vectors() {
  const { rows } = await sql<{ text: string; model: string | null; bytes: number | null }>`
    select i.text, e.model, octet_length(e.vector) as bytes from insights i
      left join insight_embeddings e on e.tenant_id = i.tenant_id and e.insight_id = i.id
    where i.tenant_id = ${acme.tenantId}::uuid`.execute(db);
  return new Map(rows.map((r) => [r.text, r]));
}

test('with the embedding server down, conversations are processed and topics built lexically, without vectors', async () => {
  await upload(LINES.map((text, i) => conversation(`emb-${i}`, text)));
  await builtAfter(null);
  assert.equal((await state())!.embedding_model, null);
  const stored = await vectors();
  assert.equal(stored.size, LINES.length, 'every line is an insight');
  assert.ok([...stored.values()].every((v) => v.model === null));
});

test('once the server is back, a rebuild embeds the insights that lack vectors, stores them and clusters with them', async () => {
  down = false;
  const before = (await state())!.built_at;
  assert.equal((await request('POST', `/api/topic-models/${DEFAULT_MODEL.id}/rebuild`)).status, 202);
  await builtAfter(before);
  assert.equal((await state())!.embedding_model, 'fake-embed');
  const stored = await vectors();
  assert.ok([...stored.values()].every((v) => v.model === 'fake-embed' && v.bytes === 6 * 4), 'six float32 numbers each');
  const { rows } = await sql<{ topic_id: string; text: string }>`
    select l.topic_id, i.text from insights i join insight_topics l on l.tenant_id = i.tenant_id and l.insight_id = i.id
    where i.tenant_id = ${acme.tenantId}::uuid`.execute(db);
  const topicOf = new Map(rows.map((r) => [r.text, r.topic_id]));
  for (const start of [0, 3, 6]) {
    const group = LINES.slice(start, start + 3).map((line) => topicOf.get(line));
    assert.ok(group[0] !== undefined && group.every((t) => t === group[0]), `lines ${start}–${start + 2} share a topic`);
  }
});

test('a new insight gets its vector with its conversation and is assigned with it', async () => {
  await upload([conversation('emb-late', 'Can we get Okta SSO for the login soon?')]);
  const stored = (await vectors()).get('Can we get Okta SSO for the login soon?');
  assert.equal(stored?.model, 'fake-embed');
  const { rows } = await sql<{ text: string }>`
    select other.text from insights i
      join insight_topics l on l.tenant_id = i.tenant_id and l.insight_id = i.id
      join insight_topics ol on ol.tenant_id = l.tenant_id and ol.topic_id = l.topic_id
      join insights other on other.tenant_id = ol.tenant_id and other.id = ol.insight_id
    where i.tenant_id = ${acme.tenantId}::uuid and i.text = 'Can we get Okta SSO for the login soon?'`.execute(db);
  assert.ok(rows.some((r) => r.text === LINES[0]), 'it joined the SSO topic');
});
