/**
 * Reading a record back as the importer stored it (Four/Four's documentation, docs/importer.md: "a CSV
 * containing a header row and a single data row, with both standard and
 * additional fields merged together").
 *
 * Columns: the id, then the standard fields that hold a value in the set's
 * order (so Four/Four's example comes back exactly as it was sent), then the
 * additional fields that hold a value, sorted by name. Values are written
 * in the forms the data-type rules accept, so a read-back file imports
 * again unchanged, except text that a spreadsheet would run as a formula.
 *
 * CSV injection (OWASP, "CSV Injection"): a text value that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return (or their full-width forms,
 * which some spreadsheets fold into them) gets a leading `'`, so a
 * spreadsheet shows it as text. A text value that starts with `'` gets one
 * too, so a client recovers the stored value by dropping one leading `'`
 * from any text value that has it (docs/importer.md). Text values are also
 * quoted, so a spreadsheet that splits lines at `;`, a tab or `|` (Excel in
 * many locales) cannot cut `x;=1+1` into a formula cell. Only plain words
 * stay bare (plain()), which no separator turns into a formula: Four/Four's
 * example then comes back byte for byte. Numbers, dates and booleans are
 * never prefixed nor quoted: they cannot hold a formula, and `-12.5` stays
 * a number.
 */
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { PropertyDefinition } from '../odata/model/property.ts';
import type { RecordTypeDefinition } from './record-types.ts';

const FORMULA_START = /^['=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

// Letters, digits, spaces, `.`, `_`, `:`, `/`, and `-` after a letter or digit: whatever a spreadsheet splits at, no
// cell starts a formula. Two flat patterns rather than one with a lookbehind, which overflows V8's stack on a 10 MB value.
const PLAIN_CHARACTERS = /^[\p{L}\p{N}][\p{L}\p{N} ._:/-]*$/u;
const DASH_STARTING_A_CELL = /[^\p{L}\p{N}]-/u;

function plain(text: string): boolean {
  return PLAIN_CHARACTERS.test(text) && !DASH_STARTING_A_CELL.test(text);
}

interface Cell {
  readonly value: string;
  readonly text: boolean;
}

function textCell(text: string): Cell {
  return { value: FORMULA_START.test(text) ? `'${text}` : text, text: true };
}

function asText(property: PropertyDefinition): string {
  const column = `t.${property.name}`;
  switch (property.type) {
    case 'Edm.DateTimeOffset':
      return `regexp_replace(to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '[.]?0+$', '') || 'Z'`;
    case 'Edm.Date':
      return `to_char(${column}, 'YYYY-MM-DD')`;
    default:
      return `${column}::text`;
  }
}

/** The record as CSV text, or undefined when this tenant has no such record. */
export async function readRecordCsv(db: Db, tenantId: string, definition: RecordTypeDefinition, id: string): Promise<string | undefined> {
  const columns = definition.fields.map((p) => `${asText(p)} as ${p.name}`).join(', ');
  const { rows } = await sql<Record<string, string | null>>`
    select ${sql.raw(columns)}, t.additional_fields::text as additional_fields
    from ${sql.table(definition.set.table)} t where t.tenant_id = ${tenantId} and t.id = ${id}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const header: string[] = [];
  const cells: Cell[] = [];
  for (const { name, type } of definition.fields) {
    const value = row[name];
    if (value === null || value === undefined) continue;
    header.push(name);
    cells.push(type === 'Edm.String' ? textCell(value) : { value, text: false });
  }
  const additional = JSON.parse(row.additional_fields ?? '{}') as Record<string, unknown>;
  for (const name of Object.keys(additional).sort()) {
    const value = additional[name];
    if (value === null || value === undefined) continue;
    header.push(name);
    // The importer stores strings; another writer's JSON values come back as JSON.
    cells.push(typeof value === 'string' ? textCell(value) : { value: JSON.stringify(value), text: false });
  }
  // The header's names are OData identifiers (import-columns.ts): never a formula.
  return stringify([header, cells.map((cell) => cell.value)], {
    cast: { string: (value, { records, index }) => (records === 0 || !cells[index]!.text || plain(value) ? value : { value, quoted: true }) },
  });
}
