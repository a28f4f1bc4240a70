/**
 * The tables of the model registry as SQL, for authoring migrations
 * (`npm run odata:ddl` prints it); registry.test.ts checks the migrated
 * schema against the registry, so a migration cannot drift from it.
 *
 * Every table leads its primary key with tenant_id (distributable by tenant);
 * the incremental field and every foreign key of a navigation get an index
 * that starts with tenant_id; searchable properties feed a generated
 * tsvector with a GIN index ('simple' configuration: no stemming, so search
 * behaves the same for every language a conversation is in).
 *
 * Change tracking (delta links, query/delta.ts): every row carries the id of
 * the transaction that last wrote it (`row_version`, an xid8 set on insert by
 * its default and on update by trigger), and a statement trigger records
 * deleted keys in `odata_tombstones` (migration 0007 defines both functions).
 * The normalising functions of the lookup indexes (`crm_email_key`,
 * `crm_host`, `crm_phone_digits`) come from migration 0017, the trigram
 * operator classes of the `similar` indexes from pg_trgm (migration 0022).
 */
import { SQL_TYPES } from './edm.ts';
import type { EntitySetDefinition } from './entity-set.ts';
import type { PropertyDefinition } from './property.ts';
import { ENTITY_SETS } from './registry.ts';

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

function column(prop: PropertyDefinition): string {
  const type = `${SQL_TYPES[prop.type]}${prop.collection ? '[]' : ''}`;
  const check = prop.values ? ` check (${prop.name} in (${prop.values.map(quote).join(', ')}))` : '';
  return `  ${prop.name} ${type}${prop.nullable ? '' : ' not null'}${check}`;
}

export function searchVector(set: EntitySetDefinition): string {
  const parts = set.searchable.map((name) => `coalesce(${name}, '')`).join(` || ' ' || `);
  return `to_tsvector('simple'::regconfig, ${parts})`;
}

/** An index from the registry's `indexes`: `-name` sorts descending (the id follows in the same direction, for keyset pages). */
export function extraIndex(set: EntitySetDefinition, columns: readonly string[]): string {
  const names = columns.map((c) => c.replace(/^-/, ''));
  const last = columns.at(-1)!.startsWith('-') ? ' desc' : '';
  const parts = columns.map((c) => (c.startsWith('-') ? `${c.slice(1)} desc` : c));
  return `create index ${set.table}_${names.join('_')}_idx on ${set.table} (tenant_id, ${parts.join(', ')}, id${last});`;
}

function table(set: EntitySetDefinition): string {
  const columns = [
    '  tenant_id uuid not null references tenants (id) on delete cascade',
    ...set.properties.map(column),
    ...(set.open ? ["  additional_fields jsonb not null default '{}'"] : []),
    ...(set.searchable.length ? [`  search_vector tsvector generated always as (${searchVector(set)}) stored`] : []),
    '  row_version xid8 not null default pg_current_xact_id()',
    '  primary key (tenant_id, id)',
  ];
  const indexes = [
    ...(set.incremental ? [`create index ${set.table}_${set.incremental}_idx on ${set.table} (tenant_id, ${set.incremental}, id);`] : []),
    ...set.indexes.map((columns) => extraIndex(set, columns)),
    ...Object.entries(set.lookups).map(([name, expression]) => `create index ${set.table}_${name}_idx on ${set.table} (tenant_id, ${expression});`),
    ...Object.entries(set.similar).map(([name, expression]) => `create index ${set.table}_${name}_trgm_idx on ${set.table} using gin ((${expression}) gin_trgm_ops);`),
    ...set.navigation.flatMap((n) => (n.kind === 'one' ? [`create index ${set.table}_${n.foreignKey}_idx on ${set.table} (tenant_id, ${n.foreignKey});`] : [])),
    ...(set.searchable.length ? [`create index ${set.table}_search_idx on ${set.table} using gin (search_vector);`] : []),
  ];
  return [`create table ${set.table} (\n${columns.join(',\n')}\n);`, ...[...new Set(indexes)], ...changeTracking(set)].join('\n');
}

/** The row-version index and the triggers that keep `row_version` and the tombstones current. */
export function changeTracking(set: EntitySetDefinition): string[] {
  return [
    `create index ${set.table}_row_version_idx on ${set.table} (tenant_id, row_version, id);`,
    `create trigger ${set.table}_row_version before update on ${set.table} for each row execute function odata_touch_row_version();`,
    `create trigger ${set.table}_tombstones after delete on ${set.table} referencing old table as old_rows for each statement execute function odata_record_tombstones(${quote(set.name)});`,
  ];
}

function linkTables(): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const set of ENTITY_SETS) {
    for (const n of set.navigation) {
      if (n.kind !== 'many' || !('link' in n) || seen.has(n.link.table)) continue;
      seen.add(n.link.table);
      const [a, b] = [n.link.source, n.link.target];
      out.push(
        `create table ${n.link.table} (\n  tenant_id uuid not null references tenants (id) on delete cascade,\n  ${a} text not null,\n  ${b} text not null,\n  primary key (tenant_id, ${a}, ${b})\n);\ncreate index ${n.link.table}_${b}_idx on ${n.link.table} (tenant_id, ${b});`,
      );
    }
  }
  return out;
}

export function modelDdl(): string {
  return [...ENTITY_SETS.map(table), ...linkTables()].join('\n\n') + '\n';
}
