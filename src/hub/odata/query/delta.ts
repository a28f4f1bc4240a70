/**
 * Change tracking in SQL (Protocol 4.01 §11.3; schema: migration 0007).
 *
 * A client's copy is current to a snapshot `since` (pg_current_snapshot()
 * taken before its first page was read). A row changed after it is one
 * whose row_version (the xid of the transaction that last wrote it) `since`
 * could not see; every such xid is at least the snapshot's xmin, which
 * bounds the scan of the (tenant_id, row_version, id) index. Both queries
 * page by (row_version, id), so a delta of a million rows is read in index
 * order, page after page, without sorting.
 */
import { sql, type RawBuilder } from 'kysely';
import { entityColumns } from './compile-plan.ts';
import type { QueryPlan } from './query-plan.ts';
import { scopedSource, type ScopedSource } from './scoped-source.ts';

/** Where a delta page starts: after this (row_version, id), or at the start when undefined. */
export interface DeltaCursor {
  readonly version: string;
  readonly id: string;
}

function changedSince(source: ScopedSource, since: string, after: DeltaCursor | undefined): RawBuilder<boolean> {
  const version = source.column('row_version');
  const conditions = [
    source.tenantCondition,
    sql<boolean>`${version} >= pg_snapshot_xmin(${since}::pg_snapshot)`,
    sql<boolean>`not pg_visible_in_snapshot(${version}, ${since}::pg_snapshot)`,
  ];
  if (after) {
    conditions.push(sql<boolean>`${version} >= ${after.version}::xid8`);
    conditions.push(sql<boolean>`(${version} > ${after.version}::xid8 or ${source.column('id')} > ${after.id})`);
  }
  return sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

/**
 * Rows of the plan's set written since `since`: the entity columns, then
 * row_version, then whether the row is in the query's result now ($filter,
 * $search) as 'true'/'false'. A changed row that is not has left the result,
 * and is reported as removed with reason "changed".
 */
export function compileChanges(plan: QueryPlan, since: string, after: DeltaCursor | undefined, limit: number): RawBuilder<unknown> {
  const source = plan.source;
  const matches = plan.conditions.length ? sql`coalesce((${sql.join(plan.conditions, sql` and `)}), false)::text` : sql`'true'`;
  const columns = [...entityColumns(plan), sql`${source.column('row_version')}::text`, matches];
  const version = source.column('row_version');
  return sql`select ${sql.join(columns)} from ${source.from} where ${changedSince(source, since, after)} order by ${version}, ${source.column('id')} limit ${limit}`;
}

/**
 * Keys deleted from the plan's set since `since`, as `id` and `v`, leaving
 * out keys that exist again (the re-created row is among the changes).
 */
export function compileDeletions(plan: QueryPlan, tenantId: string, since: string, after: DeltaCursor | undefined, limit: number): RawBuilder<{ id: string; v: string }> {
  const tombstones = scopedSource('odata_tombstones', 'd', tenantId);
  const live = scopedSource(plan.set.table, 'l', tenantId);
  return sql<{ id: string; v: string }>`select ${tombstones.column('id')} as id, ${tombstones.column('row_version')}::text as v from ${tombstones.from}
    where ${changedSince(tombstones, since, after)} and ${tombstones.column('entity_set')} = ${plan.set.name}
      and not exists (select 1 from ${live.from} where ${live.tenantCondition} and ${live.column('id')} = ${tombstones.column('id')})
    order by ${tombstones.column('row_version')}, ${tombstones.column('id')} limit ${limit}`;
}

/** The snapshot a client's copy will be current to, taken before its first page is read. */
export function compileSnapshot(): RawBuilder<{ snapshot: string }> {
  return sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`;
}
