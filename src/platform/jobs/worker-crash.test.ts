import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { REPO_ROOT, spawnProcess, waitFor } from '../../test-support/processes.ts';
import type { SlowJob } from '../../test-support/fixtures/slow-worker.ts';
import { TEST_LIVENESS } from '../../test-support/fixtures/test-liveness.ts';
import { enqueue } from './job-queue.ts';

const SLOW_WORKER = path.join(REPO_ROOT, 'src/test-support/fixtures/slow-worker.ts');

const database = await createTestDatabase();
const { db } = database;
await sql`create table crash_effects (key text not null, event text not null, attempt int, at timestamptz not null default clock_timestamp())`.execute(db);

async function attempts(key: string, event: 'started' | 'done'): Promise<number[]> {
  const { rows } = await sql<{ attempt: number }>`select attempt from crash_effects where key = ${key} and event = ${event} order by at`.execute(db);
  return rows.map((row) => row.attempt);
}

/** graphile-worker deletes a job just after its task returns. */
async function leavesQueue(jobId: string): Promise<void> {
  await waitFor(async () => ((await sql`select 1 from graphile_worker.jobs where id = ${jobId}`.execute(db)).rows.length === 0 ? true : undefined), 30_000, () => `job ${jobId} is still queued`);
}

test('a job whose worker process is killed mid-run completes on a restarted worker within seconds', async () => {
  const job: SlowJob = { key: 'killed-mid-run' };
  const jobId = await enqueue(db, 'test:slow', job);

  const workerA = spawnProcess([SLOW_WORKER, database.url], {});
  await waitFor(async () => ((await attempts(job.key, 'started')).length > 0 ? true : undefined), 15_000, () => `worker A did not start the job:\n${workerA.output()}`);
  workerA.child.kill('SIGKILL');
  await workerA.exited;
  const { rows: locked } = await sql<{ locked_by: string | null }>`select locked_by from graphile_worker.jobs where id = ${jobId}`.execute(db);
  assert.ok(locked[0]?.locked_by, 'graphile-worker alone keeps the dead worker’s lock (for four hours)');

  const workerB = spawnProcess([SLOW_WORKER, database.url], {});
  await sql`insert into crash_effects (key, event) values (${job.key}, 'release')`.execute(db);
  // Well under graphile-worker's four-hour lock expiry: only WorkerLiveness can free the job this soon.
  await waitFor(async () => ((await attempts(job.key, 'done')).length > 0 ? true : undefined), 60_000, () => `the job did not complete after the restart:\n${workerB.output()}`);

  assert.deepEqual(await attempts(job.key, 'started'), [1, 2]);
  assert.deepEqual(await attempts(job.key, 'done'), [2]);
  await leavesQueue(jobId);
  assert.match(workerB.output(), /unlocked the jobs of workers that stopped without releasing them/);

  workerB.child.kill('SIGTERM');
  const code = await waitFor(async () => workerB.child.exitCode ?? undefined, 10_000, () => `worker B did not stop on SIGTERM:\n${workerB.output()}`);
  assert.equal(code, 0);
  const { rows: heartbeats } = await sql`select 1 from worker_heartbeats where process = ${`${hostname()}:${workerB.child.pid}`}`.execute(db);
  assert.equal(heartbeats.length, 0, 'a gracefully stopped worker removes its heartbeats');
});

test('a job that runs longer than the liveness window on a live worker is neither unlocked nor run twice', async () => {
  const job: SlowJob = { key: 'long-but-alive' };
  const jobId = await enqueue(db, 'test:slow', job);
  const worker = spawnProcess([SLOW_WORKER, database.url], {});
  await waitFor(async () => ((await attempts(job.key, 'started')).length > 0 ? true : undefined), 15_000, () => `the worker did not start the job:\n${worker.output()}`);
  // Two liveness windows pass while the job runs, seen by the worker's own heartbeats (each beat also sweeps).
  const process = `${hostname()}:${worker.child.pid}`;
  await waitFor(async () => {
    const { rows } = await sql<{ passed: boolean }>`select max(h.seen_at) > (select min(at) from crash_effects where key = ${job.key}) + make_interval(secs => ${(2 * TEST_LIVENESS.staleAfterMs) / 1000}) as passed
      from worker_heartbeats h where h.process = ${process}`.execute(db);
    return rows[0]?.passed ? true : undefined;
  }, 60_000, () => `the worker did not beat for two windows:\n${worker.output()}`);
  assert.deepEqual(await attempts(job.key, 'started'), [1]);
  assert.doesNotMatch(worker.output(), /unlocked the jobs of workers/);
  await sql`insert into crash_effects (key, event) values (${job.key}, 'release')`.execute(db);
  await waitFor(async () => ((await attempts(job.key, 'done')).length > 0 ? true : undefined), 10_000, () => `the job did not complete:\n${worker.output()}`);
  assert.deepEqual(await attempts(job.key, 'done'), [1]);
  await leavesQueue(jobId);
  worker.child.kill('SIGTERM');
  await worker.exited;
});
