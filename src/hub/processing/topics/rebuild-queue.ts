/**
 * How topic models reach a rebuild (docs/processing.md, "Topics"): the
 * graphile-worker job `topics:rebuild`, one pending job per model (its job
 * key), run a few seconds after the first request of a burst
 * (`preserve_run_at`), so the uploads of a minute cost one rebuild. The
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

/** Asks for a rebuild of the model, in `db`'s transaction; a model that is not building shows `pending` until it starts. */
export async function requestRebuild(db: Kysely<any>, tenantId: string, modelId: string): Promise<void> {
  await enqueue(db, REBUILD_TASK, { tenant: tenantId, model: modelId }, {
    queue: `topics:${tenantId}`,
    jobKey: `topics:rebuild:${tenantId}:${modelId}`,
    jobKeyMode: 'preserve_run_at',
    runAt: new Date(Date.now() + COALESCE_MS),
    maxAttempts: 3,
  });
  await sql`
    update topic_models set status = 'pending', updated_at = now()
    where tenant_id = ${tenantId}::uuid and id = ${modelId} and status not in ('pending', 'building')`.execute(db);
}
