/**
 * Runs background jobs: inside `npm start` by default, alone with
 * `commontime worker` for scale-out. Any number of processes may run workers
 * against one database; graphile-worker hands each job to exactly one.
 *
 * Failed jobs are retried with graphile-worker's exponential backoff
 * (exp(min(attempt, 10)) seconds: ~2.7 s, 7.4 s, 20 s, …) up to the job's
 * max_attempts. Jobs of a crashed process are recovered by WorkerLiveness.
 */
import { EventEmitter } from 'node:events';
import { run, type ParsedCronItem, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import type { DatabaseHandle } from '../db/database.ts';
import type { Logger } from '../logging/logger.ts';
import { graphileLogger } from './graphile-logger.ts';
import { DEFAULT_LIVENESS, WorkerLiveness, type LivenessOptions } from './worker-liveness.ts';

export interface WorkerOptions {
  readonly concurrency: number;
  readonly pollIntervalMs?: number;
  readonly liveness?: LivenessOptions;
  /** Recurring jobs (graphile-worker cron). */
  readonly schedule?: readonly ParsedCronItem[];
  /** Subscribes to graphile-worker's events, e.g. `job:start` for how late jobs start (bench:contact-center). */
  readonly observe?: (events: WorkerEvents) => void;
}

export interface RunningWorker {
  /** Finishes running jobs (up to graphile-worker's abort timeout), then stops. */
  stop(): Promise<void>;
}

export async function startWorker(handle: DatabaseHandle, logger: Logger, tasks: TaskList, options: WorkerOptions): Promise<RunningWorker> {
  const liveness = new WorkerLiveness(handle.db, logger, options.liveness ?? DEFAULT_LIVENESS);
  liveness.start();
  // Passed in rather than read from the runner: workers are created before run() resolves.
  const events: WorkerEvents = new EventEmitter();
  events.on('worker:create', ({ worker }) => liveness.add(worker.workerId));
  // graphile-worker 0.18 locks jobs with its pool's id, not the worker's: that id must beat too, or every job running longer than staleAfterMs looks orphaned.
  events.on('pool:create', ({ workerPool }) => liveness.add(workerPool.id));
  options.observe?.(events);
  let runner: Runner;
  try {
    runner = await run({
      pgPool: handle.pool,
      taskList: tasks,
      concurrency: options.concurrency,
      pollInterval: options.pollIntervalMs ?? 250,
      // Our process owns signals: it drains HTTP first, then stops workers, then the database.
      noHandleSignals: true,
      // Schedules are declared in code (services.ts); never read a crontab file from the working directory.
      parsedCronItems: [...(options.schedule ?? [])],
      logger: graphileLogger(logger),
      events,
      // Batching (graphile-worker "Performance"): the pool fetches the next jobs ahead of its workers, and
      // completions of the same moment go back in one query, so a busy queue costs fewer round trips a job.
      preset: { worker: { localQueue: { size: options.concurrency + 1 }, completeJobBatchDelay: 0 } },
    });
  } catch (error) {
    await liveness.stop();
    throw error;
  }
  logger.info({ concurrency: options.concurrency, tasks: Object.keys(tasks) }, 'job worker started');
  return {
    async stop() {
      await runner.stop();
      await liveness.stop();
    },
  };
}
