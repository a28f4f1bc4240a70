import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { ENTITY_SETS, findEntitySet } from './registry.ts';

const { db } = await createTestDatabase();

// information_schema's udt_name for each EDM type (a leading _ marks an array).
const UDT: Record<string, string> = {
  'Edm.String': 'text',
  'Edm.Boolean': 'bool',
  'Edm.Int32': 'int4',
  'Edm.Int64': 'int8',
  'Edm.Decimal': 'numeric',
  'Edm.Double': 'float8',
  'Edm.Date': 'date',
  'Edm.DateTimeOffset': 'timestamptz',
  'Edm.Guid': 'uuid',
};

test('the registry declares the 21 sets of the Four/Four API', () => {
  assert.deepEqual(
    ENTITY_SETS.map((s) => s.name).sort(),
    ['Accounts', 'CalendarEvents', 'Calls', 'Cases', 'ChatMessages', 'Chats', 'Contacts', 'Conversations', 'Fragments', 'Insights', 'Labels', 'Leads', 'Objects', 'Opportunities', 'Owners', 'Participants', 'Topics', 'TopicModels', 'TrackerComments', 'TrackerIssues', 'TrackerProjects'].sort(),
  );
  assert.equal(findEntitySet('contacts')?.name, 'Contacts', 'set names resolve case-insensitively');
  assert.equal(findEntitySet('nope'), undefined);
});

test('known field lists are exactly those existing clients read (hub-api-clients.md)', () => {
  const names = (set: string) => findEntitySet(set)!.properties.map((p) => p.name);
  assert.deepEqual(names('Contacts'), ['id', 'first_name', 'last_name', 'email', 'phone', 'title', 'account_id', 'department', 'lead_source', 'owner_id', 'region', 'created', 'updated']);
  assert.deepEqual(names('Leads'), [
    'id', 'first_name', 'last_name', 'title', 'company', 'email', 'phone', 'website', 'lead_source', 'status', 'industry', 'annual_revenue', 'number_of_employees',
    'owner_id', 'is_converted', 'converted_date', 'converted_account_id', 'converted_contact_id', 'converted_opportunity_id', 'account_id', 'region', 'created', 'updated',
  ]);
  const types = Object.fromEntries(findEntitySet('Leads')!.properties.map((p) => [p.name, p.type]));
  assert.deepEqual([types.annual_revenue, types.number_of_employees, types.is_converted, types.converted_date], ['Edm.Decimal', 'Edm.Int32', 'Edm.Boolean', 'Edm.DateTimeOffset']);
  for (const name of ['Chats', 'ChatMessages']) assert.ok(names(name).includes('created_at'));
  assert.ok(names('Chats').includes('filtered_at') && names('Chats').includes('user_id'));
  assert.ok(names('ChatMessages').includes('content'));
  assert.ok(names('Labels').includes('updated'));
});

test('incremental fields are those of existing clients: created_at for 5 sets, updated for 11', () => {
  const byField = (field: string) => ENTITY_SETS.filter((s) => s.incremental === field).map((s) => s.name).sort();
  assert.deepEqual(byField('created_at'), ['ChatMessages', 'Chats', 'Insights', 'TopicModels', 'Topics']);
  assert.deepEqual(byField('updated'), ['Accounts', 'Calls', 'Cases', 'Contacts', 'Leads', 'Objects', 'Opportunities', 'Owners', 'TrackerComments', 'TrackerIssues', 'TrackerProjects']);
});

test('every navigation targets a declared set, through a column that exists', () => {
  for (const set of ENTITY_SETS) {
    for (const n of set.navigation) {
      const target = findEntitySet(n.target);
      assert.ok(target, `${set.name}/${n.name} → ${n.target}`);
      if (n.kind === 'one') assert.ok(set.properties.some((p) => p.name === n.foreignKey), `${set.name}.${n.foreignKey}`);
      else if ('targetForeignKey' in n) assert.ok(target.properties.some((p) => p.name === n.targetForeignKey), `${n.target}.${n.targetForeignKey}`);
    }
  }
});

test('the migrated tables match the registry: columns, types, nullability, keys and indexes', async () => {
  for (const set of ENTITY_SETS) {
    const { rows } = await sql<{ column_name: string; udt_name: string; is_nullable: string }>`
      select column_name, udt_name, is_nullable from information_schema.columns
      where table_schema = 'public' and table_name = ${set.table} order by ordinal_position`.execute(db);
    const expected = [
      ['tenant_id', 'uuid', 'NO'],
      ...set.properties.map((p) => [p.name, `${p.collection ? '_' : ''}${UDT[p.type]}`, p.nullable ? 'YES' : 'NO']),
      ...(set.open ? [['additional_fields', 'jsonb', 'NO']] : []),
      ...(set.searchable.length ? [['search_vector', 'tsvector', 'YES']] : []),
      ['row_version', 'xid8', 'NO'],
    ];
    assert.deepEqual(rows.map((r) => [r.column_name, r.udt_name, r.is_nullable]), expected, set.table);

    const indexes = await sql<{ indexdef: string }>`select indexdef from pg_indexes where schemaname = 'public' and tablename = ${set.table}`.execute(db);
    const defs = indexes.rows.map((r) => r.indexdef);
    assert.ok(defs.some((d) => d.includes(`PRIMARY KEY`) || /UNIQUE INDEX \w+_pkey ON public\.\w+ USING btree \(tenant_id, id\)/.test(d)), `${set.table} key`);
    if (set.incremental) assert.ok(defs.some((d) => d.endsWith(`(tenant_id, ${set.incremental}, id)`)), `${set.table} incremental index`);
    if (set.searchable.length) assert.ok(defs.some((d) => d.includes('USING gin (search_vector)')), `${set.table} search index`);
    assert.ok(defs.some((d) => d.endsWith('(tenant_id, row_version, id)')), `${set.table} row version index`);
    const triggers = await sql<{ tgname: string }>`select tgname from pg_trigger where tgrelid = ${set.table}::regclass and not tgisinternal order by tgname`.execute(db);
    assert.deepEqual(triggers.rows.map((r) => r.tgname), [`${set.table}_row_version`, `${set.table}_tombstones`], `${set.table} change-tracking triggers`);
    for (const columns of set.indexes) {
      const wanted = `(tenant_id, ${columns.map((c) => (c.startsWith('-') ? `${c.slice(1)} DESC` : c)).join(', ')}, id${columns.at(-1)!.startsWith('-') ? ' DESC' : ''})`;
      assert.ok(defs.some((d) => d.endsWith(wanted)), `${set.table} index ${wanted}`);
    }
  }
});
