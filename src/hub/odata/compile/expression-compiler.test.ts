import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { AppError } from '../../../platform/errors/app-error.ts';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { workspace } from '../../../test-support/hub.ts';
import { findEntitySet } from '../model/registry.ts';
import { ODataSyntaxError, parseExpression } from '../parser/index.ts';
import { scopedSource } from '../query/scoped-source.ts';
import { compileFilter, rootScope } from './expression-compiler.ts';

const { db } = await createTestDatabase();
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const globex = await workspace(db, 'Globex', 'gil@globex.test');

for (const [tenant, prefix] of [[acme.tenantId, 'a'], [globex.tenantId, 'g']] as const) {
  await sql`insert into accounts (tenant_id, id, name, industry, annual_revenue, updated, additional_fields) values
    (${tenant}, ${`${prefix}-acc-1`}, 'Acme Robotics', 'Retail', 1200000.50, '2024-01-10T08:00:00Z', '{"crm_segment":"Enterprise"}'),
    (${tenant}, ${`${prefix}-acc-2`}, 'it''s 100% fine_co', 'Software', null, '2024-02-01T00:00:00Z', '{}')`.execute(db);
  await sql`insert into contacts (tenant_id, id, first_name, last_name, email, account_id, updated) values
    (${tenant}, ${`${prefix}-c-1`}, 'Ada', 'Lovelace', 'ada@acme.example', ${`${prefix}-acc-1`}, '2024-01-15T10:30:00Z'),
    (${tenant}, ${`${prefix}-c-2`}, 'Alan', null, null, ${`${prefix}-acc-2`}, '2024-01-20T00:00:00Z'),
    (${tenant}, ${`${prefix}-c-3`}, 'Grace', 'Hopper', 'grace@navy.example', null, '2024-03-01T00:00:00Z')`.execute(db);
  await sql`insert into topics (tenant_id, id, topic_model_id, name, keywords, insight_count, created_at) values
    (${tenant}, ${`${prefix}-t-1`}, 'm', 'Pricing', array['price','cost'], 3, now()), (${tenant}, ${`${prefix}-t-2`}, 'm', 'Speed', array['slow'], 1, now())`.execute(db);
}

async function ids(setName: string, filter: string, tenantId = acme.tenantId): Promise<string[]> {
  const set = findEntitySet(setName)!;
  const source = scopedSource(set.table, 't0', tenantId);
  const where = compileFilter(parseExpression(filter), rootScope(set, source, tenantId, {}));
  const { rows } = await sql<{ id: string }>`select ${source.column('id')} as id from ${source.from} where ${source.tenantCondition} and ${where} order by 1`.execute(db);
  return rows.map((r) => r.id);
}

test('comparisons, logic and null follow OData (two-valued) semantics', async () => {
  assert.deepEqual(await ids('Contacts', "first_name eq 'Ada'"), ['a-c-1']);
  assert.deepEqual(await ids('Contacts', 'last_name eq null'), ['a-c-2']);
  assert.deepEqual(await ids('Contacts', "last_name ne 'Hopper'"), ['a-c-1', 'a-c-2'], 'null ne a value is true');
  assert.deepEqual(await ids('Contacts', "not (last_name eq 'Hopper')"), ['a-c-1', 'a-c-2']);
  assert.deepEqual(await ids('Contacts', "first_name eq 'Ada' or last_name eq 'Hopper' and email ne null"), ['a-c-1', 'a-c-3']);
  assert.deepEqual(await ids('Contacts', "first_name in ('Ada','Grace')"), ['a-c-1', 'a-c-3']);
  assert.deepEqual(await ids('Contacts', 'first_name in ()'), []);
});

test('the incremental read of existing clients: unquoted DateTimeOffset bounds, inclusive', async () => {
  assert.deepEqual(await ids('Contacts', 'updated ge 2024-01-15T10:30:00Z and updated le 2024-02-01T00:00:00Z'), ['a-c-1', 'a-c-2']);
  assert.deepEqual(await ids('Contacts', 'updated gt 2024-01-15T10:30:00.000+00:00'), ['a-c-2', 'a-c-3']);
  assert.deepEqual(await ids('Contacts', 'updated lt 2024-01-15'), [], 'a date compares with a date-time');
});

test('string and date functions', async () => {
  assert.deepEqual(await ids('Contacts', "contains(email,'@acme')"), ['a-c-1']);
  assert.deepEqual(await ids('Contacts', "startswith(first_name,'A') and endswith(first_name,'n')"), ['a-c-2']);
  assert.deepEqual(await ids('Accounts', "contains(name,'100%')"), ['a-acc-2'], 'wildcards in the argument are literal');
  assert.deepEqual(await ids('Accounts', "contains(name,'_')"), ['a-acc-2']);
  assert.deepEqual(await ids('Accounts', "name eq 'it''s 100% fine_co'"), ['a-acc-2']);
  assert.deepEqual(await ids('Contacts', "length(first_name) eq 5 and tolower(first_name) eq 'grace'"), ['a-c-3']);
  assert.deepEqual(await ids('Contacts', "indexof(email,'@') eq 3 and substring(email,4,4) eq 'acme'"), ['a-c-1']);
  assert.deepEqual(await ids('Contacts', 'year(updated) eq 2024 and month(updated) eq 3'), ['a-c-3']);
  assert.deepEqual(await ids('Contacts', "matchesPattern(email,'^[a-z]+@navy')"), ['a-c-3']);
  assert.deepEqual(await ids('Contacts', 'date(updated) eq 2024-01-20'), ['a-c-2']);
});

test('date and time arithmetic with durations, and safe division and substring', async () => {
  assert.deepEqual(await ids('Contacts', "updated add duration'P1D' gt 2024-03-01T12:00:00Z"), ['a-c-3']);
  assert.deepEqual(await ids('Contacts', "updated sub duration'PT1H' lt 2024-01-15T10:00:00Z"), ['a-c-1']);
  assert.deepEqual(await ids('Contacts', "updated sub 2024-01-15T10:30:00Z gt duration'P10D'"), ['a-c-3']);
  assert.deepEqual(await ids('Topics', 'insight_count mod 0 eq 0'), [], 'modulo by zero matches nothing');
  assert.deepEqual(await ids('Contacts', "substring(first_name,99999999999) eq ''"), ['a-c-1', 'a-c-2', 'a-c-3']);
  assert.deepEqual(await ids('Contacts', "substring(first_name,1,-1) eq ''"), ['a-c-1', 'a-c-2', 'a-c-3']);
});

test('arithmetic and decimals stay exact', async () => {
  assert.deepEqual(await ids('Accounts', 'annual_revenue eq 1200000.50'), ['a-acc-1']);
  assert.deepEqual(await ids('Accounts', 'annual_revenue sub 0.5 eq 1200000 and annual_revenue mul 2 gt 2400000'), ['a-acc-1']);
  assert.deepEqual(await ids('Topics', 'insight_count mod 2 eq 1 and insight_count div 2 eq 1'), ['a-t-1']);
});

test('navigation properties, lambdas and open properties stay within the tenant', async () => {
  assert.deepEqual(await ids('Contacts', "Account/industry eq 'Retail'"), ['a-c-1']);
  assert.deepEqual(await ids('Accounts', "Contacts/any(c: c/last_name eq 'Lovelace')"), ['a-acc-1']);
  assert.deepEqual(await ids('Accounts', "Contacts/all(c: c/first_name eq 'Alan')"), ['a-acc-2']);
  assert.deepEqual(await ids('Accounts', 'Contacts/any()'), ['a-acc-1', 'a-acc-2']);
  assert.deepEqual(await ids('Topics', "keywords/any(k: k eq 'slow')"), ['a-t-2']);
  assert.deepEqual(await ids('Accounts', "crm_segment eq 'Enterprise'"), ['a-acc-1']);
  assert.deepEqual(await ids('Accounts', "crm_segment eq 'Enterprise'", globex.tenantId), ['g-acc-1']);
  assert.deepEqual(await ids('Contacts', "Account/industry eq 'Retail'", globex.tenantId), ['g-c-1']);
});

test('mistakes are precise 4xx errors with the position; hostile text is only ever a parameter', async () => {
  const rejects = async (set: string, filter: string, code: string, status: number, message: RegExp) =>
    assert.rejects(ids(set, filter), (e: unknown) => e instanceof AppError && e.code === code && e.statusCode === status && message.test(e.message), filter);
  await rejects('Topics', "nickname eq 'x'", 'ODATA_UNKNOWN_PROPERTY', 404, /at position 0: Topic has no property nickname/);
  assert.deepEqual(await ids('Contacts', "nickname eq 'x'"), [], 'on an open type an unknown name is an additional field');
  await rejects('Contacts', "first_name eq 5", 'ODATA_INVALID_QUERY', 400, /at position 11: cannot apply eq to Edm.String and Edm.Int64/);
  await rejects('Contacts', 'first_name', 'ODATA_INVALID_QUERY', 400, /expected a Boolean \$filter/);
  await rejects('Contacts', "Account eq 'x'", 'ODATA_INVALID_QUERY', 400, /navigation property is not a value/);
  await rejects('Accounts', "Contacts eq 'x'", 'ODATA_INVALID_QUERY', 400, /is a collection; use Contacts\/any/);
  await rejects('Contacts', "frobnicate(first_name)", 'ODATA_NOT_IMPLEMENTED', 501, /the function frobnicate/);
  await assert.rejects(ids('Contacts', 'contains(first_name)'), (e: unknown) => e instanceof ODataSyntaxError && e.position === 0 && /contains takes 2 arguments/.test(e.message));
  assert.deepEqual(await ids('Contacts', '@p eq null'), ['a-c-1', 'a-c-2', 'a-c-3'], 'an alias without a value is null (§5.3)');
  await rejects('Contacts', "updated add updated gt now()", 'ODATA_INVALID_QUERY', 400, /a number on the left of add/);
  await rejects('Accounts', 'annual_revenue mod 2.5e0 eq 0', 'ODATA_INVALID_QUERY', 400, /mod needs integer or decimal/);
  await rejects('Contacts', 'time(date(updated)) eq 10:00:00', 'ODATA_INVALID_QUERY', 400, /a date-time as argument 1 of time/);
  await rejects('Topics', "keywords in ('a')", 'ODATA_INVALID_QUERY', 400, /single value on the left of in/);
  assert.deepEqual(await ids('Contacts', "first_name eq 'x'' or ''1''=''1'"), []);
  assert.deepEqual(await ids('Contacts', "first_name eq '; drop table contacts; --'"), []);
  assert.equal((await ids('Contacts', 'true')).length, 3, 'the table is intact');
});

test('/$count of a navigation or primitive collection, with a 4.01 $filter, in the tenant only', async () => {
  await sql`insert into contacts (tenant_id, id, first_name, account_id, updated) values (${acme.tenantId}, 'a-c-4', 'Ann', 'a-acc-1', now())`.execute(db);
  try {
    assert.deepEqual(await ids('Accounts', 'Contacts/$count eq 2'), ['a-acc-1']);
    assert.deepEqual(await ids('Accounts', 'Contacts/$count($filter=email ne null) eq 1'), ['a-acc-1', 'a-acc-2'].slice(0, 1));
    assert.deepEqual(await ids('Accounts', "Contacts/$count($filter=startswith(first_name,'A')) ge 1"), ['a-acc-1', 'a-acc-2']);
    assert.deepEqual(await ids('Topics', 'keywords/$count eq 2'), ['a-t-1']);
    assert.deepEqual(await ids('Accounts', 'Contacts/any(c: c/Account/Contacts/$count gt 1)'), ['a-acc-1'], 'through a lambda variable and a single navigation');
    assert.deepEqual(await ids('Accounts', 'Contacts/$count eq 1', globex.tenantId), ['g-acc-1', 'g-acc-2'], "the other workspace's contact is not counted");
    const rejects = async (set: string, filter: string, status: number, message: RegExp) =>
      assert.rejects(ids(set, filter), (e: unknown) => e instanceof AppError && e.statusCode === status && message.test(e.message), filter);
    await rejects('Contacts', 'Account/$count eq 1', 400, /single entity; \$count counts collections/);
    await rejects('Contacts', 'first_name/$count eq 1', 400, /not a collection/);
    await rejects('Accounts', 'Nope/$count eq 1', 404, /no property Nope/);
    await rejects('Accounts', 'Contacts/$count($search=x) eq 1', 501, /\$count\(\$search/);
    // $it stays the entity being filtered inside the nested filter; $this is the related one.
    assert.deepEqual(await ids('Accounts', 'Contacts/$count($filter=Account/name eq $it/name) ge 1'), ['a-acc-1', 'a-acc-2']);
    assert.deepEqual(await ids('Accounts', "Contacts/$count($filter=$this/first_name eq 'Ann') eq 1"), ['a-acc-1']);
    assert.deepEqual(await ids('Accounts', '$it/Contacts/$count($filter=email ne null) eq 1'), ['a-acc-1']);
  } finally {
    await sql`delete from contacts where tenant_id = ${acme.tenantId} and id = 'a-c-4'`.execute(db);
  }
});

test('cast and isof: primitive conversions as OData spells values, null when a string does not spell one', async () => {
  assert.deepEqual(await ids('Topics', "cast(insight_count,Edm.String) eq '3'"), ['a-t-1']);
  assert.deepEqual(await ids('Contacts', "cast(updated,Edm.String) eq '2024-01-15T10:30:00Z'"), ['a-c-1'], 'date-times as the responses write them');
  assert.deepEqual(await ids('Contacts', 'cast(updated,Edm.Date) eq 2024-01-20'), ['a-c-2']);
  assert.deepEqual(await ids('Accounts', "cast(crm_segment,Edm.Int64) eq null and cast('42',Edm.Int32) eq 42"), ['a-acc-1', 'a-acc-2'], "'Enterprise' is no number: null, not an error");
  assert.deepEqual(await ids('Accounts', "cast(' 1.5e3 ',Edm.Double) eq 1500 and cast('TRUE',Edm.Boolean) and cast('-INF',Edm.Double) lt 0"), ['a-acc-1', 'a-acc-2']);
  assert.deepEqual(await ids('Accounts', 'cast(annual_revenue,Edm.Int64) eq 1200000'), ['a-acc-1']);
  assert.deepEqual(await ids('Contacts', 'isof(last_name,Edm.String)'), ['a-c-1', 'a-c-3'], 'null is an instance of no type');
  assert.deepEqual(await ids('Contacts', 'isof(updated,Edm.String)'), []);
  assert.deepEqual(await ids('Contacts', 'isof(CommonTime.Contact)'), ['a-c-1', 'a-c-2', 'a-c-3']);
  assert.deepEqual(await ids('Contacts', 'isof(CommonTime.Account)'), []);
  const rejects = async (set: string, filter: string, message: RegExp) =>
    assert.rejects(ids(set, filter), (e: unknown) => e instanceof AppError && e.statusCode === 400 && message.test(e.message), filter);
  await rejects('Contacts', 'cast(updated,Edm.Guid) eq null', /cannot cast Edm.DateTimeOffset to Edm.Guid/);
  await rejects('Contacts', 'cast(first_name,Edm.Stream) eq null', /Edm.Stream is not a primitive type this model uses/);
  await rejects('Contacts', 'cast(first_name,last_name) eq null', /qualified type name/);
  await rejects('Contacts', 'cast(CommonTime.Contact) eq null', /no derived types/);
  await rejects('Topics', 'cast(keywords,Edm.String) eq null', /single value, not a collection/);
  await rejects('Contacts', "cast(duration'P1D',Edm.String) eq 'P1D'", /cannot cast Edm.Duration to Edm.String/);
});

test('one odd stored value casts to null instead of failing every query that casts it', async () => {
  await sql`update accounts set additional_fields = '{"crm_date":"2024-02-30","crm_size":"99999999999","crm_when":"2024-13-01T00:00:00Z"}' where tenant_id = ${acme.tenantId} and id = 'a-acc-2'`.execute(db);
  try {
    assert.deepEqual(await ids('Accounts', 'cast(crm_date,Edm.Date) eq null and cast(crm_when,Edm.DateTimeOffset) eq null'), ['a-acc-1', 'a-acc-2']);
    assert.deepEqual(await ids('Accounts', 'cast(crm_size,Edm.Int32) eq null and cast(crm_size,Edm.Int64) eq 99999999999'), ['a-acc-2']);
  } finally {
    await sql`update accounts set additional_fields = '{}' where tenant_id = ${acme.tenantId} and id = 'a-acc-2'`.execute(db);
  }
});

test('the remaining date-time functions', async () => {
  assert.deepEqual(await ids('Contacts', 'totaloffsetminutes(updated) eq 0 and fractionalseconds(updated) eq 0'), ['a-c-1', 'a-c-2', 'a-c-3']);
  assert.deepEqual(await ids('Contacts', 'updated lt maxdatetime() and updated gt mindatetime()'), ['a-c-1', 'a-c-2', 'a-c-3']);
  assert.deepEqual(await ids('Contacts', "totalseconds(updated sub 2024-01-15T10:00:00Z) eq 1800"), ['a-c-1']);
  assert.deepEqual(await ids('Contacts', 'fractionalseconds(null) eq null and totalseconds(null) eq null and totaloffsetminutes(null) eq null'), ['a-c-1', 'a-c-2', 'a-c-3']);
});
