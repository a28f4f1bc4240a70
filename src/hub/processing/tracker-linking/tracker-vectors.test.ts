/**
 * Tracker linking with an embedding provider configured
 * (EMBEDDINGS=openai-compatible against a local fake of the third-party
 * server, whose vectors say which theme a text is about): an insight and an
 * issue that share no word but a meaning are linked by their vectors; the
 * relink job embeds only issues whose text changed; with the server down,
 * linking falls back to the words and loses nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Task } from 'graphile-worker';
import { sql } from 'kysely';
import { loadConfig } from '../../../platform/config/config.ts';
import { startWorker } from '../../../platform/jobs/worker.ts';
import { createLogger } from '../../../platform/logging/logger.ts';
import { taskList } from '../../../services.ts';
import { onCleanup } from '../../../test-support/cleanup.ts';
import { eventually } from '../../../test-support/eventually.ts';
import { importerFixture } from '../../../test-support/importer-fixture.ts';
import { startReceiver, type Received } from '../../../test-support/webhook-receiver.ts';
import { embeddingProviderFromConfig } from '../embeddings/embedding-provider-from-config.ts';
import { embedIssues } from './issue-vectors.ts';
import { RELINK_TASK } from './tracker-changes.ts';

const THEMES = [/okta|saml|identity/i, /invoice|refund/i, /export|csv/i];
let down = false;
const embedded: string[][] = [];
const server = await startReceiver((request: Received) => {
  if (down) return { status: 404, body: 'no such model' };
  const { input } = JSON.parse(request.body.toString()) as { input: string[] };
  embedded.push(input);
  const data = input.map((text, index) => ({ object: 'embedding', index, embedding: [...THEMES.map((theme) => (theme.test(text) ? 1 : 0)), 0.2] }));
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ object: 'list', model: 'fake-embed', data }) };
});

const env = { EMBEDDINGS: 'openai-compatible', EMBEDDINGS_BASE_URL: `${new URL(server.url).origin}/v1`, EMBEDDINGS_MODEL: 'fake-embed', LOG_LEVEL: 'silent' };
const { db, database, acme, request } = await importerFixture({ worker: false, env });
const worker = await startWorker(database, createLogger('silent'), taskList(db, loadConfig(env)) as Record<string, Task>, { concurrency: 2, pollIntervalMs: 100 });
onCleanup(() => worker.stop());

const relinksPending = async () => (await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = ${RELINK_TASK}`.execute(db)).rows[0]!.n;

async function importTrackers(body: unknown) {
  const reply = await request('POST', '/import/trackers', JSON.stringify(body), { 'content-type': 'application/json' });
  assert.equal(reply.status, 200, reply.text);
  await eventually(async () => (await relinksPending()) === 0, 'the relink job ran', 30_000);
}

async function upload(id: string, text: string) {
  const conversation = { id, type: 'chat', started_at: '2026-04-01T09:00:00Z', participants: [{ name: 'Kim', role: 'customer' }, { name: 'Lee', role: 'internal' }], utterances: [{ speaker: 'Lee', text: 'Hello, how can I help?' }, { speaker: 'Kim', text }] };
  const reply = await request('POST', '/import/conversations', JSON.stringify([conversation]), { 'content-type': 'application/json' });
  assert.equal(reply.status, 202, reply.text);
  await eventually(async () => (await request('GET', `/import/job/${reply.json.job}`)).json.status === 'completed', 'the upload processed', 30_000);
}

/** The issue keys each insight of the tenant links to, by insight text. */
async function links() {
  const { rows } = await sql<{ text: string; keys: string[] }>`
    select s.text, array(select i.key from tracker_issue_insights l join tracker_issues i on i.tenant_id = l.tenant_id and i.id = l.issue_id
                         where l.tenant_id = s.tenant_id and l.insight_id = s.id order by i.key) as keys
    from insights s where s.tenant_id = ${acme.tenantId} order by s.text`.execute(db);
  return Object.fromEntries(rows.map((row) => [row.text, row.keys]));
}

const PROJECT = { id: 'P1', key: 'ENG', name: 'Engineering' };
const FEDERATION = { id: 'I1', project_id: 'P1', key: 'ENG-1', title: 'Identity federation through SAML', description: 'Let enterprise admins connect their identity provider.', issue_type: 'Story' };
const REFUNDS = { id: 'I2', project_id: 'P1', key: 'ENG-2', title: 'Self-service refunds', description: 'Give admins a refund button on each invoice.', issue_type: 'Story' };
const OKTA = 'We really need Okta for everyone before we can roll this out.';

test('an insight that shares no word with an issue, only its meaning, is linked by their vectors, and the issue keeps its vector', async () => {
  await importTrackers({ projects: [PROJECT], issues: [FEDERATION, REFUNDS] });
  const { rows } = await sql<{ key: string; model: string; bytes: number }>`
    select i.key, e.model, octet_length(e.vector) as bytes from tracker_issues i join tracker_issue_embeddings e on e.tenant_id = i.tenant_id and e.issue_id = i.id
    where i.tenant_id = ${acme.tenantId} order by i.key`.execute(db);
  assert.deepEqual(rows, [{ key: 'ENG-1', model: 'fake-embed', bytes: 16 }, { key: 'ENG-2', model: 'fake-embed', bytes: 16 }]);
  await upload('okta-chat', OKTA);
  assert.deepEqual(await links(), { [OKTA]: ['ENG-1'] }, 'linked to the federation issue, not to refunds');
  const { rows: counted } = await sql<{ key: string; insight_count: number }>`select key, insight_count from tracker_issues where tenant_id = ${acme.tenantId} order by key`.execute(db);
  assert.deepEqual(counted.map((r) => [r.key, r.insight_count]), [['ENG-1', 1], ['ENG-2', 0]]);
});

test('a relink embeds only the issues whose text changed, and their links follow the new text', async () => {
  embedded.length = 0;
  await importTrackers({ issues: [FEDERATION, REFUNDS] });
  assert.deepEqual(embedded, [], 'the same issues again: no text was embedded');
  const renamed = { ...FEDERATION, title: 'Bulk edit of prices', description: 'Change many prices at once.' };
  await importTrackers({ issues: [renamed] });
  assert.deepEqual(embedded, [['Bulk edit of prices\n\nChange many prices at once.']], 'only the changed issue, by its new text');
  assert.deepEqual(await links(), { [OKTA]: [] }, 'the insight no longer matches what the issue became');
  await importTrackers({ issues: [FEDERATION] });
  assert.deepEqual(await links(), { [OKTA]: ['ENG-1'] });
});

test('with the embedding server down, issues and insights are linked by their words and nothing is lost', async () => {
  down = true;
  try {
    await importTrackers({ issues: [{ id: 'I3', project_id: 'P1', key: 'ENG-3', title: 'CSV export truncates at 10,000 rows' }] });
    const csv = 'When I export the table to CSV I only get the first 10,000 rows.';
    await upload('csv-chat', csv);
    const { rows } = await sql<{ status: string }>`select status from conversations where tenant_id = ${acme.tenantId} order by id`.execute(db);
    assert.deepEqual(rows.map((r) => r.status), ['processed', 'processed'], 'both conversations processed');
    assert.deepEqual((await links())[csv], ['ENG-3'], 'linked by its words');
    assert.deepEqual((await links())[OKTA], ['ENG-1'], 'earlier vector links stay');
  } finally {
    down = false;
  }
});

test('an issue whose text was emptied (as a connector may write it) loses its vector, and the version moves so every index drops it', async () => {
  const version = async () => (await sql<{ version: string }>`select version::text from tracker_link_versions where tenant_id = ${acme.tenantId}::uuid`.execute(db)).rows[0]!.version;
  const vectorOf = async (key: string) => (await sql<{ n: number }>`
    select count(*)::int as n from tracker_issue_embeddings e join tracker_issues i on i.tenant_id = e.tenant_id and i.id = e.issue_id
    where i.tenant_id = ${acme.tenantId}::uuid and i.key = ${key}`.execute(db)).rows[0]!.n;
  assert.equal(await vectorOf('ENG-2'), 1);
  const before = await version();
  await sql`update tracker_issues set title = '', description = null where tenant_id = ${acme.tenantId}::uuid and key = 'ENG-2'`.execute(db);
  const provider = embeddingProviderFromConfig(loadConfig(env), createLogger('silent'))!;
  embedded.length = 0;
  await embedIssues(db, acme.tenantId, provider);
  assert.ok(embedded.flat().every((text) => text.trim() !== ''), 'the emptied issue is not sent to the provider');
  assert.equal(await vectorOf('ENG-2'), 0);
  assert.notEqual(await version(), before);
  assert.equal(await embedIssues(db, acme.tenantId, provider), 0);
  const after = await version();
  assert.equal(await embedIssues(db, acme.tenantId, provider), 0);
  assert.equal(await version(), after, 'a run that changes nothing leaves the version alone');
});
