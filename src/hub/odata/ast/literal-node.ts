/**
 * A primitive literal. `value` keeps the text of numbers and temporal values
 * (after the checks of the ABNF and the calendar) so that no precision is lost
 * before the compiler binds it as a SQL parameter:
 *
 * | type             | written as                                   | value                                   |
 * |------------------|----------------------------------------------|-----------------------------------------|
 * | `Null`           | `null`                                       | `null`                                  |
 * | `Boolean`        | `true`, `False`                              | `true`, `false`                         |
 * | `Int`            | `42`, `-7`, `+3` (fits Int64)                | `'42'`, `'-7'`, `'3'` (canonical)       |
 * | `Decimal`        | `2.45`, integers beyond Int64                | as written, without a leading `+`       |
 * | `Double`         | `1.5e3`, `INF`, `-INF`, `NaN`                | as written, without a leading `+`       |
 * | `String`         | `'O''Neil'`                                  | `O'Neil`                                |
 * | `Date`           | `2024-01-15`                                 | as written                              |
 * | `DateTimeOffset` | `2024-01-15T10:30:00.123+01:00`              | as written                              |
 * | `TimeOfDay`      | `10:30:00`                                   | as written                              |
 * | `Guid`           | `01234567-89ab-cdef-0123-456789abcdef`       | as written                              |
 * | `Duration`       | `duration'P1DT2H'`                           | `P1DT2H`                                |
 * | `Binary`         | `binary'Zm9v'`                               | `Zm9v` (base64url, still encoded)       |
 * | `Enum`           | `Sales.Pattern'Yellow,Solid'`                | `{ type: 'Sales.Pattern', members: ['Yellow', 'Solid'] }` |
 * | `Geography`      | `geography'SRID=0;Point(1 2)'`               | `SRID=0;Point(1 2)`                     |
 * | `Geometry`       | `geometry'SRID=0;Point(1 2)'`                | `SRID=0;Point(1 2)`                     |
 *
 * OData 4.01 lets durations and enumeration values drop their prefix
 * (`'P1D'`, `'Yellow'`); without a model those are indistinguishable from
 * strings, so they are `String` literals here and the validator converts them
 * by the type of the property they meet.
 */

/** An enumeration value: the qualified type name and the members (names or integers) as written. */
export interface EnumValue {
  readonly type: string;
  readonly members: readonly string[];
}

interface LiteralOf<T extends string, V> {
  readonly kind: 'Literal';
  readonly type: T;
  readonly value: V;
  readonly position: number;
}

type TextLiteralType =
  | 'Int'
  | 'Decimal'
  | 'Double'
  | 'String'
  | 'Date'
  | 'DateTimeOffset'
  | 'TimeOfDay'
  | 'Guid'
  | 'Duration'
  | 'Binary'
  | 'Geography'
  | 'Geometry';

// One union member per text type, so that `Extract<LiteralNode, { type: 'Int' }>` finds it.
type TextLiteral = { [T in TextLiteralType]: LiteralOf<T, string> }[TextLiteralType];

export type LiteralNode = LiteralOf<'Null', null> | LiteralOf<'Boolean', boolean> | LiteralOf<'Enum', EnumValue> | TextLiteral;

export type LiteralType = LiteralNode['type'];

export type LiteralValue<T extends LiteralType> = Extract<LiteralNode, { type: T }>['value'];

export const LiteralNode = Object.freeze({
  is(node: { readonly kind: string }): node is LiteralNode {
    return node.kind === 'Literal';
  },

  create<T extends LiteralType>(type: T, value: LiteralValue<T>, position: number): Extract<LiteralNode, { type: T }> {
    const frozenValue =
      typeof value === 'object' && value !== null
        ? Object.freeze({ type: (value as EnumValue).type, members: Object.freeze([...(value as EnumValue).members]) })
        : value;
    return Object.freeze({ kind: 'Literal', type, value: frozenValue, position }) as unknown as Extract<LiteralNode, { type: T }>;
  },
});
