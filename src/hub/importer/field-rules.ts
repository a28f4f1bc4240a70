/**
 * The data-type rules of CSV cells, as SQL over the staging table's text
 * columns, so that a job validates and converts a batch of rows in one
 * statement. docs/importer.md ("Data-type rules") states the same rules for
 * users.
 *
 * Each rule is a pair of SQL expressions over a cell `v` (already
 * `nullif(cell, '')`: an empty cell is null, and null is always accepted):
 * `accepts(v)` never raises (casts are guarded by CASE, whose branches
 * PostgreSQL evaluates in order), and `convert(v)` is only reached for
 * values `accepts` let through.
 */
import type { EdmPrimitive } from '../odata/model/edm.ts';
import type { PropertyDefinition } from '../odata/model/property.ts';

export interface FieldRule {
  /** SQL: true when `v` is acceptable. */
  accepts(v: string): string;
  /** SQL: the column value for an accepted `v`. */
  convert(v: string): string;
  /** What an offending value is not, for the job's `error`. */
  readonly expected: string;
}

/** Ids and references to other records (`account_id`, …) stay short enough for a B-tree index entry. */
export const MAX_ID_CHARACTERS = 500;
/** Other standard text fields (their words also feed the full-text index, which caps at 1 MB). */
export const MAX_TEXT_CHARACTERS = 10_000;
/** One additional field's value, and all of one record's additional fields together (jsonb caps at 256 MB). */
export const MAX_ADDITIONAL_BYTES = 10 * 1024 * 1024;
export const MAX_ADDITIONAL_RECORD_BYTES = 200 * 1024 * 1024;

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** `then` is evaluated only for values of at most `maxLength` characters that match `pattern`. */
const guarded = (v: string, maxLength: number, pattern: string, then: string) =>
  `(case when char_length(${v}) > ${maxLength} then false when ${v} ~ ${quote(pattern)} then ${then} else false end)`;

/** Valid calendar date from the year, month and day expressions (SQL), proleptic Gregorian, year 1 to 9999. */
function calendarDate(y: string, m: string, d: string): string {
  const leap = `(case when (${y} % 4 = 0 and ${y} % 100 <> 0) or ${y} % 400 = 0 then 1 else 0 end)`;
  const days = `(case when ${m} = 2 then 28 + ${leap} when ${m} in (4, 6, 9, 11) then 30 else 31 end)`;
  return `(${y} >= 1 and ${m} between 1 and 12 and ${d} between 1 and ${days})`;
}

const part = (v: string, from: number, length: number) => `substr(${v}, ${from}, ${length})::int`;
const dateOf = (v: string) => calendarDate(part(v, 1, 4), part(v, 6, 2), part(v, 9, 2));

// Unbounded quantifiers with a separate length check: PostgreSQL expands a bounded one ({1,38}) into copies of its atom, which makes matching slow.
const NUMBER = '^[+-]?[0-9]+([.][0-9]+)?$';
const number = (v: string) => `char_length(${v}) <= 78 and ${v} ~ ${quote(NUMBER)} and char_length(split_part(ltrim(${v}, '+-'), '.', 1)) <= 38 and char_length(split_part(${v}, '.', 2)) <= 38`;
const DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
// RFC 3339 (a profile of ISO 8601): seconds and fraction optional, offset optional (then UTC), T or space.
const DATE_TIME = '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?$';
const UUID = '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$';

const dateTimeParts = (v: string) =>
  [
    dateOf(v),
    `${part(v, 12, 2)} <= 23`,
    `${part(v, 15, 2)} <= 59`,
    `coalesce(substring(${v} from '^.{16}:([0-9]{2})')::int <= 59, true)`,
    `coalesce(substring(${v} from '[+-]([0-9]{2}):[0-9]{2}$')::int <= 14, true)`,
    `coalesce(substring(${v} from '[+-][0-9]{2}:([0-9]{2})$')::int <= 59, true)`,
  ].join(' and ');

const TYPE_RULES: Readonly<Record<EdmPrimitive, FieldRule>> = {
  'Edm.String': { accepts: (v) => `char_length(${v}) <= ${MAX_TEXT_CHARACTERS}`, convert: (v) => v, expected: `text of at most ${MAX_TEXT_CHARACTERS} characters` },
  'Edm.Boolean': { accepts: (v) => `lower(${v}) in ('true', 'false')`, convert: (v) => `lower(${v})::boolean`, expected: 'a boolean (true or false)' },
  'Edm.Int32': {
    accepts: (v) => guarded(v, 11, '^[+-]?[0-9]+$', `${v}::numeric between -2147483648 and 2147483647`),
    convert: (v) => `${v}::integer`,
    expected: 'a whole number from -2147483648 to 2147483647',
  },
  'Edm.Int64': {
    accepts: (v) => guarded(v, 20, '^[+-]?[0-9]+$', `${v}::numeric between -9223372036854775808 and 9223372036854775807`),
    convert: (v) => `${v}::bigint`,
    expected: 'a whole number of at most 19 digits',
  },
  'Edm.Decimal': { accepts: number, convert: (v) => `${v}::numeric`, expected: 'a number (digits, an optional . and decimals; no thousands separators)' },
  'Edm.Double': { accepts: number, convert: (v) => `${v}::double precision`, expected: 'a number (digits, an optional . and decimals; no thousands separators)' },
  'Edm.Date': { accepts: (v) => guarded(v, 10, DATE, dateOf(v)), convert: (v) => `${v}::date`, expected: 'a date (YYYY-MM-DD)' },
  'Edm.DateTimeOffset': {
    accepts: (v) => guarded(v, 35, DATE_TIME, dateTimeParts(v)),
    convert: (v) => `upper(${v})::timestamptz`,
    expected: 'a date-time (ISO 8601, e.g. 2025-02-06T14:41:38Z; without an offset it is UTC)',
  },
  'Edm.Guid': { accepts: (v) => `${v} ~ ${quote(UUID)}`, convert: (v) => `${v}::uuid`, expected: 'a UUID' },
};

const REFERENCE_RULE: FieldRule = {
  accepts: (v) => `char_length(${v}) <= ${MAX_ID_CHARACTERS}`,
  convert: (v) => v,
  expected: `an id of at most ${MAX_ID_CHARACTERS} characters`,
};

/** A standard field's rule: by its EDM type; ids of other records are bounded like ids; enumerations list their values. */
export function standardRule(property: PropertyDefinition): FieldRule {
  if (property.values) {
    const list = property.values.map(quote).join(', ');
    return { accepts: (v) => `${v} in (${list})`, convert: (v) => v, expected: `one of ${property.values.join(', ')}` };
  }
  if (property.type === 'Edm.String' && property.name.endsWith('_id')) return REFERENCE_RULE;
  return TYPE_RULES[property.type];
}

/** The record's own id: present, and short enough for the primary key. */
export const ID_RULE: FieldRule = {
  accepts: (v) => `${v} is not null and char_length(${v}) <= ${MAX_ID_CHARACTERS}`,
  convert: (v) => v,
  expected: `a non-empty id of at most ${MAX_ID_CHARACTERS} characters`,
};

/** Additional fields are kept as submitted (text), bounded in size only. */
export const ADDITIONAL_RULE: FieldRule = {
  accepts: (v) => `octet_length(${v}) <= ${MAX_ADDITIONAL_BYTES}`,
  convert: (v) => v,
  expected: `text of at most ${MAX_ADDITIONAL_BYTES} bytes`,
};
