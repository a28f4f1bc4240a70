/**
 * Recovers jobs whose worker died.
 *
 * graphile-worker keeps a job locked by a worker that vanished (kill -9,
 * power loss) for four hours before another worker may take it. Every worker
 * here writes a heartbeat to `worker_heartbeats`; every process that runs
 * workers, on a timer,
 * force-unlocks (graphile-worker's public `force_unlock_workers`) the jobs of
 * workers whose heartbeat is older than `staleAfterMs`, so the job reruns
 * within seconds on whichever process is alive. Safe with any number of
 * processes: unlocking twice is harmless.
 */
import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Logger } from '../logging/logger.ts';

export interface LivenessOptions {
  readonly heartbeatMs: number;
  readonly staleAfterMs: number;
}

export const DEFAULT_LIVENESS: LivenessOptions = { heartbeatMs: 5_000, staleAfterMs: 30_000 };

export class WorkerLiveness {
  readonly #db: Kysely<any>;
  readonly #logger: Logger;
  readonly #options: LivenessOptions;
  readonly #workerIds = new Set<string>();
  readonly #process = `${hostname()}:${process.pid}`;
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> = Promise.resolve();

  constructor(db: Kysely<any>, logger: Logger, options: LivenessOptions) {
    this.#db = db;
    this.#logger = logger;
    this.#options = options;
  }

  start(): void {
    this.#timer = setInterval(() => this.#schedule(), this.#options.heartbeatMs);
    this.#timer.unref();
    this.#schedule();
  }

  add(workerId: string): void {
    this.#workerIds.add(workerId);
    this.#schedule();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#tick;
    if (this.#workerIds.size === 0) return;
    await sql`delete from worker_heartbeats where worker_id = any(${[...this.#workerIds]}::text[])`
      .execute(this.#db)
      .catch((error: unknown) => this.#logger.warn({ err: error }, 'could not remove worker heartbeats'));
  }

  #schedule(): void {
    this.#tick = this.#tick.then(() => this.beat()).catch((error: unknown) => {
      this.#logger.warn({ err: error }, 'worker heartbeat failed; retrying on the next beat');
    });
  }

  /** One heartbeat and one sweep of dead workers' locks. */
  async beat(): Promise<void> {
    const stale = `${this.#options.staleAfterMs} milliseconds`;
    if (this.#workerIds.size > 0) {
      await sql`
        insert into worker_heartbeats (worker_id, process, seen_at)
        select id, ${this.#process}, now() from unnest(${[...this.#workerIds]}::text[]) as id
        on conflict (worker_id) do update set seen_at = excluded.seen_at`.execute(this.#db);
    }
    const { rows } = await sql<{ locked_by: string }>`
      select distinct j.locked_by from graphile_worker.jobs j
      where j.locked_by is not null
        and j.locked_at < now() - ${stale}::interval
        and not exists (
          select 1 from worker_heartbeats h
          where h.worker_id = j.locked_by and h.seen_at > now() - ${stale}::interval
        )`.execute(this.#db);
    if (rows.length > 0) {
      const dead = rows.map((row) => row.locked_by);
      await sql`select graphile_worker.force_unlock_workers(${dead}::text[])`.execute(this.#db);
      this.#logger.warn({ workers: dead }, 'unlocked the jobs of workers that stopped without releasing them');
    }
    await sql`delete from worker_heartbeats where seen_at < now() - ${stale}::interval * 10`.execute(this.#db);
  }
}
