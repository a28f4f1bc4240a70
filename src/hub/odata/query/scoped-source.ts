/**
 * Tenant isolation, in exactly one place. Every table a compiled OData query
 * reads, the main set as well as every navigation, lambda and expand
 * subquery, and the tombstones of deleted keys (query/delta.ts), is
 * introduced through `scopedSource`, which pairs the table with
 * `tenant_id = <the token's tenant>`. No other code names a model table in
 * SQL, so no query can reach another tenant's rows (tenant-isolation.test.ts
 * tries every set and every navigation across tenants).
 */
import { sql, type RawBuilder } from 'kysely';
import type { EntitySetDefinition } from '../model/entity-set.ts';

export interface ScopedSource {
  /** `conversations as t0`, for a FROM or JOIN. */
  readonly from: RawBuilder<unknown>;
  /** `t0.tenant_id = $n`, which must accompany every use of `from`. */
  readonly tenantCondition: RawBuilder<boolean>;
  /** A column of this source: `t0.name`. */
  column(name: string): RawBuilder<unknown>;
  readonly alias: string;
}

export function scopedSource(table: EntitySetDefinition['table'], alias: string, tenantId: string): ScopedSource {
  return {
    from: sql`${sql.table(table)} as ${sql.id(alias)}`,
    tenantCondition: sql<boolean>`${sql.ref(`${alias}.tenant_id`)} = ${tenantId}::uuid`,
    column: (name) => sql.ref(`${alias}.${name}`),
    alias,
  };
}
