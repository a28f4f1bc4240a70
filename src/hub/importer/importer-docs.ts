/**
 * The standard fields of each record type in docs/importer.md, rendered
 * from the model registry and the data-type rules (Four/Four's documentation: "The standard
 * fields available for each record type are listed in the generated API
 * documentation"). `npm run importer:docs` writes it between the markers;
 * importer-docs.test.ts fails when the file is stale.
 */
import { tableCell as cell, withGeneratedSection } from '../../platform/docs/generated-section.ts';
import { standardRule } from './field-rules.ts';
import { RECORD_TYPE_NAMES, recordType } from './record-types.ts';

function fieldSections(): string[] {
  return RECORD_TYPE_NAMES.map((type) => {
    const { set, fields } = recordType(type);
    const rows = fields.map((p) => `| \`${p.name}\` | ${p.name === 'id' ? 'your id of the record, required, at most 500 characters' : cell(standardRule(p).expected)} | ${cell(p.description)} |`);
    return [`### ${type} → ${set.name}`, '', '| Column | A cell must be (or empty) | Meaning |', '|---|---|---|', ...rows].join('\n');
  });
}

/** `document` with its generated section replaced by the current one. */
export function withFieldReference(document: string): string {
  return withGeneratedSection(document, { name: 'importer-fields', script: 'importer:docs', file: 'docs/importer.md' }, fieldSections());
}
