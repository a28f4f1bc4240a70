/**
 * How topic models reach a rebuild (docs/processing.md, "Topics"): the
 * graphile-worker job `topics:rebuild`, one pending job per model (its job
 * key), run a few seconds after the first request of a burst, or a
 * minute after the first sign of growth (`RebuildReason`), so the uploads
 * of a minute cost one rebuild. The
 * tenant's builds share one queue: a tenant builds one model at a time,
 * whatever it asks for, and the others' builds still find workers. A
 * request during a build adds one build after it (graphile-worker frees a
 * running job's key), which sees every insight.
 */
import { sql, type Kysely } from 'kysely';
import { enqueue } from '../../../platform/jobs/job-queue.ts';

export const REBUILD_TASK = 'topics:rebuild';

export interface RebuildJob {
  readonly tenant: string;
  readonly model: string;
}

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'topics:rebuild': RebuildJob;
    }
  }
}

const COALESCE_MS = 3_000;
/**
 * A model that has grown is rebuilt a minute after it was first seen to:
 * its new insights are already assigned, and a workspace loading a
 * backlog then pays one rebuild after a minute of uploads instead of one
 * at every doubling while its conversations are processed.
 */
export const GROWTH_DELAY_MS = 60_000;

/**
 * Why a rebuild is asked for: `requested` by a user (the API's rebuild, a new model, a new filter), which brings
 * a pending automatic rebuild forward to a few seconds from now (graphile-worker's `replace` sets the new run_at);
 * `automatic` (a model never built, the hourly refresh) and `growth` (the pipeline saw the model grow) coalesce
 * with what is pending (`preserve_run_at`), so the batches of a bulk load do not postpone it.
 */
export type RebuildReason = 'requested' | 'automatic' | 'growth';

/** Asks for a rebuild of the model, in `db`'s transaction; a model that is not building shows `pending` until it starts. */
export async function requestRebuild(db: Kysely<any>, tenantId: string, modelId: string, reason: RebuildReason): Promise<void> {
  await enqueue(db, REBUILD_TASK, { tenant: tenantId, model: modelId }, {
    queue: `topics:${tenantId}`,
    jobKey: `topics:rebuild:${tenantId}:${modelId}`,
    jobKeyMode: reason === 'requested' ? 'replace' : 'preserve_run_at',
    runAt: new Date(Date.now() + (reason === 'growth' ? GROWTH_DELAY_MS : COALESCE_MS)),
    maxAttempts: 3,
  });
  await sql`
    update topic_models set status = 'pending', updated_at = now()
    where tenant_id = ${tenantId}::uuid and id = ${modelId} and status not in ('pending', 'building')`.execute(db);
}
