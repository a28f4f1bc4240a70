/**
 * Retention of change tracking: tombstones (the keys of deleted rows that
 * delta links report) are kept DELTA_RETENTION_DAYS, then purged hourly by
 * `odata:purge-tombstones` on the job queue (graphile-worker cron, one run
 * per occurrence across all processes).
 *
 * Each batch also raises the horizon of every tenant's set it touched, in
 * the same statement: a delta link whose snapshot is older than a purged
 * tombstone could miss that deletion, so it is answered 410 Gone instead
 * (read/delta-read.ts; Protocol 4.01 §11.3).
 */
import { parseCronItems, type Task } from 'graphile-worker';
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'odata:purge-tombstones': Record<string, never>;
    }
  }
}

export const DELTA_RETENTION_DAYS = 30;
const PURGE_BATCH = 10_000;

/** Deletes tombstones past retention, in batches so that one run never holds long locks; returns how many. */
export async function purgeTombstones(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const { rows } = await sql<{ purged: number }>`
      with purged as (
        delete from odata_tombstones where (tenant_id, entity_set, id) in (
          select tenant_id, entity_set, id from odata_tombstones
          where deleted_at < now() - make_interval(days => ${DELTA_RETENTION_DAYS})
          limit ${PURGE_BATCH}
        )
        returning tenant_id, entity_set, row_version
      ), horizons as (
        insert into odata_tombstone_horizons (tenant_id, entity_set, purged_through)
        select tenant_id, entity_set, max(row_version) from purged group by tenant_id, entity_set
        on conflict (tenant_id, entity_set)
          do update set purged_through = greatest(odata_tombstone_horizons.purged_through, excluded.purged_through)
      )
      select count(*)::int as purged from purged`.execute(db);
    const purged = rows[0]!.purged;
    total += purged;
    if (purged < PURGE_BATCH) return total;
  }
}

/**
 * Whether a delta link taken at `snapshot` may have lost deletions of this
 * tenant's set to the purge (see migration 0012 for why xmin decides).
 */
export async function deltaExpired(db: Db, tenantId: string, setName: string, snapshot: string): Promise<boolean> {
  const { rows } = await sql<{ expired: boolean }>`
    select exists (
      select 1 from odata_tombstone_horizons
      where tenant_id = ${tenantId} and entity_set = ${setName} and purged_through >= pg_snapshot_xmin(${snapshot}::pg_snapshot)
    ) as expired`.execute(db);
  return rows[0]!.expired;
}

export function purgeTombstonesTask(db: Db): Task<'odata:purge-tombstones'> {
  return async (_payload, helpers) => {
    helpers.logger.info('purged OData tombstones past retention', { tombstones: await purgeTombstones(db) });
  };
}

export const ODATA_SCHEDULE = parseCronItems([{ task: 'odata:purge-tombstones', match: '29 * * * *', identifier: 'odata:purge-tombstones' }]);
