/**
 * What each column of an uploaded header is: the id, a standard field of the
 * record type, or an additional field (Four/Four's documentation, docs/importer.md "Additional fields": "Any column in your CSV
 * that is not a standard field is stored as an additional field"). Checked
 * when the upload arrives, so a bad header is a 400 and nothing is queued.
 *
 * Additional field names must be OData identifiers, because they are served
 * as open properties and named in `$filter`/`$select`; a name that differs
 * from a standard field or navigation only in case is refused as the typo
 * it almost always is.
 */
import type { PropertyDefinition } from '../odata/model/property.ts';
import { ADDITIONAL_RULE, ID_RULE, standardRule, type FieldRule } from './field-rules.ts';
import { ImporterErrors } from './importer-errors.ts';
import { SET_BY_IMPORTER, type RecordTypeDefinition } from './record-types.ts';

export interface ImportColumn {
  /** The staging table's column (`c1` holds the first CSV column). */
  readonly staging: string;
  readonly name: string;
  readonly kind: 'id' | 'standard' | 'additional';
  readonly property?: PropertyDefinition;
  readonly rule: FieldRule;
}

export const MAX_COLUMNS = 1000;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

const bad = (message: string) => ImporterErrors.IMPORTER_BAD_HEADER([message]);

export function firstColumnIsId(names: readonly string[]): void {
  if (names[0] !== 'id') throw bad(`the first column must be id, not ${JSON.stringify(names[0] ?? '')}`);
}

/** The columns of an upsert file; throws IMPORTER_BAD_HEADER naming the first problem. */
export function importColumns(definition: RecordTypeDefinition, names: readonly string[]): ImportColumn[] {
  firstColumnIsId(names);
  const { set } = definition;
  const seen = new Map<string, number>();
  return names.map((name, i) => {
    const staging = `c${i + 1}`;
    if (name === '') throw bad(`column ${i + 1} has no name`);
    const earlier = seen.get(name);
    if (earlier !== undefined) throw bad(`${name} appears twice (columns ${earlier} and ${i + 1})`);
    seen.set(name, i + 1);
    if (i === 0) return { staging, name, kind: 'id', rule: ID_RULE };
    if (name === SET_BY_IMPORTER) throw bad(`${SET_BY_IMPORTER} is set by the importer to the import time; remove the column`);
    const property = definition.fields.find((p) => p.name === name);
    if (property) return { staging, name, kind: 'standard', property, rule: standardRule(property) };
    if (!IDENTIFIER.test(name)) {
      throw bad(`${JSON.stringify(name)} is not a standard field of ${definition.type}, and an additional field's name must be letters, digits and _ (not starting with a digit), at most 128 characters`);
    }
    const lower = name.toLowerCase();
    const clash = [...set.properties.map((p) => p.name), ...set.navigation.map((n) => n.name)].find((known) => known.toLowerCase() === lower);
    if (clash === name) throw bad(`${name} is a name of ${set.name} that the importer cannot set`);
    if (clash) throw bad(`${name} differs from the standard name ${clash} only in case; names are case-sensitive`);
    return { staging, name, kind: 'additional', rule: ADDITIONAL_RULE };
  });
}
