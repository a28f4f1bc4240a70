/**
 * A compiled expression and its EDM type, as the compiler passes them
 * between nodes. `Null` is the type of the `null` literal; TimeOfDay and
 * Duration occur only as values of functions and literals.
 */
import type { RawBuilder } from 'kysely';
import type { EdmPrimitive } from '../model/edm.ts';

export type ValueType = EdmPrimitive | 'Null' | 'Edm.TimeOfDay' | 'Edm.Duration';

export interface TypedSql {
  readonly sql: RawBuilder<unknown>;
  readonly type: ValueType;
  /** A collection of primitives (only lambdas may use it). */
  readonly collection: boolean;
  readonly position: number;
}

export const NUMERIC: readonly ValueType[] = ['Edm.Int32', 'Edm.Int64', 'Edm.Decimal', 'Edm.Double'];

export function isNumeric(type: ValueType): boolean {
  return NUMERIC.includes(type);
}

/** Whether values of the two types can be compared or combined (numbers with numbers, a type with itself, anything with null). */
export function compatible(a: ValueType, b: ValueType): boolean {
  if (a === 'Null' || b === 'Null' || a === b) return true;
  if (isNumeric(a) && isNumeric(b)) return true;
  // A date compares with a date-time (OData promotes Edm.Date).
  return [a, b].every((t) => t === 'Edm.Date' || t === 'Edm.DateTimeOffset');
}
