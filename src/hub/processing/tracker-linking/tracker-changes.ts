/**
 * What follows a change of a tenant's tracker issues or comments
 * (docs/processing.md, "Tracker linking"), in the transaction that made it:
 *
 * - the tenant's row of `tracker_link_versions` (migration 0019) goes up,
 *   so every process's cached index of the tenant's issues
 *   (issue-index-cache.ts) is stale from the moment the change commits;
 * - `tracker-linking:relink` is enqueued, coalesced per tenant as CRM
 *   matching's rematch is (rematch-task.ts): one pending job per tenant
 *   (graphile-worker's job key), run a second after the first request of a
 *   burst, on the tenant's own queue, so two runs never overlap and a
 *   request during a run adds one run after it.
 *
 * The tracker import calls it; a connector that writes issues must too.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { enqueue } from '../../../platform/jobs/job-queue.ts';

export const RELINK_TASK = 'tracker-linking:relink';

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'tracker-linking:relink': { tenant: string };
    }
  }
}

const COALESCE_MS = 1_000;

/** Makes every process's cached index of the tenant's issues stale, from the moment this commits. */
export async function raiseLinkVersion(db: Kysely<Database>, tenantId: string): Promise<void> {
  await sql`
    insert into tracker_link_versions (tenant_id, version) values (${tenantId}::uuid, 1)
    on conflict (tenant_id) do update set version = tracker_link_versions.version + 1`.execute(db);
}

export async function trackerIssuesChanged(trx: Kysely<Database>, tenantId: string): Promise<void> {
  await raiseLinkVersion(trx, tenantId);
  await enqueue(trx, RELINK_TASK, { tenant: tenantId }, {
    queue: `tracker-linking:${tenantId}`,
    jobKey: `tracker-linking:relink:${tenantId}`,
    jobKeyMode: 'preserve_run_at',
    runAt: new Date(Date.now() + COALESCE_MS),
  });
}
