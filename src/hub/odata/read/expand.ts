/**
 * `$expand` (URL Conventions 4.01 §5.1.3): related entities inline, with
 * nested `$select;$filter;$orderby;$top;$skip;$count;$search`.
 *
 * One query per expanded navigation property and page, never one per
 * entity: the related rows of all the page's entities come back together,
 * numbered per parent with `row_number()` so a nested `$top`/`$skip` applies
 * to each parent separately. Every table goes through `scopedSource`.
 *
 * Limits kept on purpose: one level (a nested `$expand` or `$levels` is a
 * 501), and at most MAX_PAGE_SIZE related entities per parent (no nested
 * next links yet; documented in docs/odata.md).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { ExpandItem, QueryOptionsNode } from '../ast/index.ts';
import { rootScope } from '../compile/expression-compiler.ts';
import { notSupported } from '../compile/compile-error.ts';
import type { EntitySetDefinition } from '../model/entity-set.ts';
import type { NavigationDefinition } from '../model/navigation.ts';
import { findEntitySet } from '../model/registry.ts';
import { ODataErrors } from '../odata-errors.ts';
import { entityColumnCount, entityColumns, orderBySql, orderKeys } from '../query/compile-plan.ts';
import type { QueryPlan } from '../query/query-plan.ts';
import { readRows } from '../query/read-rows.ts';
import { scopedSource } from '../query/scoped-source.ts';
import { entityWriter } from '../response/entity-writer.ts';
import { annotationNames, MAX_PAGE_SIZE, type Preferences } from '../response/preferences.ts';
import { filterAndOrder, selection } from './build-plan.ts';

export interface ExpandRequest {
  readonly db: Db;
  readonly set: EntitySetDefinition;
  readonly tenantId: string;
  readonly items: readonly ExpandItem[];
  readonly parentIds: readonly string[];
  readonly prefs: Preferences;
  /** The request's parameter aliases, visible in nested options too. */
  readonly aliases: QueryOptionsNode['aliases'];
}

/** For each parent id, the JSON members to add to its entity (`"Account":{…}`, `"Contacts":[…]`). */
export type Expansions = Map<string, string[]>;

function navigationOf(set: EntitySetDefinition, item: ExpandItem): NavigationDefinition {
  if (item.ref || item.count) throw notSupported(item.position, `$expand with /${item.ref ? '$ref' : '$count'}`);
  if (item.path.length !== 1) throw notSupported(item.position, 'expanding a path of several segments');
  const navigation = set.navigation.find((n) => n.name === item.path[0]);
  if (!navigation) throw ODataErrors.ODATA_UNKNOWN_NAVIGATION([set.type, item.path[0]!]);
  if (item.options.expand?.length) throw notSupported(item.position, 'nested $expand');
  return navigation;
}

/** The context URL fragment of the expansions: `Account(),Contacts(email,id)`. */
export function expandContext(items: readonly ExpandItem[]): string[] {
  return items.map((item) => {
    const names = item.options.select?.map((s) => ('path' in s ? s.path.join('/') : '*')) ?? [];
    return `${item.path.join('/')}(${names.join(',')})`;
  });
}

async function expandOne(request: ExpandRequest, item: ExpandItem, expansions: Expansions): Promise<void> {
  const { db, set, tenantId, parentIds, prefs } = request;
  const navigation = navigationOf(set, item);
  const target = findEntitySet(navigation.target)!;
  const source = scopedSource(target.table, 'x0', tenantId);
  const scope = rootScope(target, source, tenantId, { ...request.aliases, ...item.options.aliases });
  const { conditions, order } = filterAndOrder(target, item.options, scope);
  const { properties, open } = selection(target, item.options);
  const plan: QueryPlan = { set: target, source, properties, openProperties: open, conditions, order, offset: 0, limit: 0 };
  const write = entityWriter(plan, prefs.ieee754Compatible);

  // How the target's rows attach to the page's parents, always within the tenant.
  const parent = scopedSource(set.table, scope.nextAlias(), tenantId);
  let join: RawBuilder<unknown>;
  let parentKey: RawBuilder<unknown>;
  if (navigation.kind === 'one') {
    join = sql`join ${parent.from} on ${parent.tenantCondition} and ${parent.column(navigation.foreignKey)} = ${source.column('id')}`;
    parentKey = parent.column('id');
  } else if ('link' in navigation) {
    const link = scopedSource(navigation.link.table, scope.nextAlias(), tenantId);
    join = sql`join ${link.from} on ${link.tenantCondition} and ${link.column(navigation.link.target)} = ${source.column('id')}`;
    parentKey = link.column(navigation.link.source);
  } else {
    join = sql``;
    parentKey = source.column(navigation.targetForeignKey);
  }
  const where = sql.join([source.tenantCondition, sql`${parentKey} = any(${[...parentIds]}::text[])`, ...conditions], sql` and `);
  const orderBy = sql.join(orderKeys({ ...plan, order }).map(orderBySql));
  const columns = entityColumns(plan).map((column, i) => sql`${column} as ${sql.id(`c${i}`)}`);
  const parentColumn = entityColumnCount(plan);
  const skip = item.options.skip ?? 0;
  const top = Math.min(item.options.top ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const rows = await readRows(db, sql`
    select * from (
      select ${sql.join(columns)}, ${parentKey} as parent, row_number() over (partition by ${parentKey} order by ${orderBy}) as rn
      from ${source.from} ${join} where ${where}
    ) ranked where rn > ${skip} and rn <= ${skip + top} order by parent, rn`);

  const byParent = new Map<string, string[]>();
  for (const row of rows) {
    const parentId = row[parentColumn]!;
    const list = byParent.get(parentId) ?? [];
    list.push(write(row));
    byParent.set(parentId, list);
  }
  const counts = new Map<string, string>();
  if (item.options.count) {
    const counted = await sql<{ parent: string; n: string }>`select ${parentKey} as parent, count(*)::text as n from ${source.from} ${join} where ${where} group by 1`.execute(db);
    for (const row of counted.rows) counts.set(row.parent, row.n);
  }
  const name = JSON.stringify(navigation.name);
  for (const id of parentIds) {
    const members = expansions.get(id) ?? [];
    const related = byParent.get(id) ?? [];
    if (navigation.kind === 'one') {
      members.push(`${name}:${related[0] ?? 'null'}`);
    } else {
      if (item.options.count) for (const annotation of annotationNames(prefs.version, 'count')) members.push(`${JSON.stringify(`${navigation.name}${annotation}`)}:${counts.get(id) ?? '0'}`);
      members.push(`${name}:[${related.join(',')}]`);
    }
    expansions.set(id, members);
  }
}

export async function expandPage(request: ExpandRequest): Promise<Expansions> {
  const expansions: Expansions = new Map();
  if (request.parentIds.length === 0) return expansions;
  for (const item of request.items) await expandOne(request, item, expansions);
  return expansions;
}

/** The entity with its expansions appended as members. */
export function withExpansions(entity: string, members: readonly string[] | undefined): string {
  if (!members || members.length === 0) return entity;
  return `${entity.slice(0, -1)}${entity.length > 2 ? ',' : ''}${members.join(',')}}`;
}
