/**
 * The pipeline's failure paths (docs/processing.md "Pipeline", "Watchdog"),
 * with real workers on a real database: an analysis that fails fails its
 * conversation alone and keeps the error; a run repeated stores one result;
 * a run overtaken by a newer post stores nothing; a conversation left
 * `processing` by a crashed worker is requeued by the watchdog, and failed
 * after too many such runs. The analyzers here wrap the built-in one and
 * stand for an outside analyzer (a model server) that fails or is slow.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Task } from 'graphile-worker';
import { sql } from 'kysely';
import { conversationJobObserver } from '../../importer/conversation-jobs.ts';
import { localAnalyzer } from '../analysis/local-analyzer.ts';
import type { Analyzer, AnalyzerInput } from '../analyzer.ts';
import { ingestConversation } from '../ingestion/ingest-conversations.ts';
import type { ConversationInput } from '../ingestion/conversation-input.ts';
import { importerFixture } from '../../../test-support/importer-fixture.ts';
import { eventually } from '../../../test-support/eventually.ts';
import { loadConfig } from '../../../platform/config/config.ts';
import { enqueue } from '../../../platform/jobs/job-queue.ts';
import { startWorker } from '../../../platform/jobs/worker.ts';
import { createLogger } from '../../../platform/logging/logger.ts';
import { onCleanup } from '../../../test-support/cleanup.ts';
import { processingTasks } from './processing-tasks.ts';
import { MAX_ATTEMPTS } from './watchdog.ts';

const { db, database, acme, request } = await importerFixture({ worker: false });

/** Fails any conversation that mentions "explode"; waits at the gate while one is set. */
let gate: Promise<void> | undefined;
const flaky: Analyzer = {
  name: 'flaky',
  async analyze(input: AnalyzerInput, options) {
    if (input.fragments.some((f) => f.text.includes('explode'))) throw new Error('the model server answered 502 Bad Gateway');
    if (gate) await gate;
    return localAnalyzer.analyze(input, options);
  },
};

const config = loadConfig({ LOG_LEVEL: 'silent', PROCESSING_TIMEOUT_SECONDS: '60' });
const tasks = processingTasks(db, config, { analyzer: flaky, analyzerOptions: { competitors: [] }, observers: [conversationJobObserver] });
const startPipeline = () => startWorker(database, createLogger('silent'), tasks as Record<string, Task>, { concurrency: 2, pollIntervalMs: 100 });
let worker = await startPipeline();
onCleanup(() => worker.stop());

const conversation = (id: string, texts: readonly string[]): ConversationInput => ({
  id,
  type: 'call',
  started_at: '2026-01-05T10:00:00Z',
  participants: [
    { name: 'Ada', role: 'customer' },
    { name: 'Bob', role: 'internal' },
  ],
  utterances: texts.map((text, i) => ({ speaker: i % 2 ? 'Bob' : 'Ada', start_ms: i * 1000, end_ms: i * 1000 + 900, text })),
});

const TEXTS = ['The export keeps crashing every morning.', 'Sorry to hear that.', 'And it is too expensive for us.'];

const ingest = (input: ConversationInput) => db.transaction().execute((trx) => ingestConversation(trx, acme.tenantId, input));

async function state(id: string) {
  const { rows } = await sql<{ status: string; processing_error: string | null; processed_at: Date | null; analyzer: string | null }>`
    select status, processing_error, processed_at, analyzer from conversations where tenant_id = ${acme.tenantId} and id = ${id}`.execute(db);
  return rows[0]!;
}

async function outputs(id: string) {
  const { rows } = await sql<{ kind: string; id: string; row_version: string; text: string }>`
    select 'fragment' as kind, id, row_version::text, text from fragments where tenant_id = ${acme.tenantId} and conversation_id = ${id}
    union all select 'insight', id, row_version::text, text from insights where tenant_id = ${acme.tenantId} and conversation_id = ${id}
    order by kind, id`.execute(db);
  return rows;
}

const processedOrFailed = (id: string) => eventually(async () => ['processed', 'failed'].includes((await state(id)).status), `conversation ${id} finished`, 20_000);

test('a conversation whose analysis fails ends failed with its error; the others of its upload are processed; posting it again fixed processes it', async () => {
  const reply = await request('POST', '/import/conversations', JSON.stringify([conversation('ok-1', TEXTS), conversation('bad-1', ['This will explode.', 'What?'])]), { 'content-type': 'application/json' });
  assert.equal(reply.status, 202, reply.text);
  const job = reply.json.job as string;
  await eventually(async () => (await request('GET', `/import/job/${job}`)).json.status === 'failed', 'the job ended failed', 20_000);
  const { json } = await request('GET', `/import/job/${job}`);
  assert.equal(json.processed, 2);
  assert.match(json.error, /^conversation 1 \(id "bad-1"\): analysis failed: the model server answered 502 Bad Gateway$/);
  assert.deepEqual(json.conversations.map((i: any) => [i.service_id, i.status]), [['ok-1', 'processed'], ['bad-1', 'failed']]);
  const [ok, bad] = json.conversations.map((i: any) => i.id);
  assert.equal((await state(ok)).status, 'processed');
  assert.deepEqual(await state(bad), { status: 'failed', processing_error: 'analysis failed: the model server answered 502 Bad Gateway', processed_at: null, analyzer: null });
  assert.equal((await outputs(bad)).length, 0, 'a failed first run stores nothing');

  await ingest(conversation('bad-1', ['This works now.', 'Good.']));
  await eventually(async () => (await state(bad)).status === 'processed', 'processed after the fix', 20_000);
  assert.equal((await state(bad)).processing_error, null);
});

test('a run repeated (a retried or requeued job) stores the same rows once, and writes none that did not change', async () => {
  const { id } = await ingest(conversation('again-1', TEXTS));
  await processedOrFailed(id);
  const first = await outputs(id);
  const firstAt = (await state(id)).processed_at!;
  assert.ok(first.some((row) => row.kind === 'insight'));
  // The same source run again, as a retry of a job that crashed after its commit would.
  await sql`update conversation_sources set queued_at = now() where tenant_id = ${acme.tenantId} and conversation_id = ${id}`.execute(db);
  await enqueue(db, 'processing:run', { tenant: acme.tenantId, lane: 0 }, { queue: `processing:${acme.tenantId}:0` });
  await eventually(async () => (await state(id)).processed_at!.getTime() > firstAt.getTime(), 'processed a second time', 20_000);
  assert.deepEqual(await outputs(id), first, 'the same ids, texts and row versions');
});

test('a run overtaken by a newer post of its conversation stores nothing; the newer version is processed', async () => {
  let open!: () => void;
  gate = new Promise((resolve) => (open = resolve));
  try {
    const { id } = await ingest(conversation('race-1', ['Version one says the export crashes.', 'Noted.']));
    await eventually(async () => (await state(id)).status === 'processing', 'the first run holds it', 20_000);
    await ingest(conversation('race-1', ['Version two: everything works, thanks.', 'Great.']));
    assert.equal((await state(id)).status, 'pending');
    open();
    gate = undefined;
    await eventually(async () => (await state(id)).status === 'processed', 'the second version processed', 20_000);
    const texts = (await outputs(id)).filter((row) => row.kind === 'fragment').map((row) => row.text);
    assert.deepEqual(texts.sort(), ['Great.', 'Version two: everything works, thanks.']);
  } finally {
    open?.();
    gate = undefined;
  }
});

/** What a worker that died mid-run leaves: the conversation processing since long ago, and no job that will finish it. */
async function crashed(store: () => Promise<string>, attempts: number) {
  await worker.stop();
  const id = await store();
  await sql`delete from graphile_worker._private_jobs where task_id = (select id from graphile_worker._private_tasks where identifier = 'processing:run')`.execute(db);
  await sql`update conversation_sources set queued_at = null, started_at = now() - interval '1 hour', attempts = ${attempts}
    where tenant_id = ${acme.tenantId} and conversation_id = ${id}`.execute(db);
  await sql`update conversations set status = 'processing' where tenant_id = ${acme.tenantId} and id = ${id}`.execute(db);
  return id;
}

test('the watchdog requeues a conversation a crashed worker left processing, and a new worker processes it', async () => {
  const id = await crashed(async () => (await ingest(conversation('crash-1', TEXTS))).id, 1);
  worker = await startPipeline();
  // Nothing would ever pick it up again without the watchdog.
  assert.equal((await state(id)).status, 'processing');
  await enqueue(db, 'processing:watchdog', {});
  await eventually(async () => (await state(id)).status === 'processed', 'requeued and processed', 20_000);
  assert.ok((await outputs(id)).length > 0);
});

test(`the watchdog fails a conversation after ${MAX_ATTEMPTS} runs that never finished, with the reason, and its job fails with it`, async () => {
  let job = '';
  const id = await crashed(async () => {
    const reply = await request('POST', '/import/conversations', JSON.stringify(conversation('doomed-1', TEXTS)), { 'content-type': 'application/json' });
    job = reply.json.job as string;
    return (await request('GET', `/import/job/${job}`)).json.conversations[0].id as string;
  }, MAX_ATTEMPTS);
  await enqueue(db, 'processing:watchdog', {});
  worker = await startPipeline();
  await eventually(async () => (await state(id)).status === 'failed', 'failed by the watchdog', 20_000);
  assert.match((await state(id)).processing_error!, /^processing did not finish in 3 attempts of at most 60 s each/);
  const { json } = await request('GET', `/import/job/${job}`);
  assert.equal(json.status, 'failed');
  assert.match(json.error, /^conversation 0 \(id "doomed-1"\): processing did not finish in 3 attempts/);
  assert.equal(json.conversations[0].status, 'failed');
  const { rows } = await sql<{ conversation_id: string }>`select conversation_id from conversation_sources where started_at is not null or queued_at is not null`.execute(db);
  assert.deepEqual(rows, [], 'nothing left waiting or held');
});
