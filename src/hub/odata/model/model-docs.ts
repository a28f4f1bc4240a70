/**
 * The reference part of docs/odata.md, rendered from the registry: every set
 * with its properties (type, nullability, meaning), navigation properties,
 * searchable properties and incremental field, and the identifiers of the
 * services a record's `service` names. `npm run odata:docs` writes them
 * between their markers; model-docs.test.ts fails when the file is stale.
 */
import { tableCell as cell, withGeneratedSection } from '../../../platform/docs/generated-section.ts';
import { ENTITY_SETS } from './registry.ts';
import { SERVICE, SERVICE_NAMES } from './services.ts';

function modelSections(): string[] {
  return ENTITY_SETS.map((set) => {
    const rows = set.properties.map((p) => {
      const type = p.collection ? `Collection(${p.type})` : p.type;
      const values = p.values ? ` One of: ${p.values.map((v) => `\`${v}\``).join(', ')}.` : '';
      return `| \`${p.name}\` | ${type} | ${p.nullable ? 'yes' : 'no'} | ${cell(p.description)}${values} |`;
    });
    const navigation = set.navigation.length
      ? set.navigation.map((n) => `\`${n.name}\` → ${n.target}${n.kind === 'one' ? '' : ' (collection)'}`).join(', ')
      : 'none';
    return [
      `### ${set.name}`,
      '',
      `${set.description} Entity type \`CommonTime.${set.type}\`${set.open ? ', open (additional fields are served as properties)' : ''}.`,
      '',
      '| Property | Type | Nullable | Meaning |',
      '|---|---|---|---|',
      ...rows,
      '',
      `- Navigation: ${navigation}`,
      `- \`$search\` looks in: ${set.searchable.length ? set.searchable.map((s) => `\`${s}\``).join(', ') : 'nothing'}`,
      `- Incremental field: ${set.incremental ? `\`${set.incremental}\` (index-backed \`ge\`/\`le\`)` : 'none (read in full)'}`,
    ].join('\n');
  });
}

function serviceTable(): string {
  const rows = Object.entries(SERVICE).map(([key, id]) => `| ${SERVICE_NAMES[key as keyof typeof SERVICE]} | \`${id}\` |`);
  return ['| Service | `service` |', '|---|---|', ...rows].join('\n');
}

/** `document` with its generated sections replaced by the current ones. */
export function withModelReference(document: string): string {
  const withServices = withGeneratedSection(document, { name: 'services', script: 'odata:docs', file: 'docs/odata.md' }, [serviceTable()]);
  return withGeneratedSection(withServices, { name: 'model', script: 'odata:docs', file: 'docs/odata.md' }, modelSections());
}
