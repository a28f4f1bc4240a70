/**
 * How conversations reach the pipeline's task (docs/processing.md
 * "Pipeline"). Waiting conversations are rows of conversation_sources with
 * `queued_at` set; the graphile-worker job `processing:run` only wakes a
 * tenant's lane, and its run takes the waiting conversations in batches.
 *
 * - **Lanes.** Each tenant has `PROCESSING_LANES` queues
 *   (`processing:<tenant>:<lane>`), each running one job at a time, so one
 *   tenant's backlog occupies at most that many workers and other tenants'
 *   jobs still find one (WORKER_CONCURRENCY, default 4). Two lanes let one
 *   tenant use both cores of a small machine; the lanes never take the same
 *   conversation (`for update skip locked`).
 * - **Wake-ups coalesce.** The job key is the queue's name: any number of
 *   ingestions before a run starts make one job, and a wake-up during a run
 *   adds one more run after it (graphile-worker gives a running job's key to
 *   the new job), so nothing that arrives during a run waits for the
 *   watchdog.
 */
import type { Kysely } from 'kysely';
import { enqueue } from '../../../platform/jobs/job-queue.ts';

export const PROCESS_TASK = 'processing:run';

export interface ProcessJob {
  readonly tenant: string;
  readonly lane: number;
}

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'processing:run': ProcessJob;
    }
  }
}

export const PROCESSING_LANES = 2;

export function processingQueue(tenantId: string, lane: number): string {
  return `processing:${tenantId}:${lane}`;
}

/** Wakes the tenant's lanes, through `db` (the transaction that queued the conversations). */
export async function wakeProcessing(db: Kysely<any>, tenantId: string): Promise<void> {
  for (let lane = 0; lane < PROCESSING_LANES; lane++) {
    const queue = processingQueue(tenantId, lane);
    await enqueue(db, PROCESS_TASK, { tenant: tenantId, lane }, { queue, jobKey: queue });
  }
}
