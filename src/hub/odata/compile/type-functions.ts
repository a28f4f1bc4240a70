/**
 * `cast` and `isof` (URL Conventions 4.01 §5.1.1.10): the last argument is a
 * qualified type name, not a value, so they are compiled apart from the other
 * functions. The model has primitive types and entity types without
 * inheritance, so:
 *
 * - `isof(expr, Edm.X)` is decided by the expression's type (and is false for
 *   null, which is an instance of no type); `isof(CommonTime.T)` asks whether
 *   the entity being filtered is of type T.
 * - `cast(expr, Edm.X)` converts between primitive types. A string that does
 *   not spell a value of the target type casts to null, as the standard says
 *   ("if the cast fails, the cast function returns null"): its spelling is
 *   checked by the patterns below, and what a pattern cannot see (a 30
 *   February, a number out of range) by the odata_try_cast_* functions of
 *   migration 0013, so that one odd stored value never fails a whole query.
 *   To an integer, the fraction is dropped (toward zero).
 * - `isof(expr, Edm.X)` is an exact match of types: an Edm.Int32 value is not
 *   of type Edm.Int64.
 * - Casting an entity is a 400: no derived types to cast to. Durations cast
 *   to nothing: PostgreSQL would spell them its own way, not ISO 8601.
 */
import { sql, type RawBuilder } from 'kysely';
import type { CallNode, ExprNode } from '../ast/index.ts';
import { NAMESPACE } from '../metadata/namespace.ts';
import type { EntitySetDefinition } from '../model/entity-set.ts';
import { SQL_TYPES, type EdmPrimitive } from '../model/edm.ts';
import { invalid } from './compile-error.ts';
import { isNumeric, type TypedSql, type ValueType } from './typed-sql.ts';

/** What a string must look like to cast to each type (lenient where PostgreSQL's own input is). */
const SPELLING: Partial<Record<EdmPrimitive, string>> = {
  'Edm.Int32': '^\\s*[+-]?[0-9]+\\s*$',
  'Edm.Int64': '^\\s*[+-]?[0-9]+\\s*$',
  'Edm.Decimal': '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*$',
  'Edm.Double': '^\\s*([+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|NaN|-?INF)\\s*$',
  'Edm.Boolean': '^\\s*([tT][rR][uU][eE]|[fF][aA][lL][sS][eE])\\s*$',
  'Edm.Date': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  'Edm.DateTimeOffset': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$',
  'Edm.Guid': '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
};

/** Casts that a well-spelled string can still fail (migration 0013); booleans and GUIDs cannot once spelled right. */
const TRY_CAST: Partial<Record<EdmPrimitive, string>> = {
  'Edm.Int32': 'odata_try_cast_integer',
  'Edm.Int64': 'odata_try_cast_bigint',
  'Edm.Decimal': 'odata_try_cast_numeric',
  'Edm.Double': 'odata_try_cast_double',
  'Edm.Date': 'odata_try_cast_date',
  'Edm.DateTimeOffset': 'odata_try_cast_timestamptz',
};

const PRIMITIVES = Object.keys(SQL_TYPES) as EdmPrimitive[];

function typeNameOf(call: CallNode): string {
  const last = call.args.at(-1);
  const name = last?.kind === 'Member' && last.path.length === 1 ? last.path[0]! : undefined;
  if (call.args.length < 1 || call.args.length > 2 || !name || !name.includes('.')) {
    throw invalid(call.position, `${call.name} takes an optional expression and a qualified type name, as in ${call.name}(duration_seconds,Edm.String)`);
  }
  return name;
}

/** The value as OData writes it in JSON text, without quotes (value-format.ts for the response's side). */
function asString(value: TypedSql): RawBuilder<unknown> {
  if (value.type === 'Edm.DateTimeOffset') return sql`(replace((${value.sql} at time zone 'UTC')::text, ' ', 'T') || 'Z')`;
  if (value.type === 'Edm.Double') return sql`replace(${value.sql}::text, 'Infinity', 'INF')`;
  return sql`${value.sql}::text`;
}

function castValue(value: TypedSql, target: EdmPrimitive, position: number): RawBuilder<unknown> {
  const to = sql.raw(SQL_TYPES[target]);
  if (value.type === 'Null') return sql`null::${to}`;
  if (value.type === target) return value.sql;
  if (target === 'Edm.String' && value.type !== 'Edm.Duration') return asString(value);
  if (value.type === 'Edm.String') {
    const text = target === 'Edm.Double' ? sql`replace(${value.sql}, 'INF', 'Infinity')` : target === 'Edm.Boolean' ? sql`lower(btrim(${value.sql}))` : value.sql;
    const tried = TRY_CAST[target];
    return sql`(case when ${value.sql} ~ ${SPELLING[target]!} then ${tried ? sql`${sql.raw(tried)}(${text})` : sql`(${text})::${to}`} end)`;
  }
  if (isNumeric(value.type) && isNumeric(target)) {
    // To an integer, the fraction is dropped (toward zero), as casts in programming languages do; PostgreSQL alone would round.
    const integer = target === 'Edm.Int32' || target === 'Edm.Int64';
    return integer && (value.type === 'Edm.Decimal' || value.type === 'Edm.Double') ? sql`trunc(${value.sql})::${to}` : sql`(${value.sql})::${to}`;
  }
  if (value.type === 'Edm.DateTimeOffset' && target === 'Edm.Date') return sql`(${value.sql} at time zone 'UTC')::date`;
  if (value.type === 'Edm.Date' && target === 'Edm.DateTimeOffset') return sql`(${value.sql}::timestamp at time zone 'UTC')`;
  throw invalid(position, `cannot cast ${value.type} to ${target}`);
}

export function compileTypeFunction(call: CallNode, set: EntitySetDefinition, compile: (node: ExprNode) => TypedSql): TypedSql {
  const typeName = typeNameOf(call);
  const primitive = PRIMITIVES.find((type) => type === typeName);
  const entityType = `${NAMESPACE}.${set.type}`;
  const result = (value: RawBuilder<unknown>, type: ValueType): TypedSql => ({ sql: value, type, collection: false, position: call.position });
  if (call.args.length === 1) {
    // The instance itself: the entity being filtered.
    if (call.name === 'isof') return result(sql`${typeName === entityType}::boolean`, 'Edm.Boolean');
    throw invalid(call.position, `cast(${typeName}) would cast the entity itself; this model has no derived types to cast to`);
  }
  if (!primitive) throw invalid(call.position, `${typeName} is not a primitive type this model uses (${PRIMITIVES.join(', ')})`);
  const value = compile(call.args[0]!);
  if (value.collection) throw invalid(value.position, `${call.name} takes a single value, not a collection`);
  // A parameter, not the keyword: PostgreSQL refuses a bare constant as an ORDER BY item.
  if (call.name === 'isof') return result(value.type === primitive ? sql`(${value.sql} is not null)` : sql`${false}::boolean`, 'Edm.Boolean');
  return result(castValue(value, primitive, call.position), primitive);
}
