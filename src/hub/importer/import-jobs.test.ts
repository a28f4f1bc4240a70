/**
 * What a job does with the records: the data-type rules, upsert and delete
 * semantics, the hub's OData sets, atomicity, progress and order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createToken } from '../identity/personal-access-tokens.ts';
import { createTenant } from '../../platform/tenancy/tenancy.ts';
import { importerFixture } from '../../test-support/importer-fixture.ts';

const { db, data, acme, request, importer } = await importerFixture();
const reader = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'odata', scopes: ['api:read'] })).token;

async function odata(path: string) {
  const reply = await request('GET', path, undefined, {}, reader);
  assert.equal(reply.status, 200, reply.text);
  return reply.json;
}

test('data-type rules: each type converts what it accepts', async () => {
  const body = [
    'id,name,annual_revenue,number_of_employees,created,service',
    'dt-1,Acme,1234.50,42,2025-02-06T14:41:38Z,b9d1c5a8-bd2d-45bb-b394-bb6c70bee099',
    'dt-2,,-0.5,-7,2025-02-06T14:41:38.123456+02:00,',
    'dt-3,Zed,12,0,2025-02-06 14:41,',
  ].join('\n');
  const done = await importer.run('account', body);
  assert.equal(done.status, 'completed', JSON.stringify(done));
  const rows = await sql<Record<string, unknown>>`select id, name, annual_revenue::text, number_of_employees, created, service from accounts where id like 'dt-%' order by id`.execute(db);
  assert.deepEqual(rows.rows, [
    { id: 'dt-1', name: 'Acme', annual_revenue: '1234.50', number_of_employees: 42, created: new Date('2025-02-06T14:41:38Z'), service: 'b9d1c5a8-bd2d-45bb-b394-bb6c70bee099' },
    { id: 'dt-2', name: null, annual_revenue: '-0.5', number_of_employees: -7, created: new Date('2025-02-06T12:41:38.123Z'), service: null },
    { id: 'dt-3', name: 'Zed', annual_revenue: '12', number_of_employees: 0, created: new Date('2025-02-06T14:41:00Z'), service: null },
  ]);
  const opportunity = await importer.run('opportunity', 'id,close_date,probability,is_closed,is_won\nop-1,2024-02-29,0.25,TRUE,false\nop-2,,1e3x,,\n');
  assert.deepEqual([opportunity.status, opportunity.error_line], ['failed', 3]);
  assert.match(opportunity.error!, /^column probability: "1e3x" is not a number/);
  const fixed = await importer.run('opportunity', 'id,close_date,probability,is_closed,is_won\nop-1,2024-02-29,0.25,TRUE,false\n');
  assert.equal(fixed.status, 'completed');
  assert.equal((await request('GET', '/import/crm/opportunity/op-1')).text, 'id,close_date,probability,is_closed,is_won\nop-1,2024-02-29,0.25,true,false\n');
});

test('data-type rules: what each type refuses, with the column, the value and the line', async () => {
  const cases: [string, string, string, RegExp][] = [
    ['lead', 'is_converted', 'yes', /is not a boolean \(true or false\)/],
    ['lead', 'number_of_employees', '1,000', /is not a whole number/],
    ['lead', 'number_of_employees', '2147483648', /is not a whole number from -2147483648 to 2147483647/],
    ['lead', 'number_of_employees', '4.5', /is not a whole number/],
    ['lead', 'annual_revenue', '1.234,56', /is not a number/],
    ['lead', 'annual_revenue', '1 000', /is not a number/],
    ['lead', 'annual_revenue', '€12', /is not a number/],
    ['opportunity', 'close_date', '2023-02-29', /is not a date \(YYYY-MM-DD\)/],
    ['opportunity', 'close_date', '06/02/2025', /is not a date/],
    ['opportunity', 'close_date', '2025-13-01', /is not a date/],
    ['lead', 'converted_date', '2025-02-06T24:00:00Z', /is not a date-time/],
    ['lead', 'converted_date', '2025-02-06T14:41:38+15:00', /is not a date-time/],
    ['lead', 'converted_date', '2025-02-06', /is not a date-time/],
    ['lead', 'converted_date', 'yesterday', /is not a date-time/],
    ['account', 'service', 'salesforce', /is not a UUID/],
    ['account', 'owner_id', 'o'.repeat(501), /is not an id of at most 500 characters/],
    ['account', 'id', 'i'.repeat(501), /is not a non-empty id of at most 500 characters/],
  ];
  for (const [type, column, value, message] of cases) {
    const body = column === 'id' ? `id\nok-1\n${value}\n` : `id,${column}\nok-1,\nbad-1,"${value}"\n`;
    const failed = await importer.run(type, body);
    assert.equal(failed.status, 'failed', `${type}.${column} = ${value}`);
    assert.equal(failed.error_line, 3, `${type}.${column} = ${value}`);
    assert.match(failed.error!, new RegExp(`^column ${column}: "${value.slice(0, 80).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" ${message.source}`), failed.error!);
    assert.equal((await request('GET', `/import/crm/${type}/ok-1`)).status, 404, 'nothing of a failed job is applied');
  }
});

test('a known id updates only the columns in the file; additional fields merge; an empty cell is null', async () => {
  await importer.run('contact', 'id,first_name,last_name,email,crm_segment,tier\nc-1,Ada,Lovelace,ada@x.test,Enterprise,gold\n');
  const first = await data.selectFrom('contacts').select(['updated']).where('id', '=', 'c-1').executeTakeFirstOrThrow();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await importer.run('contact', 'id,email,tier,region_code\nc-1,,platinum,EU\n');
  const row = await data.selectFrom('contacts').select(['first_name', 'last_name', 'email', 'additional_fields', 'updated']).where('id', '=', 'c-1').executeTakeFirstOrThrow();
  assert.deepEqual({ ...row, updated: undefined }, { first_name: 'Ada', last_name: 'Lovelace', email: null, additional_fields: { crm_segment: 'Enterprise', tier: 'platinum', region_code: 'EU' }, updated: undefined });
  assert.ok(row.updated > first.updated, 'updated is the time of the later import');
  assert.equal((await request('GET', '/import/crm/contact/c-1')).text, 'id,first_name,last_name,crm_segment,region_code,tier\nc-1,Ada,Lovelace,Enterprise,EU,platinum\n');
});

test('imported records are in the OData sets at once, additional fields as open properties usable in $filter', async () => {
  const before = new Date(Date.now() - 1000).toISOString().slice(0, 19) + 'Z';
  const done = await importer.run('account', 'id,name,industry,crm_segment\nod-1,Odata One,Robotics,Enterprise\nod-2,Odata Two,Software,SMB\n');
  assert.equal(done.status, 'completed');
  const page = await odata(`/odata/Accounts?$filter=crm_segment eq 'Enterprise' and updated ge ${before}&$select=id,name,crm_segment`);
  assert.deepEqual(page.value.map((a: any) => [a.id, a.name, a.crm_segment]), [['od-1', 'Odata One', 'Enterprise']]);
  const one = await odata('/odata/Accounts/od-2');
  assert.equal(one.crm_segment, 'SMB');
  assert.ok(one.updated >= before);
  const user = await importer.run('user', 'id,first_name,is_active,employee_no\nown-9,Grace,true,77\n');
  assert.equal(user.status, 'completed');
  assert.deepEqual((await odata("/odata/Owners?$filter=employee_no eq '77'&$select=id,is_active")).value.map((o: any) => [o.id, o.is_active]), [['own-9', true]]);
});

test('delete removes only records the importer created for this tenant', async () => {
  await sql`insert into leads (tenant_id, id, first_name, updated) values (${acme.tenantId}, 'from-salesforce', 'Sal', now())`.execute(db);
  await importer.run('lead', 'id,first_name\nmine-1,Mia\nmine-2,Max\nfrom-salesforce,Renamed\n');
  const deleted = await importer.run('lead', 'id,first_name,ignored\nmine-1,x,y\nfrom-salesforce,,\nnever-existed,,\n', 'DELETE');
  assert.equal(deleted.status, 'completed');
  assert.equal(deleted.processed, 3);
  const left = await data.selectFrom('leads').select(['id', 'first_name']).where('id', 'in', ['mine-1', 'mine-2', 'from-salesforce']).orderBy('id').execute();
  assert.deepEqual(left, [{ id: 'from-salesforce', first_name: 'Renamed' }, { id: 'mine-2', first_name: 'Max' }]);
  const marks = await db.selectFrom('importer_records').select('id').where('type', '=', 'lead').where('id', 'in', ['mine-1', 'mine-2', 'from-salesforce']).execute();
  assert.deepEqual(marks.map((m) => m.id), ['mine-2']);
  const emptyId = await importer.run('lead', 'id\nmine-2\n\n""\n', 'DELETE');
  assert.deepEqual([emptyId.status, emptyId.error, emptyId.error_line], ['failed', 'the id is empty', 4]);
  assert.equal((await request('GET', '/import/crm/lead/mine-2')).status, 200, 'a failed delete deletes nothing');
});

test('a job is atomic across batches: a bad row after 25,000 good ones leaves every record as it was', async () => {
  const rows = Array.from({ length: 25_000 }, (_, i) => `big-${i},Name ${i}`);
  rows.push('big-bad,"x"', 'big-25001,Late');
  const body = `id,number_of_employees\n${rows.map((r, i) => (i < 25_000 ? `big-${i},${i}` : r)).join('\n')}\n`;
  const failed = await importer.run('account', body);
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error_line, 25_002);
  assert.equal(failed.processed, 20_000, 'processed counts the records handled before the failing batch');
  const { rows: count } = await sql<{ n: string }>`select count(*) as n from accounts where id like 'big-%'`.execute(db);
  assert.equal(count[0]!.n, '0');
  const { rows: staging } = await sql<{ n: string }>`select count(*) as n from information_schema.tables where table_schema = 'importer_staging'`.execute(db);
  assert.equal(staging[0]!.n, '0', 'a finished job drops its staging table');
});

test('deleting a workspace deletes its importer marks, as a foreign key would', async () => {
  const { tenantId } = await createTenant(db, { name: 'Short-lived', admin: { email: 'gone@short.test', password: 'correct horse battery' } });
  await db.insertInto('importer_records').values([{ tenant_id: tenantId, type: 'account', id: 'a' }, { tenant_id: acme.tenantId, type: 'account', id: 'kept-mark' }]).execute();
  await db.deleteFrom('tenants').where('id', '=', tenantId).execute();
  const left = await db.selectFrom('importer_records').select('tenant_id').where('id', 'in', ['a', 'kept-mark']).execute();
  assert.deepEqual(left, [{ tenant_id: acme.tenantId }]);
});

test('a mark left by a record another service deleted does not stop the importer creating that id again', async () => {
  await db.insertInto('importer_records').values({ tenant_id: acme.tenantId, type: 'contact', id: 'stale-1' }).execute();
  const done = await importer.run('contact', 'id,first_name\nstale-1,Again\n');
  assert.equal(done.status, 'completed', JSON.stringify(done));
  const marks = await db.selectFrom('importer_records').select('id').where('tenant_id', '=', acme.tenantId).where('id', '=', 'stale-1').execute();
  assert.equal(marks.length, 1);
  assert.equal((await importer.run('contact', 'id\nstale-1\n', 'DELETE')).status, 'completed');
  assert.equal((await request('GET', '/import/crm/contact/stale-1')).status, 404);
});

test('imported, updated and deleted records reach OData delta readers: entities, then @removed for deletions', async () => {
  await importer.run('contact', 'id,first_name\ndelta-1,Ada\ndelta-2,Bob\n');
  const start = await request('GET', `/odata/Contacts?$filter=startswith(id,'delta-')&$select=id,first_name`, undefined, { prefer: 'odata.track-changes' }, reader);
  assert.equal(start.status, 200, start.text);
  assert.deepEqual((start.json.value as { id: string }[]).map((c) => c.id).sort(), ['delta-1', 'delta-2']);
  const deltaLink = new URL(start.json['@odata.deltaLink'] as string);

  await importer.run('contact', 'id,first_name\ndelta-1,Ada Renamed\ndelta-3,Cy\n');
  await importer.run('contact', 'id\ndelta-2\n', 'DELETE');
  const delta = await request('GET', `${deltaLink.pathname}${deltaLink.search}`, undefined, {}, reader);
  assert.equal(delta.status, 200, delta.text);
  const items = delta.json.value as Record<string, unknown>[];
  assert.deepEqual(items.filter((item) => !item['@removed']).sort((a, b) => String(a.id).localeCompare(String(b.id))), [
    { id: 'delta-1', first_name: 'Ada Renamed' },
    { id: 'delta-3', first_name: 'Cy' },
  ]);
  assert.deepEqual(items.filter((item) => item['@removed']), [{ '@removed': { reason: 'deleted' }, id: 'delta-2' }]);
});
