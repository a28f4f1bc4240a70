/**
 * A job interrupted by a crash is resumed or rerun and never applied twice
 * (docs/importer.md, "How it works"), with progress
 * visible while the job's transaction is still open.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Task } from 'graphile-worker';
import { sql } from 'kysely';
import pg from 'pg';
import { createLogger } from '../../platform/logging/logger.ts';
import { startWorker } from '../../platform/jobs/worker.ts';
import { onCleanup } from '../../test-support/cleanup.ts';
import { REPO_ROOT, spawnProcess, waitFor } from '../../test-support/processes.ts';
import { IMPORT_TASK, importTask } from './import-task.ts';
import { importerFixture } from '../../test-support/importer-fixture.ts';
import { TEST_LIVENESS } from '../../test-support/fixtures/test-liveness.ts';

const JOB_WORKER = path.join(REPO_ROOT, 'src/test-support/fixtures/job-worker.ts');
const { db, data, database, acme, request, importer, csv } = await importerFixture({ worker: false });

const count = async (pattern: string) => Number((await sql<{ n: string }>`select count(*) as n from accounts where id like ${pattern}`.execute(db)).rows[0]!.n);

test('progress shows while a job runs; a worker killed mid-job leaves nothing applied, and the rerun applies the file once', async () => {
  const body = `id,name\n${Array.from({ length: 30_000 }, (_, i) => `crash-${i},Name ${i}`).join('\n')}\n`;
  const accepted = await request('PUT', '/import/crm/account', body, csv);
  assert.equal(accepted.status, 202);
  const job = accepted.json.job as string;

  // An open transaction holding a record of the second batch: the job stops there, mid-transaction.
  const blocker = new pg.Client({ connectionString: database.url });
  await blocker.connect();
  onCleanup(() => blocker.end());
  await blocker.query('begin');
  await blocker.query(`insert into accounts (tenant_id, id, updated) values ($1, 'crash-15000', now())`, [acme.tenantId]);

  const workerA = spawnProcess([JOB_WORKER, database.url], {});
  const midway = await waitFor(async () => {
    const reply = await request('GET', `/import/job/${job}`);
    return reply.json.processed === 10_000 ? reply.json : undefined;
  }, 30_000, () => `the job never reported progress:\n${workerA.output()}`);
  assert.equal(midway.status, 'processing');
  assert.ok(midway.started_at);
  assert.equal(await count('crash-%'), 0, 'nothing of a running job is visible before it commits');

  workerA.child.kill('SIGKILL');
  await workerA.exited;
  await blocker.query('rollback');

  const workerB = await startWorker(database, createLogger('silent'), { [IMPORT_TASK]: importTask(db) as Task }, { concurrency: 1, pollIntervalMs: 100, liveness: TEST_LIVENESS });
  const done = await importer.waitForJob(job).finally(() => workerB.stop());
  assert.equal(done.status, 'completed');
  assert.equal(done.processed, 30_000);
  assert.equal(await count('crash-%'), 30_000);
  const marks = await db.selectFrom('importer_records').select((eb) => eb.fn.countAll<string>().as('n')).where('id', 'like', 'crash-%').executeTakeFirstOrThrow();
  assert.equal(marks.n, '30000');

  // A rerun of a finished job (graphile-worker retrying after the commit) changes nothing.
  const before = await data.selectFrom('accounts').select(['updated']).where('id', '=', 'crash-1').executeTakeFirstOrThrow();
  await importTask(db)({ tenant: acme.tenantId, type: 'account', job }, {} as never);
  const after = await data.selectFrom('accounts').select(['updated']).where('id', '=', 'crash-1').executeTakeFirstOrThrow();
  assert.deepEqual(after, before);
});

test('a worker that stops mid-job abandons it between batches; it runs again and completes', async () => {
  const body = `id,name\n${Array.from({ length: 30_000 }, (_, i) => `stop-${i},Name ${i}`).join('\n')}\n`;
  const accepted = await request('PUT', '/import/crm/account', body, csv);
  const job = accepted.json.job as string;
  const blocker = new pg.Client({ connectionString: database.url });
  await blocker.connect();
  onCleanup(() => blocker.end());
  await blocker.query('begin');
  await blocker.query(`insert into accounts (tenant_id, id, updated) values ($1, 'stop-15000', now())`, [acme.tenantId]);

  // The task as it runs, and the moment graphile-worker aborts it (5 s into a stop).
  let abortSeen!: () => void;
  const aborted = new Promise<void>((resolve) => (abortSeen = resolve));
  const watched: Task = (payload, helpers) => {
    helpers.abortSignal?.addEventListener('abort', () => abortSeen(), { once: true });
    return (importTask(db) as Task)(payload, helpers);
  };
  const worker = await startWorker(database, createLogger('silent'), { [IMPORT_TASK]: watched }, { concurrency: 1, pollIntervalMs: 100 });
  await waitFor(async () => ((await request('GET', `/import/job/${job}`)).json.processed === 10_000 ? true : undefined), 30_000, () => 'no progress');
  const stopped = worker.stop();
  // The job notices the abort when its blocked batch ends.
  await aborted;
  await blocker.query('rollback');
  await stopped;
  assert.equal((await request('GET', `/import/job/${job}`)).json.status, 'processing');
  assert.equal(await count('stop-%'), 0);

  const next = await startWorker(database, createLogger('silent'), { [IMPORT_TASK]: importTask(db) as Task }, { concurrency: 1, pollIntervalMs: 100 });
  onCleanup(() => next.stop());
  const done = await importer.waitForJob(job);
  assert.deepEqual([done.status, done.processed], ['completed', 30_000]);
  assert.equal(await count('stop-%'), 30_000);
});
