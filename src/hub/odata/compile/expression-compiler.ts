/**
 * `$filter` and `$orderby` expressions (URL Conventions 4.01 §5.1.1) → SQL,
 * checked against the model.
 *
 * - Names resolve against the entity type: a property, a single-valued
 *   navigation followed by a property (`Account/industry`), a lambda
 *   variable, or, on open types, an additional field (`crm_segment`: text).
 *   Anything else is a 404 naming the property and its position.
 * - Every literal is a bound parameter with an explicit cast; no SQL is
 *   built from the request's text.
 * - Related tables are reached only through `scopedSource`, so navigation
 *   and lambdas stay inside the tenant.
 * - OData's logic is two-valued where SQL's is three-valued: `ne` is `IS
 *   DISTINCT FROM` (`null ne 'a'` is true) and `not` treats an unknown as
 *   false before negating.
 */
import { sql, type RawBuilder } from 'kysely';
import { visitExpr, type CallNode, type ExprNode, type ExprVisitor, type LambdaNode, type LiteralNode, type MemberNode, type QueryOptionsNode } from '../ast/index.ts';
import type { EntitySetDefinition } from '../model/entity-set.ts';
import type { NavigationDefinition } from '../model/navigation.ts';
import { findEntitySet } from '../model/registry.ts';
import { scopedSource, type ScopedSource } from '../query/scoped-source.ts';
import { invalid, notSupported, unknownProperty } from './compile-error.ts';
import { expressionDepth, MAX_EXPRESSION_DEPTH } from './expression-depth.ts';
import { compileTypeFunction } from './type-functions.ts';
import { compatible, isNumeric, type TypedSql, type ValueType } from './typed-sql.ts';

type CollectionNavigation = Extract<NavigationDefinition, { kind: 'many' }>;

/**
 * What a name in scope stands for: a lambda variable's entity or value, or a `$compute` property. A computed
 * property's SQL is pasted in wherever its name is used, so each use is charged what compiling it cost.
 */
type Binding =
  | { readonly kind: 'entity'; readonly set: EntitySetDefinition; readonly source: ScopedSource }
  | { readonly kind: 'value'; readonly value: TypedSql; readonly computed?: { readonly cost: number } };

export interface ExpressionScope {
  /** Where names resolve: the entity being filtered, or inside `Nav/$count($filter=…)` the related one ($this). */
  readonly set: EntitySetDefinition;
  readonly source: ScopedSource;
  /** `$it`: the entity the resource path identifies, whatever scope an expression is nested in (URL Conventions 4.01 §5.1.1.14.4). */
  readonly it: { readonly set: EntitySetDefinition; readonly source: ScopedSource };
  readonly tenantId: string;
  readonly aliases: Readonly<Record<string, ExprNode>>;
  readonly variables: ReadonlyMap<string, Binding>;
  /** Fresh table aliases for subqueries (t1, t2, …), shared by every scope of one request. */
  readonly nextAlias: () => string;
  /** Nodes left to compile in this request: alias references can multiply a short URL into a huge tree. */
  readonly budget: { remaining: number };
}

/** Expression nodes one request may compile, aliases expanded (about 30 times a 16 KiB URL's worth). */
export const NODE_BUDGET = 10_000;

export function rootScope(set: EntitySetDefinition, source: ScopedSource, tenantId: string, aliases: Readonly<Record<string, ExprNode>>): ExpressionScope {
  let counter = 0;
  return { set, source, it: { set, source }, tenantId, aliases, variables: new Map(), nextAlias: () => `t${++counter}`, budget: { remaining: NODE_BUDGET } };
}

const MAX_ALIAS_DEPTH = 10;

const LITERAL_CASTS: Record<string, string> = {
  Int: 'bigint',
  Decimal: 'numeric',
  Double: 'double precision',
  String: 'text',
  Date: 'date',
  DateTimeOffset: 'timestamptz',
  TimeOfDay: 'time',
  Guid: 'uuid',
  Duration: 'interval',
};
const LITERAL_TYPES: Record<string, ValueType> = {
  Int: 'Edm.Int64',
  Decimal: 'Edm.Decimal',
  Double: 'Edm.Double',
  String: 'Edm.String',
  Date: 'Edm.Date',
  DateTimeOffset: 'Edm.DateTimeOffset',
  TimeOfDay: 'Edm.TimeOfDay',
  Guid: 'Edm.Guid',
  Duration: 'Edm.Duration',
};

function literal(node: LiteralNode): TypedSql {
  const { position } = node;
  if (node.type === 'Null') return { sql: sql`null`, type: 'Null', collection: false, position };
  if (node.type === 'Boolean') return { sql: sql`${node.value as boolean}::boolean`, type: 'Edm.Boolean', collection: false, position };
  const cast = LITERAL_CASTS[node.type];
  if (!cast) throw invalid(position, `${node.type} literals do not occur in this model`);
  let value = String(node.value);
  if (node.type === 'Double') value = value.replace(/^(-?)INF$/, '$1Infinity');
  return { sql: sql`${value}::${sql.raw(cast)}`, type: LITERAL_TYPES[node.type]!, collection: false, position };
}

function requireType(value: TypedSql, accepted: (type: ValueType) => boolean, what: string): TypedSql {
  if (value.collection || !accepted(value.type)) throw invalid(value.position, `expected ${what}, found ${value.collection ? 'a collection' : value.type}`);
  return value;
}

const isString = (t: ValueType) => t === 'Edm.String' || t === 'Null';
const isTemporal = (t: ValueType) => t === 'Edm.DateTimeOffset' || t === 'Edm.Date' || t === 'Null';
const typed = (value: RawBuilder<unknown>, type: ValueType, position: number): TypedSql => ({ sql: value, type, collection: false, position });

// LIKE patterns from user text: backslash escapes the wildcards.
const likeEscaped = (value: RawBuilder<unknown>) => sql`replace(replace(replace(${value}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;

/** Counts `nodes` against the request's budget (NODE_BUDGET). */
function spend(scope: ExpressionScope, nodes: number, position: number): void {
  scope.budget.remaining -= nodes;
  if (scope.budget.remaining < 0) throw invalid(position, `the query expands to more than ${NODE_BUDGET} expression nodes (parameter aliases and computed properties multiply); simplify it`);
}

export function compileExpression(node: ExprNode, scope: ExpressionScope, depth = 0): TypedSql {
  spend(scope, 1, node.position);
  const recurse = (child: ExprNode, inner: ExpressionScope = scope) => compileExpression(child, inner, depth);
  const visitor: ExprVisitor<TypedSql> = {
    Literal: literal,
    Member: (member) => resolveMember(member, scope),
    Path: (path) => {
      const { segments } = path;
      const last = segments.at(-1);
      if (last?.name === '$count' && last.options && segments.length >= 2 && segments.slice(0, -1).every((segment) => !segment.args && !segment.filter && !segment.options)) {
        const names = segments.slice(0, -1).map((segment) => segment.name);
        const binding = names[0] === '$it' ? { kind: 'entity' as const, ...scope.it } : scope.variables.get(names[0]!);
        if (binding?.kind === 'entity' && names.length === 2) return countOf(binding.set, binding.source, names[1]!, last.options, path.position, scope);
        if (names.length === 1) return countOf(scope.set, scope.source, names[0]!, last.options, path.position, scope);
      }
      // An unknown name with parentheses parses as a (bound) function call or a keyed segment.
      const [only] = segments;
      if (segments.length === 1 && only?.args) throw notSupported(path.position, `the function ${only.name}`);
      throw notSupported(path.position, `the path ${segments.map((s) => s.name).join('/')} with parentheses`);
    },
    Alias: (alias) => {
      const value = scope.aliases[alias.name];
      // URL Conventions 4.01 §5.3: an alias given no value in the query is null.
      if (!value) return { sql: sql`null`, type: 'Null', collection: false, position: alias.position };
      if (depth >= MAX_ALIAS_DEPTH) throw invalid(alias.position, 'parameter aliases nest too deeply');
      checkDepth(value);
      return compileExpression(value, scope, depth + 1);
    },
    Array: (array) => {
      throw invalid(array.position, 'a JSON array is only allowed on the right of in');
    },
    Object: (object) => {
      throw invalid(object.position, 'this model has no complex types to compare a JSON object with');
    },
    Unary: (unary) => {
      const operand = recurse(unary.operand);
      if (unary.operator === 'not') {
        requireType(operand, (t) => t === 'Edm.Boolean' || t === 'Null', 'a Boolean after not');
        return typed(sql`not coalesce(${operand.sql}, false)`, 'Edm.Boolean', unary.position);
      }
      requireType(operand, isNumeric, 'a number after -');
      return typed(sql`(- ${operand.sql})`, operand.type, unary.position);
    },
    Binary: (binary) => {
      const left = recurse(binary.left);
      const right = recurse(binary.right);
      const { operator, position } = binary;
      if (operator === 'and' || operator === 'or') {
        requireType(left, (t) => t === 'Edm.Boolean' || t === 'Null', `a Boolean on the left of ${operator}`);
        requireType(right, (t) => t === 'Edm.Boolean' || t === 'Null', `a Boolean on the right of ${operator}`);
        return typed(sql`(${left.sql} ${sql.raw(operator)} ${right.sql})`, 'Edm.Boolean', position);
      }
      if (left.collection || right.collection) throw invalid(position, `${operator} cannot take a collection; use any() or all()`);
      if (operator === 'has') throw invalid(position, 'has applies to enumeration flags, and this model has no enumeration types');
      if (operator === 'add' || operator === 'sub' || operator === 'mul' || operator === 'div' || operator === 'divby' || operator === 'mod') {
        return arithmetic(operator, left, right, position);
      }
      if (!compatible(left.type, right.type)) throw invalid(position, `cannot apply ${operator} to ${left.type} and ${right.type}`);
      switch (operator) {
        case 'eq':
          if (left.type === 'Null' || right.type === 'Null') return typed(sql`(${left.type === 'Null' ? right.sql : left.sql} is null)`, 'Edm.Boolean', position);
          return typed(sql`(${left.sql} = ${right.sql})`, 'Edm.Boolean', position);
        case 'ne':
          return typed(sql`(${left.sql} is distinct from ${right.sql})`, 'Edm.Boolean', position);
        case 'gt':
        case 'ge':
        case 'lt':
        case 'le': {
          const op = { gt: '>', ge: '>=', lt: '<', le: '<=' }[operator];
          return typed(sql`(${left.sql} ${sql.raw(op)} ${right.sql})`, 'Edm.Boolean', position);
        }
      }
    },
    In: (node) => {
      const left = requireType(recurse(node.left), () => true, 'a single value on the left of in');
      const items = node.list ?? (node.collection?.kind === 'Array' ? node.collection.items : null);
      if (!items) throw notSupported(node.position, 'in with a collection-valued expression');
      // A parameter, not the keyword: PostgreSQL refuses a bare constant as an ORDER BY item.
      if (items.length === 0) return typed(sql`${false}::boolean`, 'Edm.Boolean', node.position);
      const values = items.map((item) => recurse(item));
      for (const value of values) if (!compatible(left.type, value.type)) throw invalid(value.position, `cannot compare ${left.type} with ${value.type} in in (…)`);
      return typed(sql`(${left.sql} in (${sql.join(values.map((v) => v.sql))}))`, 'Edm.Boolean', node.position);
    },
    Call: (call) => (call.name === 'cast' || call.name === 'isof' ? compileTypeFunction(call, scope.set, (arg) => recurse(arg)) : compileCall(call, call.args.map((arg) => recurse(arg)))),
    Lambda: (lambda) => compileLambda(lambda, scope, depth),
  };
  return visitExpr(node, visitor);
}

/**
 * Arithmetic operators with their result types (URL Conventions 4.01
 * §5.1.1.2): numbers with numbers; a date or date-time plus or minus a
 * duration; the difference of two dates or two date-times is a duration.
 * Division and modulo by zero are null (so the row does not match) rather
 * than an error.
 */
function arithmetic(operator: 'add' | 'sub' | 'mul' | 'div' | 'divby' | 'mod', left: TypedSql, right: TypedSql, position: number): TypedSql {
  const temporal = (t: ValueType) => t === 'Edm.DateTimeOffset' || t === 'Edm.Date';
  if (operator === 'add' || operator === 'sub') {
    if (temporal(left.type) && right.type === 'Edm.Duration') {
      const result = sql`(${left.sql} ${sql.raw(operator === 'add' ? '+' : '-')} ${right.sql})`;
      return left.type === 'Edm.Date' ? typed(sql`${result}::date`, 'Edm.Date', position) : typed(result, 'Edm.DateTimeOffset', position);
    }
    if (operator === 'add' && left.type === 'Edm.Duration' && temporal(right.type)) return arithmetic('add', right, left, position);
    if (left.type === 'Edm.Duration' && right.type === 'Edm.Duration') return typed(sql`(${left.sql} ${sql.raw(operator === 'add' ? '+' : '-')} ${right.sql})`, 'Edm.Duration', position);
    if (operator === 'sub' && temporal(left.type) && left.type === right.type) {
      // date - date is a number of days in PostgreSQL; OData wants a duration.
      return typed(left.type === 'Edm.Date' ? sql`make_interval(days => ${left.sql} - ${right.sql})` : sql`(${left.sql} - ${right.sql})`, 'Edm.Duration', position);
    }
  }
  requireType(left, (t) => isNumeric(t) || t === 'Null', `a number on the left of ${operator}`);
  requireType(right, (t) => isNumeric(t) || t === 'Null', `a number on the right of ${operator}`);
  // The wider operand's type, as PostgreSQL computes it (integer * bigint is a bigint).
  const either = (type: ValueType) => left.type === type || right.type === type;
  const type: ValueType = either('Edm.Double') ? 'Edm.Double' : either('Edm.Decimal') ? 'Edm.Decimal' : either('Edm.Int64') ? 'Edm.Int64' : left.type === 'Null' ? right.type : left.type;
  switch (operator) {
    case 'divby':
      return typed(sql`(${left.sql}::numeric / nullif(${right.sql}, 0))`, 'Edm.Decimal', position);
    case 'div':
      return typed(sql`(${left.sql} / nullif(${right.sql}, 0))`, type, position);
    case 'mod':
      if (type === 'Edm.Double') throw invalid(position, 'mod needs integer or decimal operands');
      return typed(sql`(${left.sql} % nullif(${right.sql}, 0))`, type, position);
    default:
      return typed(sql`(${left.sql} ${sql.raw({ add: '+', sub: '-', mul: '*' }[operator])} ${right.sql})`, type, position);
  }
}

function resolveMember(member: MemberNode, scope: ExpressionScope): TypedSql {
  if (member.path[0] === '$it') {
    if (member.path.length === 1) throw invalid(member.position, '$it alone is not a value');
    return resolveProperty(scope.it.set, scope.it.source, member.path.slice(1), member.position, scope);
  }
  const [first, ...rest] = member.path;
  if (first === undefined) throw invalid(member.position, 'an empty path is not a value');
  const binding = scope.variables.get(first);
  if (binding?.kind === 'value') {
    if (rest.length) throw invalid(member.position, `${first} is a primitive value, it has no ${rest.join('/')}`);
    if (binding.computed) spend(scope, binding.computed.cost, member.position);
    return { ...binding.value, position: member.position };
  }
  const [set, source, path] = binding ? [binding.set, binding.source, rest] : [scope.set, scope.source, [first, ...rest]];
  return resolveProperty(set, source, path, member.position, scope);
}

function resolveProperty(set: EntitySetDefinition, source: ScopedSource, path: readonly string[], position: number, scope: ExpressionScope): TypedSql {
  const [name, ...rest] = path;
  if (name === undefined) throw invalid(position, 'a navigation property is not a value; name one of its properties');
  if (rest.length === 1 && rest[0] === '$count') return countOf(set, source, name, undefined, position, scope);
  const property = set.properties.find((p) => p.name === name);
  if (property) {
    if (rest.length) throw invalid(position, `${name} is a primitive property, it has no ${rest.join('/')}`);
    return { sql: source.column(name), type: property.type, collection: property.collection, position };
  }
  const navigation = set.navigation.find((n) => n.name === name);
  if (navigation) {
    if (navigation.kind !== 'one') throw invalid(position, `${name} is a collection; use ${name}/any(…) or ${name}/all(…)`);
    const target = findEntitySet(navigation.target)!;
    const related = scopedSource(target.table, scope.nextAlias(), scope.tenantId);
    const value = resolveProperty(target, related, rest, position, scope);
    // A single-valued navigation is a correlated scalar subquery: the tenant condition travels with it.
    return { ...value, sql: sql`(select ${value.sql} from ${related.from} where ${related.tenantCondition} and ${related.column('id')} = ${source.column(navigation.foreignKey)})` };
  }
  if (set.open && rest.length === 0 && /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name)) {
    return { sql: sql`(${source.column('additional_fields')} ->> ${name})`, type: 'Edm.String', collection: false, position };
  }
  throw unknownProperty(set.type, name, position);
}

function compileLambda(lambda: LambdaNode, scope: ExpressionScope, depth: number): TypedSql {
  if (lambda.collection.kind !== 'Member') throw notSupported(lambda.position, 'lambdas over filtered or keyed paths');
  const { path } = lambda.collection;
  const [first, ...rest] = path;
  const binding = first === undefined ? undefined : scope.variables.get(first);
  const [set, source, navPath] = binding?.kind === 'entity' ? [binding.set, binding.source, rest] : [scope.set, scope.source, path];
  if (navPath.length !== 1) throw notSupported(lambda.position, 'lambdas over paths longer than one segment');
  const name = navPath[0]!;
  const variable = lambda.variable;
  if (variable && (scope.variables.has(variable) || set.properties.some((p) => p.name === variable))) {
    throw invalid(lambda.position, `the lambda variable ${variable} hides another name`);
  }
  const predicateIn = (inner: ExpressionScope) => {
    if (!lambda.predicate) return sql`true`;
    const predicate = compileExpression(lambda.predicate, inner, depth);
    requireType(predicate, (t) => t === 'Edm.Boolean' || t === 'Null', 'a Boolean lambda predicate');
    return lambda.operator === 'all' ? sql`not coalesce(${predicate.sql}, false)` : predicate.sql;
  };
  const wrap = (exists: RawBuilder<unknown>) => typed(lambda.operator === 'any' ? sql`exists (${exists})` : sql`not exists (${exists})`, 'Edm.Boolean', lambda.position);

  const property = set.properties.find((p) => p.name === name);
  if (property?.collection) {
    const alias = scope.nextAlias();
    const element: TypedSql = { sql: sql.ref(`${alias}.value`), type: property.type, collection: false, position: lambda.position };
    const inner = { ...scope, variables: new Map(scope.variables).set(variable ?? '$this', { kind: 'value' as const, value: element }) };
    return wrap(sql`select 1 from unnest(${source.column(name)}) as ${sql.id(alias)}(value) where ${predicateIn(inner)}`);
  }
  const navigation = set.navigation.find((n) => n.name === name);
  if (!navigation) throw property ? invalid(lambda.position, `${name} is not a collection`) : unknownProperty(set.type, name, lambda.position);
  if (navigation.kind !== 'many') throw invalid(lambda.position, `${name} is a single entity; compare its properties directly`);
  const rows = relatedRows(navigation, source, scope);
  const inner = { ...scope, variables: new Map(scope.variables).set(variable ?? '$this', { kind: 'entity' as const, set: rows.set, source: rows.source }) };
  return wrap(sql`select 1 from ${rows.from} where ${rows.where} and ${predicateIn(inner)}`);
}

/**
 * The rows a collection navigation of the entity at `source` leads to, within the tenant: the FROM and WHERE of a
 * correlated subquery (for lambdas and `/$count`), through the link table for a many-to-many one.
 */
function relatedRows(navigation: CollectionNavigation, source: ScopedSource, scope: ExpressionScope): { set: EntitySetDefinition; source: ScopedSource; from: RawBuilder<unknown>; where: RawBuilder<unknown> } {
  const set = findEntitySet(navigation.target)!;
  const related = scopedSource(set.table, scope.nextAlias(), scope.tenantId);
  if ('link' in navigation) {
    const link = scopedSource(navigation.link.table, scope.nextAlias(), scope.tenantId);
    return {
      set,
      source: related,
      from: sql`${link.from} join ${related.from} on ${related.tenantCondition} and ${related.column('id')} = ${link.column(navigation.link.target)}`,
      where: sql`${link.tenantCondition} and ${link.column(navigation.link.source)} = ${source.column('id')}`,
    };
  }
  return { set, source: related, from: related.from, where: sql`${related.tenantCondition} and ${related.column(navigation.targetForeignKey)} = ${source.column('id')}` };
}

/**
 * `Contacts/$count`, and in 4.01 `Contacts/$count($filter=…)` (URL Conventions 4.01 §5.1.1.15 Path Expressions, and §4.8 for the count of a collection):
 * how many related entities, as a correlated count; `keywords/$count` for a collection of primitives.
 */
function countOf(set: EntitySetDefinition, source: ScopedSource, name: string, options: QueryOptionsNode | undefined, position: number, scope: ExpressionScope): TypedSql {
  if (options?.search) throw notSupported(position, '$count($search=…)');
  const property = set.properties.find((p) => p.name === name);
  if (property?.collection) {
    if (options?.filter) throw notSupported(position, '$count($filter=…) over a collection of primitive values');
    return typed(sql`coalesce(cardinality(${source.column(name)}), 0)::bigint`, 'Edm.Int64', position);
  }
  const navigation = set.navigation.find((n) => n.name === name);
  if (!navigation) throw property ? invalid(position, `${name} is not a collection; $count counts collections`) : unknownProperty(set.type, name, position);
  if (navigation.kind !== 'many') throw invalid(position, `${name} is a single entity; $count counts collections`);
  const rows = relatedRows(navigation, source, scope);
  // The nested $filter names properties of the related entity, which is also $this; $it stays the entity being filtered.
  // Computed properties are the outer entity's: here its names are the related entity's properties.
  const variables = new Map([...scope.variables].filter(([, binding]) => !(binding.kind === 'value' && binding.computed)));
  const inner = { ...scope, set: rows.set, source: rows.source, variables: variables.set('$this', { kind: 'entity' as const, set: rows.set, source: rows.source }) };
  const filter = options?.filter ? compileFilter(options.filter, inner) : sql`true`;
  return typed(sql`(select count(*) from ${rows.from} where ${rows.where} and ${filter})`, 'Edm.Int64', position);
}

function arity(call: CallNode, args: readonly TypedSql[], min: number, max = min): void {
  if (args.length < min || args.length > max) throw invalid(call.position, `${call.name} takes ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`);
}

/** The canonical functions of URL Conventions §5.1.1.5–5.1.1.7 that apply to this model's types. */
function compileCall(call: CallNode, args: readonly TypedSql[]): TypedSql {
  const { position } = call;
  const str = (i: number) => requireType(args[i]!, isString, `a string as argument ${i + 1} of ${call.name}`).sql;
  const time = (i: number) => requireType(args[i]!, isTemporal, `a date or date-time as argument ${i + 1} of ${call.name}`);
  const int = (i: number) => requireType(args[i]!, (t) => t === 'Edm.Int32' || t === 'Edm.Int64', `an integer as argument ${i + 1} of ${call.name}`).sql;
  const bool = (value: RawBuilder<unknown>) => typed(value, 'Edm.Boolean', position);
  const utc = (value: TypedSql) => (value.type === 'Edm.Date' ? value.sql : sql`(${value.sql} at time zone 'UTC')`);
  switch (call.name) {
    case 'contains':
      arity(call, args, 2);
      return bool(sql`(${str(0)} like '%' || ${likeEscaped(str(1))} || '%')`);
    case 'startswith':
      arity(call, args, 2);
      return bool(sql`(${str(0)} like ${likeEscaped(str(1))} || '%')`);
    case 'endswith':
      arity(call, args, 2);
      return bool(sql`(${str(0)} like '%' || ${likeEscaped(str(1))})`);
    case 'length':
      arity(call, args, 1);
      return typed(sql`char_length(${str(0)})`, 'Edm.Int32', position);
    case 'indexof':
      arity(call, args, 2);
      return typed(sql`(strpos(${str(0)}, ${str(1)}) - 1)`, 'Edm.Int32', position);
    case 'substring':
      arity(call, args, 2, 3);
      // Positions and lengths are clamped to what PostgreSQL's substr accepts; OData gives '' beyond the end.
      return typed(
        args.length === 3
          ? sql`substr(${str(0)}, least(greatest(${int(1)}, 0), 2147483646)::int + 1, least(greatest(${int(2)}, 0), 2147483647)::int)`
          : sql`substr(${str(0)}, least(greatest(${int(1)}, 0), 2147483646)::int + 1)`,
        'Edm.String',
        position,
      );
    case 'tolower':
    case 'toupper':
      arity(call, args, 1);
      return typed(sql`${sql.raw(call.name === 'tolower' ? 'lower' : 'upper')}(${str(0)})`, 'Edm.String', position);
    case 'trim':
      arity(call, args, 1);
      return typed(sql`btrim(${str(0)})`, 'Edm.String', position);
    case 'concat':
      arity(call, args, 2);
      return typed(sql`(${str(0)} || ${str(1)})`, 'Edm.String', position);
    case 'matchespattern':
      arity(call, args, 2);
      // XML Schema regular expressions and PostgreSQL's POSIX ones agree on the common subset.
      return bool(sql`(${str(0)} ~ ${str(1)})`);
    case 'year':
    case 'month':
    case 'day':
      arity(call, args, 1);
      return typed(sql`extract(${sql.raw(call.name)} from ${utc(time(0))})::int`, 'Edm.Int32', position);
    case 'hour':
    case 'minute':
    case 'second': {
      arity(call, args, 1);
      const value = requireType(args[0]!, (t) => t === 'Edm.DateTimeOffset' || t === 'Edm.TimeOfDay' || t === 'Null', `a date-time or time as argument 1 of ${call.name}`);
      const source = value.type === 'Edm.TimeOfDay' ? value.sql : utc(value);
      return typed(sql`floor(extract(${sql.raw(call.name)} from ${source}))::int`, 'Edm.Int32', position);
    }
    case 'date':
      arity(call, args, 1);
      return typed(sql`(${utc(time(0))})::date`, 'Edm.Date', position);
    case 'time': {
      arity(call, args, 1);
      const value = requireType(args[0]!, (t) => t === 'Edm.DateTimeOffset' || t === 'Null', 'a date-time as argument 1 of time');
      return typed(sql`(${utc(value)})::time`, 'Edm.TimeOfDay', position);
    }
    case 'fractionalseconds': {
      arity(call, args, 1);
      const value = requireType(args[0]!, (t) => t === 'Edm.DateTimeOffset' || t === 'Edm.TimeOfDay' || t === 'Null', 'a date-time or time as argument 1 of fractionalseconds');
      const source = value.type === 'Null' ? sql`null::timestamptz` : value.sql;
      return typed(sql`((extract(microseconds from ${source}) % 1000000) / 1000000)`, 'Edm.Decimal', position);
    }
    case 'totaloffsetminutes':
      arity(call, args, 1);
      // Every date-time is stored and served in UTC, so its offset is 0 (null for null).
      return typed(sql`(case when ${requireType(args[0]!, (t) => t === 'Edm.DateTimeOffset' || t === 'Null', 'a date-time as argument 1 of totaloffsetminutes').sql} is not null then 0 end)`, 'Edm.Int32', position);
    case 'totalseconds': {
      arity(call, args, 1);
      const value = requireType(args[0]!, (t) => t === 'Edm.Duration' || t === 'Null', 'a duration as argument 1 of totalseconds');
      return typed(sql`extract(epoch from ${value.type === 'Null' ? sql`null::interval` : value.sql})`, 'Edm.Decimal', position);
    }
    case 'maxdatetime':
    case 'mindatetime':
      arity(call, args, 0);
      return typed(sql`${call.name === 'maxdatetime' ? '9999-12-31 23:59:59.999999+00' : '0001-01-01 00:00:00+00'}::timestamptz`, 'Edm.DateTimeOffset', position);
    case 'now':
      arity(call, args, 0);
      return typed(sql`now()`, 'Edm.DateTimeOffset', position);
    case 'round':
    case 'floor':
    case 'ceiling': {
      arity(call, args, 1);
      const value = requireType(args[0]!, isNumeric, `a number as argument 1 of ${call.name}`);
      return typed(sql`${sql.raw(call.name === 'ceiling' ? 'ceil' : call.name)}(${value.sql})`, value.type, position);
    }
    default:
      throw notSupported(position, `the function ${call.name}`);
  }
}

/** Refuses expressions too deep to compile safely (expression-depth.ts). */
export function checkDepth(node: ExprNode): void {
  const depth = expressionDepth(node);
  if (depth > MAX_EXPRESSION_DEPTH) throw invalid(node.position, `the expression nests ${depth} levels deep, more than ${MAX_EXPRESSION_DEPTH}; use in (…) for long lists of values`);
}

/** A $filter: a Boolean expression. */
export function compileFilter(node: ExprNode, scope: ExpressionScope): RawBuilder<boolean> {
  checkDepth(node);
  const value = compileExpression(node, scope);
  requireType(value, (t) => t === 'Edm.Boolean' || t === 'Null', 'a Boolean $filter');
  // Used in WHERE, where unknown already means false; wrapping it (coalesce) would hide the conditions from indexes.
  return value.sql as RawBuilder<boolean>;
}
