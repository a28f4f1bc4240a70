import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Task } from 'graphile-worker';
import { createLogger } from '../logging/logger.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { waitFor } from '../../test-support/processes.ts';
import { onCleanup } from '../../test-support/cleanup.ts';
import { enqueue } from './job-queue.ts';
import { startWorker } from './worker.ts';

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'test:record': { marker: string };
      'test:flaky': { marker: string; failures: number };
    }
  }
}

const database = await createTestDatabase();
const { db } = database;
await sql`create table job_effects (marker text not null, attempt int not null, at timestamptz not null default clock_timestamp())`.execute(db);

const record: Task<'test:record'> = async (payload, helpers) => {
  await helpers.query('insert into job_effects (marker, attempt) values ($1, $2)', [payload.marker, helpers.job.attempts]);
};
const flaky: Task<'test:flaky'> = async (payload, helpers) => {
  await helpers.query('insert into job_effects (marker, attempt) values ($1, $2)', [payload.marker, helpers.job.attempts]);
  if (helpers.job.attempts <= payload.failures) throw new Error(`planned failure ${helpers.job.attempts}`);
};

const worker = await startWorker(database, createLogger('silent'), { 'test:record': record as Task, 'test:flaky': flaky as Task }, { concurrency: 2, pollIntervalMs: 200 });
onCleanup(() => worker.stop());

async function effects(marker: string) {
  const { rows } = await sql<{ attempt: number; at: Date }>`select attempt, at from job_effects where marker = ${marker} order by at`.execute(db);
  return rows;
}

test('a job enqueued in a rolled-back transaction never exists; a committed one runs', async () => {
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await enqueue(trx, 'test:record', { marker: 'rolled-back' });
      throw new Error('the change failed');
    }),
    /the change failed/,
  );
  const jobId = await db.transaction().execute((trx) => enqueue(trx, 'test:record', { marker: 'committed' }));
  assert.match(jobId, /^\d+$/);
  await waitFor(async () => ((await effects('committed')).length === 1 ? true : undefined), 10_000, () => 'committed job did not run');
  assert.deepEqual(await effects('rolled-back'), []);
  const { rows } = await sql`select 1 from graphile_worker.jobs where task_identifier = 'test:record'`.execute(db);
  assert.equal(rows.length, 0, 'completed jobs are removed from the queue');
});

test('a failing job is retried with exponential backoff until it succeeds', async () => {
  await enqueue(db, 'test:flaky', { marker: 'flaky', failures: 1 });
  const runs = await waitFor(async () => {
    const rows = await effects('flaky');
    return rows.length === 2 ? rows : undefined;
  }, 20_000, () => 'the retry did not happen');
  assert.deepEqual(runs.map((r) => r.attempt), [1, 2]);
  // graphile-worker waits exp(1) ≈ 2.7 s before the second attempt.
  const delay = runs[1]!.at.getTime() - runs[0]!.at.getTime();
  assert.ok(delay >= 2_500, `retried after ${delay} ms`);
});

test('after a failure the next attempt is scheduled further out each time', async () => {
  const jobId = await enqueue(db, 'test:flaky', { marker: 'backoff', failures: 99 }, { maxAttempts: 3 });
  const job = await waitFor(async () => {
    const { rows } = await sql<{ attempts: number; run_at: Date; last_error: string | null }>`
      select attempts, run_at, last_error from graphile_worker.jobs where id = ${jobId}`.execute(db);
    return rows[0] && rows[0].attempts === 1 && rows[0].last_error ? rows[0] : undefined;
  }, 10_000, () => 'the first attempt did not fail');
  assert.match(job.last_error!, /planned failure 1/);
  const firstRun = (await effects('backoff'))[0]!.at;
  const wait = job.run_at.getTime() - firstRun.getTime();
  assert.ok(wait > 2_000 && wait < 4_000, `first retry scheduled ${wait} ms later (expected ≈ e^1 s)`);
});
