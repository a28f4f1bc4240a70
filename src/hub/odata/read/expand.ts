/**
 * `$expand` (URL Conventions 4.01 §5.1.3): related entities inline, with
 * nested `$select;$filter;$orderby;$top;$skip;$count;$search;$expand`, and
 * `*` for every navigation property of the type.
 *
 * One query per expanded navigation property and level, never one per
 * entity: the related rows of all the page's entities come back together,
 * numbered per parent with `row_number()` so a nested `$top`/`$skip` applies
 * to each parent separately; a nested `$expand` then runs once for all the
 * related entities of its level. Every table goes through `scopedSource`.
 *
 * Limits, so one request cannot hold the process's memory: MAX_EXPAND_DEPTH
 * levels; at most MAX_PAGE_SIZE related entities per parent, the rest behind
 * a next link on the collection (`Contacts@nextLink`) unless the client's
 * own `$top` asked for no more; and MAX_EXPANDED related entities in a whole
 * response, every copy counted (an entity under several parents is written
 * once per parent), beyond which a 400 says which option to narrow.
 * And a bound in bytes (EXPAND_LIMIT_BYTES, docs/operations.md "Slow
 * readers"): the rows of the page and of every level are counted as they
 * are read, and every copy of a nested result written under several
 * parents before it is written; past the bound reading stops at once
 * (read-rows.ts `readRowsWithin`) and the answer is a 400. A response with
 * $expand is built whole, so this is what one holds, and nothing of it has
 * been sent when it is refused.
 * `$levels` is a 501.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { ExpandItem, QueryOptionsNode } from '../ast/index.ts';
import { rootScope } from '../compile/expression-compiler.ts';
import { invalid, notSupported } from '../compile/compile-error.ts';
import type { EntitySetDefinition } from '../model/entity-set.ts';
import type { NavigationDefinition } from '../model/navigation.ts';
import { findEntitySet } from '../model/registry.ts';
import { ODataErrors } from '../odata-errors.ts';
import { asText, entityColumnCount, entityColumns, orderBySql, orderKeys, rowKeys } from '../query/compile-plan.ts';
import type { QueryPlan } from '../query/query-plan.ts';
import { readRowsWithin, rowBytes, type ByteBudget, type Row } from '../query/read-rows.ts';
import { scopedSource } from '../query/scoped-source.ts';
import { entityWriter } from '../response/entity-writer.ts';
import { annotationNames, MAX_PAGE_SIZE, type Preferences } from '../response/preferences.ts';
import type { SignedTokens } from '../response/signed-token.ts';
import { filterAndOrder, orderSignature, selection } from './build-plan.ts';
import { entityUrl, expandedNextLink } from './next-link.ts';

export const MAX_EXPAND_DEPTH = 3;
export const MAX_EXPANDED = 20_000;

export interface ExpandRequest {
  readonly db: Db;
  readonly set: EntitySetDefinition;
  readonly tenantId: string;
  readonly items: readonly ExpandItem[];
  readonly prefs: Preferences;
  /** The request's parameter aliases, visible in nested options too. */
  readonly aliases: QueryOptionsNode['aliases'];
  readonly publicUrl: string;
  /** The request's alias parameters as sent (`@p=5`), carried into the next links of expanded collections. */
  readonly aliasParameters: readonly string[];
  /** Signs the skip tokens of those next links. */
  readonly tokens: SignedTokens;
  /** The bytes of rows the whole response may read, the page's own included and every copy counted (EXPAND_LIMIT_BYTES). */
  readonly limitBytes: number;
}

/** For each parent id, the JSON members to add to its entity (`"Account":{…}`, `"Contacts":[…]`). */
export type Expansions = Map<string, string[]>;

/**
 * The items to expand, in the type's navigation order when `*` asks for every
 * navigation property (§5.1.3); one named beside `*` keeps its own options.
 * A property expanded twice would write the member twice: a 400.
 */
function resolveItems(set: EntitySetDefinition, items: readonly ExpandItem[]): readonly ExpandItem[] {
  const seen = new Set<string>();
  for (const item of items) {
    const key = item.path.join('/');
    if (seen.has(key)) throw invalid(item.position, `${key} is expanded twice; merge its options into one item`);
    seen.add(key);
  }
  const star = items.find((item) => item.path.length === 1 && item.path[0] === '*');
  if (!star) return items;
  if (star.ref || star.options.levels !== undefined) throw notSupported(star.position, star.ref ? '$expand=*/$ref' : '$levels');
  const named = new Map(items.filter((item) => item !== star && item.path.length === 1).map((item) => [item.path[0]!, item]));
  const all = set.navigation.map((n) => named.get(n.name) ?? { path: [n.name], options: star.options, position: star.position });
  return [...all, ...items.filter((item) => item !== star && !all.includes(item))];
}

function navigationOf(set: EntitySetDefinition, item: ExpandItem): NavigationDefinition {
  if (item.ref || item.count) throw notSupported(item.position, `$expand with /${item.ref ? '$ref' : '$count'}`);
  if (item.path.length !== 1) throw notSupported(item.position, 'expanding a path of several segments');
  const navigation = set.navigation.find((n) => n.name === item.path[0]);
  if (!navigation) throw ODataErrors.ODATA_UNKNOWN_NAVIGATION([set.type, item.path[0]!]);
  if (item.options.levels !== undefined) throw notSupported(item.position, '$levels');
  return navigation;
}

/** The context URL fragment of the expansions (Protocol 4.01 §10.9): `Account(),Contacts(email,id,Owner())`. */
function contextOf(steps: readonly ExpandStep[]): string[] {
  return steps.map((step) => {
    const names = step.item.options.select?.map((s) => ('path' in s ? s.path.join('/') : '*')) ?? [];
    return `${step.navigation.name}(${[...names, ...contextOf(step.nested)].join(',')})`;
  });
}

/** One expanded navigation property, checked against the model and compiled before any row is read. */
interface ExpandStep {
  readonly item: ExpandItem;
  readonly navigation: NavigationDefinition;
  readonly plan: QueryPlan;
  readonly write: (row: Row) => string;
  /** How the target's rows attach to their parents, always within the tenant. */
  readonly join: RawBuilder<unknown>;
  readonly parentKey: RawBuilder<unknown>;
  /** For next links: the order's signature, and the enclosing levels' aliases this item's options do not redefine. */
  readonly signature: string;
  readonly linkAliases: readonly string[];
  readonly nested: readonly ExpandStep[];
}

/** An alias parameter's name, `@p` of `@p=5` or `%40p=5`. */
function aliasName(parameter: string): string {
  const raw = parameter.slice(0, parameter.indexOf('='));
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The whole expansion tree of `items` over `set`: every level is validated
 * and compiled here, so a mistake at any depth is a 4xx even when no row
 * reaches that level.
 */
function planSteps(set: EntitySetDefinition, items: readonly ExpandItem[], context: { tenantId: string; prefs: Preferences; aliases: QueryOptionsNode['aliases']; aliasParameters: readonly string[] }, depth: number): ExpandStep[] {
  return resolveItems(set, items).map((item) => {
    const navigation = navigationOf(set, item);
    const nested = item.options.expand ?? [];
    if (nested.length > 0 && depth >= MAX_EXPAND_DEPTH) throw invalid(nested[0]!.position, `$expand nests at most ${MAX_EXPAND_DEPTH} levels deep`);
    const target = findEntitySet(navigation.target)!;
    const source = scopedSource(target.table, 'x0', context.tenantId);
    const aliases = { ...context.aliases, ...item.options.aliases };
    const scope = rootScope(target, source, context.tenantId, aliases);
    const { conditions, order, computed } = filterAndOrder(target, item.options, scope);
    const { properties, open, computed: served } = selection(target, item.options, computed);
    const plan: QueryPlan = { set: target, source, properties, openProperties: open, computed: served, conditions, order, offset: 0, limit: 0 };
    const parent = scopedSource(set.table, scope.nextAlias(), context.tenantId);
    let join: RawBuilder<unknown>;
    let parentKey: RawBuilder<unknown>;
    if (navigation.kind === 'one') {
      join = sql`join ${parent.from} on ${parent.tenantCondition} and ${parent.column(navigation.foreignKey)} = ${source.column('id')}`;
      parentKey = parent.column('id');
    } else if ('link' in navigation) {
      const link = scopedSource(navigation.link.table, scope.nextAlias(), context.tenantId);
      join = sql`join ${link.from} on ${link.tenantCondition} and ${link.column(navigation.link.target)} = ${source.column('id')}`;
      parentKey = link.column(navigation.link.source);
    } else {
      join = sql``;
      parentKey = source.column(navigation.targetForeignKey);
    }
    const own = (item.options.written ?? []).filter((option) => option.startsWith('@'));
    const ownNames = new Set(own.map(aliasName));
    const linkAliases = context.aliasParameters.filter((parameter) => !ownNames.has(aliasName(parameter)));
    const ownParameters = own.map((option) => `${aliasName(option)}=${encodeURIComponent(option.slice(option.indexOf('=') + 1))}`);
    return {
      item,
      navigation,
      plan,
      write: entityWriter(plan, context.prefs.ieee754Compatible),
      join,
      parentKey,
      signature: orderSignature(target, item.options),
      linkAliases,
      nested: planSteps(target, nested, { ...context, aliases, aliasParameters: [...linkAliases, ...ownParameters] }, depth + 1),
    };
  });
}

/** The members to add to each parent's entity, and how many entities and bytes of rows they hold, nested ones included. */
interface Expanded {
  readonly expansions: Expansions;
  readonly sizes: Map<string, number>;
  readonly bytes: Map<string, number>;
}

const tooMany = (position: number) =>
  invalid(position, `$expand would put more than ${MAX_EXPANDED} related entities in one response; ask for fewer entities ($top), or fewer related ones ($top or $filter inside $expand)`);

const tooLarge = (request: ExpandRequest) => ODataErrors.ODATA_EXPANSION_TOO_LARGE([request.limitBytes], { target: '$expand' });

/** The rows of `query` within the response's budget: a 400 once they would exceed it, the rest left unread. */
async function readWithin(request: ExpandRequest, budget: ByteBudget, query: RawBuilder<unknown>): Promise<Row[]> {
  const rows = await readRowsWithin(request.db, query, budget);
  if (!rows) throw tooLarge(request);
  return rows;
}

async function runStep(request: ExpandRequest, budget: ByteBudget, set: EntitySetDefinition, step: ExpandStep, parentIds: readonly string[], out: Expanded): Promise<void> {
  const { db, prefs } = request;
  const { item, navigation, plan, join, parentKey } = step;
  const where = sql.join([plan.source.tenantCondition, sql`${parentKey} = any(${[...parentIds]}::text[])`, ...plan.conditions], sql` and `);
  const orderBy = sql.join(orderKeys(plan).map(orderBySql));
  // The entity's columns, then its $orderby keys as text (compile-plan.ts rowKeys reads them for the next link's token).
  const columns = [...entityColumns(plan), ...plan.order.map((key) => asText(key.expression, key.type))].map((column, i) => sql`${column} as ${sql.id(`c${i}`)}`);
  const parentColumn = entityColumnCount(plan) + plan.order.length;
  const skip = item.options.skip ?? 0;
  const top = Math.min(item.options.top ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  // One row more per parent says whether a collection continues past the page size; a $top of the client's own
  // that the page size did not cut means the client asked for no more.
  const continues = navigation.kind === 'many' && top < (item.options.top ?? Infinity);
  const rows = await readWithin(request, budget, sql`
    select * from (
      select ${sql.join(columns)}, ${parentKey} as parent, row_number() over (partition by ${parentKey} order by ${orderBy}) as rn
      from ${plan.source.from} ${join} where ${where}
    ) ranked where rn > ${skip} and rn <= ${skip + top + (continues ? 1 : 0)} order by parent, rn limit ${MAX_EXPANDED + parentIds.length + 1}`);
  const rankColumn = parentColumn + 1;
  const served = rows.filter((row) => Number(row[rankColumn]) <= skip + top);
  if (served.length > MAX_EXPANDED) throw tooMany(item.position);
  const cut = new Set(rows.filter((row) => Number(row[rankColumn]) > skip + top).map((row) => row[parentColumn]!));

  const inner = await runSteps(request, budget, plan.set, step.nested, [...new Set(served.map((row) => row[0]!))]);
  // A related entity shared by several parents is written once per parent, with all it holds: count every copy
  // before writing any, or a small nested result copied under many parents could still fill the process's memory.
  // Each copy's own row was read (and counted) once per parent; what it holds was read once, for its first copy.
  let total = 0;
  const copied = new Set<string>();
  for (const row of served) {
    total += 1 + (inner.sizes.get(row[0]!) ?? 0);
    if (copied.has(row[0]!)) budget.remaining -= inner.bytes.get(row[0]!) ?? 0;
    copied.add(row[0]!);
  }
  if (total > MAX_EXPANDED) throw tooMany(item.position);
  if (budget.remaining < 0) throw tooLarge(request);

  const byParent = new Map<string, { entities: string[]; size: number; bytes: number; last: Row }>();
  for (const row of served) {
    const parentId = row[parentColumn]!;
    const related = byParent.get(parentId) ?? { entities: [], size: 0, bytes: 0, last: row };
    related.entities.push(withExpansions(step.write(row), inner.expansions.get(row[0]!)));
    related.size += 1 + (inner.sizes.get(row[0]!) ?? 0);
    related.bytes += rowBytes(row) + (inner.bytes.get(row[0]!) ?? 0);
    related.last = row;
    byParent.set(parentId, related);
  }
  const counts = new Map<string, string>();
  if (item.options.count) {
    const counted = await sql<{ parent: string; n: string }>`select ${parentKey} as parent, count(*)::text as n from ${plan.source.from} ${join} where ${where} group by 1`.execute(db);
    for (const row of counted.rows) counts.set(row.parent, row.n);
  }
  const name = JSON.stringify(navigation.name);
  for (const id of parentIds) {
    const members = out.expansions.get(id) ?? [];
    const related = byParent.get(id);
    if (navigation.kind === 'one') {
      members.push(`${name}:${related?.entities[0] ?? 'null'}`);
    } else {
      if (item.options.count) for (const annotation of annotationNames(prefs.version, 'count')) members.push(`${JSON.stringify(`${navigation.name}${annotation}`)}:${counts.get(id) ?? '0'}`);
      members.push(`${name}:[${related?.entities.join(',') ?? ''}]`);
      if (related && cut.has(id)) {
        const skiptoken = request.tokens.encode('$skiptoken', [step.signature, null, ...rowKeys(plan, related.last)]);
        const rest = item.options.top === undefined ? undefined : item.options.top - top;
        const link = expandedNextLink(entityUrl(request.publicUrl, set.name, id), navigation.name, item.options.written ?? [], step.linkAliases, rest, skiptoken);
        for (const annotation of annotationNames(prefs.version, 'nextLink')) members.push(`${JSON.stringify(`${navigation.name}${annotation}`)}:${JSON.stringify(link)}`);
      }
    }
    out.expansions.set(id, members);
    out.sizes.set(id, (out.sizes.get(id) ?? 0) + (related?.size ?? 0));
    out.bytes.set(id, (out.bytes.get(id) ?? 0) + (related?.bytes ?? 0));
  }
}

async function runSteps(request: ExpandRequest, budget: ByteBudget, set: EntitySetDefinition, steps: readonly ExpandStep[], parentIds: readonly string[]): Promise<Expanded> {
  const out: Expanded = { expansions: new Map(), sizes: new Map(), bytes: new Map() };
  if (parentIds.length === 0) return out;
  for (const step of steps) await runStep(request, budget, set, step, parentIds, out);
  return out;
}

/** A request's `$expand`, checked and compiled whole before any row is read, even for an empty page. */
export interface PlannedExpansion {
  /** For the response's context URL. */
  readonly context: readonly string[];
  /** The page's own rows (or the single entity's), counted in the same bound in bytes as their expansions. */
  readEntities(query: RawBuilder<unknown>): Promise<Row[]>;
  /** The expansions of a page's entities, every level. */
  run(parentIds: readonly string[]): Promise<Expansions>;
}

/** One planned expansion serves one response: its bound in bytes counts all that response reads. */
export function planExpansion(request: ExpandRequest): PlannedExpansion {
  const steps = planSteps(request.set, request.items, request, 1);
  const budget: ByteBudget = { remaining: request.limitBytes };
  return {
    context: contextOf(steps),
    readEntities: (query) => readWithin(request, budget, query),
    async run(parentIds) {
      const { expansions, sizes } = await runSteps(request, budget, request.set, steps, parentIds);
      let total = 0;
      for (const size of sizes.values()) total += size;
      if (total > MAX_EXPANDED) throw tooMany(request.items[0]?.position ?? 0);
      return expansions;
    },
  };
}

/** The entity with its expansions appended as members. */
export function withExpansions(entity: string, members: readonly string[] | undefined): string {
  if (!members || members.length === 0) return entity;
  return `${entity.slice(0, -1)}${entity.length > 2 ? ',' : ''}${members.join(',')}}`;
}
