/**
 * QueryPlan → parameterised SQL. Values always travel as parameters; names
 * come only from the model registry (never from the URL).
 *
 * Keyset pagination (the next link's $skiptoken) compares the order keys and
 * the id with the last row served, expanded into OR/AND so that mixed
 * directions work; NULLs sort last ascending and first descending, as
 * PostgreSQL does, and the comparisons below follow the same rule.
 */
import { sql, type RawBuilder } from 'kysely';
import type { EdmPrimitive } from '../model/edm.ts';
import { SQL_TYPES } from '../model/edm.ts';
import type { PropertyDefinition } from '../model/property.ts';
import type { KeyValue } from '../response/signed-token.ts';
import type { OrderKey, QueryPlan } from './query-plan.ts';
import type { Row } from './read-rows.ts';

/**
 * A value as text, the way the serializer reads it (response/value-format.ts).
 * A timestamp is the UTC wall time in PostgreSQL's ISO output
 * (`2024-01-15 10:30:00.12`, trailing zeros already dropped; every
 * connection sets DateStyle ISO): cheaper than to_char on both sides.
 */
export function asText(expression: RawBuilder<unknown>, type: EdmPrimitive, collection = false): RawBuilder<string> {
  if (collection) return sql<string>`to_json(${expression})::text`;
  if (type === 'Edm.DateTimeOffset') return sql<string>`(${expression} at time zone 'UTC')::text`;
  return sql<string>`${expression}::text`;
}

/** A text parameter back in the key's type, for keyset comparisons. */
function typed(value: string | number | boolean, type: EdmPrimitive): RawBuilder<unknown> {
  if (type === 'Edm.DateTimeOffset') return sql`(${String(value)}::timestamp at time zone 'UTC')`;
  return sql`${String(value)}::${sql.raw(SQL_TYPES[type])}`;
}

function equals(key: OrderKey, value: KeyValue): RawBuilder<boolean> {
  return value === null ? sql<boolean>`${key.expression} is null` : sql<boolean>`${key.expression} = ${typed(value, key.type)}`;
}

function comesAfter(key: OrderKey, value: KeyValue): RawBuilder<boolean> {
  if (key.direction === 'asc') return value === null ? sql<boolean>`false` : sql<boolean>`(${key.expression} > ${typed(value, key.type)} or ${key.expression} is null)`;
  return value === null ? sql<boolean>`${key.expression} is not null` : sql<boolean>`${key.expression} < ${typed(value, key.type)}`;
}

/** A key in ORDER BY, with the NULL placement the keyset conditions above assume. */
export function orderBySql(key: OrderKey): RawBuilder<unknown> {
  return sql`${key.expression} ${sql.raw(key.direction === 'asc' ? 'asc nulls last' : 'desc nulls first')}`;
}

/**
 * The order keys and the id that makes the order total. The id sorts in the
 * direction of the last key, so that an index such as (tenant_id,
 * started_at desc, id desc) serves `$orderby=started_at desc` without a sort.
 */
export function orderKeys(plan: QueryPlan): OrderKey[] {
  return [...plan.order, { expression: plan.source.column('id'), direction: plan.order.at(-1)?.direction ?? 'asc', type: 'Edm.String', nullable: false }];
}

/**
 * A bound on the first key alone, implied by the full condition but written
 * so an index can start its range scan at the cursor: without it the OR
 * form below is not sargable and page N reads N pages of index first.
 */
function leadingBound(key: OrderKey, value: KeyValue): RawBuilder<boolean> {
  if (value === null) return key.direction === 'asc' ? sql<boolean>`${key.expression} is null` : sql<boolean>`true`;
  if (key.direction === 'desc' || !key.nullable) return sql<boolean>`${key.expression} ${sql.raw(key.direction === 'desc' ? '<=' : '>=')} ${typed(value, key.type)}`;
  return sql<boolean>`(${key.expression} >= ${typed(value, key.type)} or ${key.expression} is null)`;
}

function keysetCondition(keys: readonly OrderKey[], after: readonly KeyValue[]): RawBuilder<boolean> {
  const branches = keys.map((key, i) => sql.join([...keys.slice(0, i).map((k, j) => equals(k, after[j]!)), comesAfter(key, after[i]!)], sql` and `));
  return sql<boolean>`(${leadingBound(keys[0]!, after[0]!)} and (${sql.join(branches.map((b) => sql`(${b})`), sql` or `)}))`;
}

function where(plan: QueryPlan): RawBuilder<boolean> {
  const conditions = [plan.source.tenantCondition, ...plan.conditions];
  if (plan.after) conditions.push(keysetCondition(orderKeys(plan), plan.after));
  return sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

export function servesOpenProperties(plan: Pick<QueryPlan, 'set' | 'openProperties'>): boolean {
  return plan.set.open && (plan.openProperties === 'all' || plan.openProperties.length > 0);
}

/**
 * The columns every read of an entity starts with, as text: each property
 * (plan.properties order, so the id is column 0), the `$compute` properties,
 * then the additional fields as JSON when served. Queries add their own columns after these, from
 * position `entityColumnCount(plan)` on; rows are read by position
 * (query/read-rows.ts, response/entity-writer.ts).
 */
export function entityColumns(plan: QueryPlan): RawBuilder<unknown>[] {
  const columns = plan.properties.map((prop: PropertyDefinition) => asText(plan.source.column(prop.name), prop.type, prop.collection));
  for (const computed of plan.computed ?? []) columns.push(asText(computed.expression, computed.type));
  if (servesOpenProperties(plan)) columns.push(sql`${plan.source.column('additional_fields')}::text`);
  return columns;
}

export function entityColumnCount(plan: QueryPlan): number {
  return plan.properties.length + (plan.computed?.length ?? 0) + (servesOpenProperties(plan) ? 1 : 0);
}

/**
 * The page's rows: the entity columns, then the $orderby keys as text for the
 * next skip token. The id, the last key, is column 0 already: not sent twice
 * (on a 1,000-row export page it was a twelfth of the fields decoded).
 */
export function compileRead(plan: QueryPlan): RawBuilder<unknown> {
  const columns = [...entityColumns(plan), ...plan.order.map((key) => asText(key.expression, key.type))];
  return sql`select ${sql.join(columns)} from ${plan.source.from} where ${where(plan)} order by ${sql.join(orderKeys(plan).map(orderBySql))} limit ${plan.limit} offset ${plan.offset}`;
}

/** The order key values of a row read by compileRead, for the skip token that continues after it. */
export function rowKeys(plan: QueryPlan, row: Row): KeyValue[] {
  const first = entityColumnCount(plan);
  return [...plan.order.map((_, i) => row[first + i] ?? null), row[0] ?? null];
}

export function compileCount(plan: QueryPlan): RawBuilder<{ count: string }> {
  return sql<{ count: string }>`select count(*)::text as count from ${plan.source.from} where ${sql.join([plan.source.tenantCondition, ...plan.conditions], sql` and `)}`;
}
