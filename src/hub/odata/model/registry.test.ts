import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { modelDdl } from './ddl.ts';
import { ENTITY_SETS, findEntitySet } from './registry.ts';

const { db } = await createTestDatabase();

test('the registry declares the 21 sets of the Four/Four API', () => {
  assert.deepEqual(
    ENTITY_SETS.map((s) => s.name).sort(),
    ['Accounts', 'CalendarEvents', 'Calls', 'Cases', 'ChatMessages', 'Chats', 'Contacts', 'Conversations', 'Fragments', 'Insights', 'Labels', 'Leads', 'Objects', 'Opportunities', 'Owners', 'Participants', 'Topics', 'TopicModels', 'TrackerComments', 'TrackerIssues', 'TrackerProjects'].sort(),
  );
  assert.equal(findEntitySet('contacts')?.name, 'Contacts', 'set names resolve case-insensitively');
  assert.equal(findEntitySet('nope'), undefined);
});

test('known field lists are exactly those existing clients read', () => {
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

/** What the catalog says of the tables in `schema`, in words that do not name the schema. */
async function catalog(schema: string, tables: readonly string[]): Promise<Record<string, string[]>> {
  const { rows } = await sql<{ table: string; item: string }>`
    select c.relname as table, a.attnum as position, 'column ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
      || case when a.attnotnull then ' not null' else '' end
      || case when a.attgenerated = 's' then ' generated always as ' || pg_get_expr(d.adbin, d.adrelid)
              when d.adbin is not null then ' default ' || pg_get_expr(d.adbin, d.adrelid) else '' end as item
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where n.nspname = ${schema} and c.relname = any(${tables}) and a.attnum > 0 and not a.attisdropped
    union all
    select c.relname, 0, 'constraint ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relname = any(${tables})
    union all
    select c.relname, 0, 'index ' || pg_get_indexdef(i.indexrelid)
    from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relname = any(${tables})
    union all
    select c.relname, 0, 'trigger ' || pg_get_triggerdef(t.oid)
    from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relname = any(${tables}) and not t.tgisinternal
    order by position`.execute(db);
  const items = (table: string) => rows.filter((row) => row.table === table).map((row) => row.item.replaceAll(`${schema}.`, ''));
  // Everything sorted, since only its presence matters: a property added later by `alter table … add column` comes
  // after row_version in PostgreSQL's order and before it in the registry's, and no statement reads columns by position.
  return Object.fromEntries(tables.map((table) => [table, items(table).sort()]));
}

test('the migrated schema is what the registry declares: columns, types, nullability, checks, search vectors, keys, indexes, change-tracking triggers', async () => {
  const tables = [...new Set(ENTITY_SETS.flatMap((set) => [set.table, ...set.navigation.flatMap((n) => ('link' in n ? [n.link.table] : []))]))];
  // The registry's own DDL, run beside the migrated tables (tenants and the change-tracking functions resolve to public).
  await db.transaction().execute(async (trx) => {
    await sql`create schema registry_ddl`.execute(trx);
    await sql`set local search_path = registry_ddl, public`.execute(trx);
    await sql.raw(modelDdl()).execute(trx);
  });
  const migrated = await catalog('public', tables);
  const declared = await catalog('registry_ddl', tables);
  assert.ok(declared.conversations?.some((item) => item.includes('to_tsvector')), 'the comparison sees the search vector');
  for (const table of tables) assert.deepEqual(migrated[table], declared[table], `${table}: the migrations and the registry disagree`);
});
