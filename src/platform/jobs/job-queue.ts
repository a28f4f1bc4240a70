/**
 * Enqueueing background jobs on the PostgreSQL queue (graphile-worker).
 *
 * Glossary (graphile-worker's): a *task* is a named handler; a *job* is one
 * run of a task with a JSON payload; a *queue* runs its jobs one at a time, in
 * order; a *worker* takes jobs and runs their tasks.
 *
 * `enqueue` goes through the caller's Kysely connection, so inside a
 * transaction the job exists only if that transaction commits: the change
 * and the job that follows from it are one atomic write.
 *
 * Payload types come from declaration merging: a context that owns a task
 * adds it to `GraphileWorker.Tasks`, e.g.
 *
 *   declare global { namespace GraphileWorker { interface Tasks { 'importer:run': { job: string } } } }
 *
 * and `enqueue(trx, 'importer:run', { job })` is then type-checked.
 */
import { sql, type Kysely } from 'kysely';

export type TaskName = keyof GraphileWorker.Tasks & string;

export interface EnqueueOptions {
  /** Jobs of one queue run one at a time, in the order they were enqueued. */
  readonly queue?: string;
  readonly runAt?: Date;
  /** Attempts before the job is left failed (graphile-worker's default: 25). */
  readonly maxAttempts?: number;
  /** Replaces a pending job with the same key instead of adding a second one. */
  readonly jobKey?: string;
  /** 'preserve_run_at' keeps an existing pending job's run_at instead of replacing it (default 'replace'). */
  readonly jobKeyMode?: 'replace' | 'preserve_run_at';
  readonly priority?: number;
}

/** Adds a job through `db`, which may be a transaction; returns the job id. */
export async function enqueue<K extends TaskName>(
  db: Kysely<any>,
  task: K,
  payload: GraphileWorker.Tasks[K],
  options: EnqueueOptions = {},
): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    select id::text from graphile_worker.add_job(
      identifier => ${task}::text,
      payload => ${JSON.stringify(payload)}::json,
      queue_name => ${options.queue ?? null}::text,
      run_at => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? null}::int,
      job_key => ${options.jobKey ?? null}::text,
      priority => ${options.priority ?? null}::int,
      job_key_mode => ${options.jobKeyMode ?? 'replace'}::text
    )`.execute(db);
  return rows[0]!.id;
}
