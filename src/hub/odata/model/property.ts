/**
 * A structural property of an entity type: its OData name (lowercase
 * snake_case, as Four/Four serves them), EDM type, nullability and the
 * column it is stored in (the same name). Enumerated string values are
 * documented and checked, but typed Edm.String as Four/Four serves them
 * (docs/odata.md, "Entity sets").
 */
import type { EdmPrimitive } from './edm.ts';

export interface PropertyDefinition {
  readonly name: string;
  readonly type: EdmPrimitive;
  readonly collection: boolean;
  readonly nullable: boolean;
  /** Allowed values of a string property, when it is an enumeration. */
  readonly values?: readonly string[];
  readonly description: string;
}

type Options = { nullable?: boolean; values?: readonly string[] };

function property(type: EdmPrimitive, collection = false) {
  return (description: string, options: Options = {}) =>
    (name: string): PropertyDefinition =>
      Object.freeze({ name, type, collection, nullable: options.nullable ?? true, ...(options.values ? { values: Object.freeze([...options.values]) } : {}), description });
}

/** Property constructors: `p.string('Display name')('name')`, curried so the registry reads as a table. */
export const p = {
  string: property('Edm.String'),
  boolean: property('Edm.Boolean'),
  int32: property('Edm.Int32'),
  int64: property('Edm.Int64'),
  decimal: property('Edm.Decimal'),
  double: property('Edm.Double'),
  date: property('Edm.Date'),
  dateTime: property('Edm.DateTimeOffset'),
  guid: property('Edm.Guid'),
  strings: property('Edm.String', true),
};
