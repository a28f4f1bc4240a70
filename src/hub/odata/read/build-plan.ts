/**
 * Resource path + query options → QueryPlan: the validator of the pipeline.
 * It resolves `$compute`, `$select`, `$orderby`, `$filter` and `$search` against the
 * model, turns the path's key and navigation into conditions, and decides
 * what is not supported yet (answered 501 rather than ignored).
 */
import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { ExprNode, QueryOptionsNode, SearchNode } from '../ast/index.ts';
import { printExpr, visitSearch } from '../ast/index.ts';
import { checkDepth, compileExpression, compileFilter, rootScope, type ExpressionScope } from '../compile/expression-compiler.ts';
import { someNode } from '../compile/expression-depth.ts';
import type { TypedSql } from '../compile/typed-sql.ts';
import { invalid, notSupported, unknownProperty } from '../compile/compile-error.ts';
import type { EntitySetDefinition } from '../model/entity-set.ts';
import type { PropertyDefinition } from '../model/property.ts';
import { findEntitySet } from '../model/registry.ts';
import type { ResourcePath } from '../path/resource-path.ts';
import type { SignedTokens } from '../response/signed-token.ts';
import type { ComputedProperty, OrderKey, QueryPlan } from '../query/query-plan.ts';
import { scopedSource } from '../query/scoped-source.ts';

export interface ReadRequest {
  readonly path: ResourcePath;
  readonly options: QueryOptionsNode;
  readonly tenantId: string;
  /** Rows this response may hold: the page size, or what is left of $top. */
  readonly limit: number;
  readonly skipTokens: SignedTokens;
}

export interface BuiltPlan {
  readonly plan: QueryPlan;
  /** The set the response's entities belong to (the navigation's target, if any). */
  readonly set: EntitySetDefinition;
  /** The $select list as written, for the context URL; undefined when all properties are served. */
  readonly selected: readonly string[] | undefined;
  /** Identifies the order of this query inside skip tokens, so a token cannot be replayed against another order. */
  readonly orderSignature: string;
  /** Conditions without the keyset position, for $count. */
  readonly countPlan: QueryPlan;
  /** With change tracking: the snapshot taken before the first page, carried by the skip token (read/delta-read.ts). */
  readonly snapshot: string | undefined;
}

/** $search (URL Conventions 4.01 §5.1.8) → a tsquery over the set's search_vector ('simple' configuration). */
function searchQuery(node: SearchNode): RawBuilder<unknown> {
  return visitSearch<RawBuilder<unknown>>(node, {
    SearchTerm: (term) => (term.phrase ? sql`phraseto_tsquery('simple', ${term.text})` : sql`plainto_tsquery('simple', ${term.text})`),
    SearchBinary: (binary) => sql`(${searchQuery(binary.left)} ${sql.raw(binary.operator === 'and' ? '&&' : '||')} ${searchQuery(binary.right)})`,
    SearchNot: (not) => sql`(!! ${searchQuery(not.operand)})`,
  });
}

function unsupported(options: QueryOptionsNode): void {
  if (options.apply !== undefined) throw notSupported(options.position, '$apply');
  if (options.levels !== undefined) throw notSupported(options.position, '$levels');
}

/**
 * What a read serves of each entity: declared properties (the key always, and first), `$compute` properties
 * and open ones. Without `$select` or with `*`, all of them ("computed properties SHOULD be included as dynamic
 * properties in the result", URL Conventions 4.01 §5.1.4).
 */
export function selection(set: EntitySetDefinition, options: QueryOptionsNode, computed: readonly ComputedProperty[] = []) {
  if (!options.select || options.select.some((item) => 'star' in item)) {
    return { properties: set.properties, open: 'all' as const, selected: undefined, computed };
  }
  const properties: PropertyDefinition[] = [];
  const open: string[] = [];
  const served: ComputedProperty[] = [];
  for (const item of options.select) {
    // A navigation property in $select stands alone (URL Conventions 4.01 §5.1.4, selectProperty); its properties come with $expand.
    if ('path' in item && item.path.length > 1 && set.navigation.some((n) => n.name === item.path[0])) {
      const [navigation, ...rest] = item.path;
      throw invalid(item.position, `${item.path.join('/')}: select ${navigation}'s properties through $expand, as in $expand=${navigation}($select=${rest.join('/')})`);
    }
    if (!('path' in item) || item.path.length !== 1 || item.options) throw notSupported(item.position, 'this form of $select');
    const name = item.path[0]!;
    // Selecting a navigation property asks for its navigation link (Protocol 4.01 §11.2.5.1), which
    // metadata=minimal leaves out as computable by convention (JSON Format 4.01, control information
    // navigationLink); its entities come only with $expand. The SAP Cloud SDK's generated clients
    // send it for a link passed to select().
    if (set.navigation.some((n) => n.name === name)) continue;
    const property = set.properties.find((p) => p.name === name);
    const compute = computed.find((c) => c.name === name);
    if (property) {
      if (!properties.includes(property)) properties.push(property);
    } else if (compute) {
      if (!served.includes(compute)) served.push(compute);
    } else if (set.open && /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name)) {
      open.push(name);
    } else {
      throw unknownProperty(set.type, name, item.position);
    }
  }
  // The key is always served, and first: clients, next links and $expand identify entities by it (column p0).
  const key = properties.findIndex((p) => p.name === 'id');
  if (key !== 0) properties.unshift(key === -1 ? set.properties[0]! : properties.splice(key, 1)[0]!);
  const names = options.select.map((item) => ('path' in item ? item.path.join('/') : '*'));
  return { properties, open, selected: names, computed: served };
}

/**
 * `$compute` (URL Conventions 4.01 §5.1.10): each item compiled in `scope`, then visible by its name to the
 * items after it and to $filter and $orderby (as a value bound in the scope, the way lambda variables are).
 */
function compileComputed(set: EntitySetDefinition, options: QueryOptionsNode, scope: ExpressionScope): { computed: ComputedProperty[]; scope: ExpressionScope; volatile: ReadonlySet<string> } {
  const computed: ComputedProperty[] = [];
  const volatile = new Set<string>();
  let inner = scope;
  for (const item of options.compute ?? []) {
    if (set.properties.some((p) => p.name === item.name) || set.navigation.some((n) => n.name === item.name) || computed.some((c) => c.name === item.name)) {
      throw invalid(item.position, `${item.name} is already a property of ${set.type} or computed before; give the computed property another name`);
    }
    checkDepth(item.expr);
    const before = inner.budget.remaining;
    const value = compileExpression(item.expr, inner);
    if (value.collection) throw invalid(item.position, `${item.name} would be a collection; $compute makes single values`);
    if (value.type === 'Edm.Duration' || value.type === 'Edm.TimeOfDay') throw notSupported(item.position, `computing a ${value.type}`);
    if (usesNow(item.expr, inner.aliases, volatile)) volatile.add(item.name);
    const type = value.type === 'Null' ? 'Edm.String' : value.type;
    computed.push({ name: item.name, expression: inRange(value), type });
    const binding = { kind: 'value' as const, value: { ...value, position: item.position }, computed: { cost: before - inner.budget.remaining } };
    inner = { ...inner, variables: new Map(inner.variables).set(item.name, binding) };
  }
  return { computed, scope: inner, volatile };
}

/** A computed date or date-time outside the years 1 to 9999, which OData cannot write (PostgreSQL's would say BC), is null. */
function inRange(value: TypedSql): RawBuilder<unknown> {
  if (value.type === 'Edm.Date') return sql`(case when ${value.sql} between ${'0001-01-01'}::date and ${'9999-12-31'}::date then ${value.sql} end)`;
  if (value.type !== 'Edm.DateTimeOffset') return value.sql;
  return sql`(case when ${value.sql} between ${'0001-01-01 00:00:00+00'}::timestamptz and ${'9999-12-31 23:59:59.999999+00'}::timestamptz then ${value.sql} end)`;
}

/**
 * Keys one `$orderby` may have. Each key is two entries of PostgreSQL's target list, which holds at most 1664
 * (the value for the next link's token and the sort key; beside the entity's columns and the appended id), and
 * one more comparison in each of the keyset's OR branches, so the condition grows with the square of the count.
 * 32 keeps far below both (docs/odata.md).
 */
export const MAX_ORDER_KEYS = 32;

/** $compute, $filter, $search and $orderby of one set, compiled in `scope` (also used by nested $expand options). */
export function filterAndOrder(
  set: EntitySetDefinition,
  options: QueryOptionsNode,
  outer: ExpressionScope,
): { conditions: RawBuilder<boolean>[]; order: OrderKey[]; computed: ComputedProperty[] } {
  unsupported(options);
  const { computed, scope, volatile } = compileComputed(set, options, outer);
  const conditions: RawBuilder<boolean>[] = [];
  if (options.filter) conditions.push(compileFilter(options.filter, scope));
  if (options.search) {
    if (set.searchable.length === 0) throw invalid(options.search.position, `${set.name} does not support $search`);
    conditions.push(sql<boolean>`${scope.source.column('search_vector')} @@ ${searchQuery(options.search)}`);
  }
  const tooMany = options.orderby?.[MAX_ORDER_KEYS];
  if (tooMany) throw invalid(tooMany.position, `$orderby has ${options.orderby!.length} keys; at most ${MAX_ORDER_KEYS} are allowed`);
  const order: OrderKey[] = (options.orderby ?? []).map((item) => {
    checkDepth(item.expr);
    // A key that changes between pages (now()) would never let keyset paging advance.
    if (usesNow(item.expr, scope.aliases, volatile)) throw invalid(item.position, '$orderby cannot use now(), also through an alias or a computed property: its value changes between pages');
    const value = compileExpression(item.expr, scope);
    if (value.collection || value.type === 'Null') throw invalid(item.position, '$orderby needs a single primitive value per item');
    if (value.type === 'Edm.Duration' || value.type === 'Edm.TimeOfDay') throw notSupported(item.position, `ordering by ${value.type}`);
    // Only a plain non-nullable property is known never to be null.
    const property = item.expr.kind === 'Member' && item.expr.path.length === 1 ? set.properties.find((p) => p.name === (item.expr as { path: readonly string[] }).path[0]) : undefined;
    return { expression: value.sql, direction: item.direction, type: value.type, nullable: property?.nullable ?? true };
  });
  return { conditions, order, computed };
}

/**
 * Whether an expression calls now(), also through the parameter aliases it uses (each alias looked into once)
 * or a computed property that does (`volatile`).
 */
function usesNow(root: ExprNode, aliases: Readonly<Record<string, ExprNode>>, volatile: ReadonlySet<string>, seen = new Set<string>()): boolean {
  return someNode(root, (node) => {
    if (node.kind === 'Call' && node.name === 'now') return true;
    if (node.kind === 'Member' && volatile.has(node.path[0]!)) return true;
    if (node.kind !== 'Alias' || seen.has(node.name) || !aliases[node.name]) return false;
    seen.add(node.name);
    return usesNow(aliases[node.name]!, aliases, volatile, seen);
  });
}

/** What a skip token names its query's order by, so that it cannot be replayed against another order. */
export function orderSignature(set: EntitySetDefinition, options: Pick<QueryOptionsNode, 'orderby' | 'compute'>): string {
  // The computed properties too: an order by a computed name means what its definition says.
  const computed = (options.compute ?? []).map((item) => [printExpr(item.expr), item.name]);
  return createHash('sha256')
    .update(JSON.stringify([set.name, (options.orderby ?? []).map((item) => [printExpr(item.expr), item.direction]), computed]))
    .digest('base64url')
    .slice(0, 8);
}

export function buildPlan(request: ReadRequest): BuiltPlan {
  const { path, options, tenantId } = request;
  const parentSet = path.set;
  const navigation = path.navigation;
  const set = navigation ? findEntitySet(navigation.target)! : parentSet;
  const source = scopedSource(set.table, 't0', tenantId);
  const scope = rootScope(set, source, tenantId, options.aliases);
  const conditions: RawBuilder<boolean>[] = [];

  if (path.key !== undefined && !navigation) conditions.push(sql<boolean>`${source.column('id')} = ${path.key}`);
  if (navigation && path.key !== undefined) {
    const parent = scopedSource(parentSet.table, scope.nextAlias(), tenantId);
    if (navigation.kind === 'one') {
      conditions.push(sql<boolean>`${source.column('id')} = (select ${parent.column(navigation.foreignKey)} from ${parent.from} where ${parent.tenantCondition} and ${parent.column('id')} = ${path.key})`);
    } else if ('link' in navigation) {
      const link = scopedSource(navigation.link.table, scope.nextAlias(), tenantId);
      conditions.push(sql<boolean>`exists (select 1 from ${link.from} where ${link.tenantCondition} and ${link.column(navigation.link.source)} = ${path.key} and ${link.column(navigation.link.target)} = ${source.column('id')})`);
    } else {
      conditions.push(sql<boolean>`${source.column(navigation.targetForeignKey)} = ${path.key}`);
    }
  }
  const { conditions: filters, order, computed } = filterAndOrder(set, options, scope);
  conditions.push(...filters);
  const signature = orderSignature(set, options);

  const { properties, open, selected, computed: served } = selection(set, options, computed);
  const base: QueryPlan = { set, source, properties, openProperties: open, computed: served, conditions, order, offset: 0, limit: request.limit };
  let plan = base;
  let snapshot: string | undefined;
  if (options.skiptoken !== undefined) {
    // Protocol 4.01 §11.2.6.7: the token continues a page the server cut; where that page starts is the token's alone.
    if (options.skip !== undefined) throw invalid(0, '$skip cannot be used with $skiptoken; follow the next link as given');
    const [expected, taken, ...after] = request.skipTokens.decode('$skiptoken', options.skiptoken, order.length + 3);
    if (signature !== expected) throw invalid(0, '$skiptoken belongs to another query; follow the next link as given');
    plan = { ...base, after };
    snapshot = taken === null ? undefined : String(taken);
  } else if (options.skip) {
    plan = { ...base, offset: options.skip };
  }
  return { plan, set, selected, orderSignature: signature, countPlan: base, snapshot };
}
