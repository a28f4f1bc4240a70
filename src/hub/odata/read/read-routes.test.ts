/**
 * The OData read API over real HTTP and PostgreSQL, starting with the exact
 * requests of the Four/Four integration (docs/odata.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { startHub, workspace } from '../../../test-support/hub.ts';
import { createToken } from '../../identity/personal-access-tokens.ts';
import { odataClient } from '../../../test-support/odata-client.ts';

const { db } = await createTestDatabase();
const hub = await startHub(db);
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const globex = await workspace(db, 'Globex', 'gil@globex.test');
const token = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'r', scopes: ['api:read'] })).token;
const globexToken = (await createToken(db, { tenantId: globex.tenantId, userId: globex.userId, name: 'g', scopes: ['api:read'] })).token;

// 250 leads updated over 250 hours from 2024-01-15T00:00Z; 30 for Globex in the same window.
for (let i = 0; i < 250; i++) {
  await sql`insert into leads (tenant_id, id, first_name, last_name, annual_revenue, number_of_employees, is_converted, owner_id, updated, created)
    values (${acme.tenantId}, ${`lead-${String(i).padStart(3, '0')}`}, ${`First${i}`}, ${i % 3 ? 'Smith' : 'Jones'}, ${i * 1000.25}, ${i}, ${i % 2 === 0}, 'own-1',
            ${new Date(Date.UTC(2024, 0, 15) + i * 3_600_000)}, '2023-12-01T00:00:00Z')`.execute(db);
}
for (let i = 0; i < 30; i++) {
  await sql`insert into leads (tenant_id, id, last_name, updated) values (${globex.tenantId}, ${`gx-${i}`}, 'Smith', ${new Date(Date.UTC(2024, 0, 16) + i * 3_600_000)})`.execute(db);
}
await sql`insert into contacts (tenant_id, id, first_name, last_name, email, account_id, updated, additional_fields) values
  (${acme.tenantId}, 'c-1', 'Ada', 'Lovelace', 'ada@x.example', 'acc-1', '2019-08-24T14:15:22Z', '{"crm_segment":"Enterprise"}')`.execute(db);
await sql`insert into accounts (tenant_id, id, name, industry, updated) values (${acme.tenantId}, 'acc-1', 'Acme Robotics', 'Retail', now())`.execute(db);

const get = odataClient(hub.url, token);

/** Follows next links from `url` to the end; every page must be a 200. Returns the entities and the first page's context. */
async function allPages(url: string): Promise<{ entities: any[]; context: string }> {
  const entities: any[] = [];
  let context = '';
  for (let next: string | undefined = url; next; ) {
    const page = await get(next);
    assert.equal(page.status, 200, `${next}: ${JSON.stringify(page.body)}`);
    context ||= page.body['@odata.context'];
    entities.push(...page.body.value);
    next = page.body['@odata.nextLink'];
  }
  return { entities, context };
}

test('the integration\'s exact requests: lowercase probe, Go-encoded incremental read, next links followed verbatim', async () => {
  const probe = await get('/odata/contacts?top=1');
  assert.equal(probe.status, 200);
  assert.equal(probe.body.value.length, 1);
  assert.deepEqual(Object.keys(probe.body.value[0]).slice(0, 13), ['id', 'first_name', 'last_name', 'email', 'phone', 'title', 'account_id', 'department', 'lead_source', 'owner_id', 'region', 'created', 'updated']);
  assert.equal(probe.body.value[0].updated, '2019-08-24T14:15:22Z');

  let url = `/odata/Leads?%24filter=updated+ge+2024-01-15T10%3A30%3A00Z+and+updated+le+2024-01-22T00%3A00%3A00Z&top=100`;
  const seen: string[] = [];
  let pages = 0;
  for (;;) {
    const page = await get(url);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.equal(Object.keys(page.body)[0], '@odata.context');
    seen.push(...page.body.value.map((lead: { id: string }) => lead.id));
    pages++;
    if (!page.body['@nextLink']) {
      assert.equal(page.body['@odata.nextLink'], undefined);
      break;
    }
    assert.equal(page.body['@nextLink'], page.body['@odata.nextLink']);
    assert.ok(page.body['@nextLink'].startsWith(`${hub.url}/odata/Leads?`), 'absolute, from PUBLIC_URL');
    url = page.body['@nextLink'];
  }
  // 10:30 on the 15th is hour 10.5 → leads 11…168 (inclusive bounds, hourly).
  const expected = Array.from({ length: 158 }, (_, k) => `lead-${String(k + 11).padStart(3, '0')}`);
  assert.deepEqual(seen, expected);
  assert.equal(new Set(seen).size, seen.length, 'no lead twice');
  assert.equal(pages, 2, 'top=100 is the page size, as on Four/Four: the integration reads on to the end');
});

test('as on Four/Four, a top=1 probe answers one entity and a next link to the rest', async () => {
  await sql`insert into contacts (tenant_id, id, first_name, updated) values (${acme.tenantId}, 'c-2', 'Bea', now())`.execute(db);
  const first = await get('/odata/contacts?top=1&$count=true');
  assert.equal(first.body['@count'], 2);
  assert.equal(first.body.value.length, 1);
  assert.match(first.body['@nextLink'], /\/odata\/contacts\?top=1&\$count=true&\$skiptoken=/);
  const second = await get(first.body['@nextLink']);
  assert.deepEqual(second.body.value.map((c: { id: string }) => c.id), ['c-2']);
  assert.equal(second.body['@nextLink'], undefined);
  await sql`delete from contacts where tenant_id = ${acme.tenantId} and id = 'c-2'`.execute(db);
});

test('paging with $top, $skip, $orderby, $count and Prefer odata.maxpagesize', async () => {
  const first = await get('/odata/Leads?$top=25&$orderby=last_name desc,updated&$count=true', { prefer: 'odata.maxpagesize=10' });
  assert.equal(first.body['@nextLink'].includes('$top=25'), true, 'the next link keeps the query');
  assert.equal(first.body['@odata.count'], 250);
  assert.equal(first.body['@count'], 250);
  assert.equal(first.body.value.length, 10);
  assert.equal(first.headers.get('preference-applied'), 'odata.maxpagesize=10');
  const all = [...first.body.value];
  let next = first.body['@nextLink'];
  while (next) {
    const page = await get(next, { prefer: 'odata.maxpagesize=10' });
    all.push(...page.body.value);
    next = page.body['@nextLink'];
  }
  assert.equal(all.length, 250, 'pages of at most the preferred size, to the end');
  assert.equal(new Set(all.map((l) => l.id)).size, 250);
  assert.ok(all.slice(0, 166).every((l) => l.last_name === 'Smith') && all.slice(166).every((l) => l.last_name === 'Jones'));
  const updated = all.slice(0, 166).map((l) => l.updated);
  assert.deepEqual(updated, [...updated].sort());
  const large = await get('/odata/Leads?$top=5000');
  assert.equal(large.body.value.length, 250, 'a large $top reads everything at once (up to the 1000-row cap)');
  assert.equal(large.body['@nextLink'], undefined);

  const skipped = await get('/odata/Leads?$orderby=id&$skip=245');
  assert.deepEqual(skipped.body.value.map((l: { id: string }) => l.id), ['lead-245', 'lead-246', 'lead-247', 'lead-248', 'lead-249']);
  assert.equal(skipped.body['@nextLink'], undefined);
});

test('single entities, $select, open properties, navigation and $count paths', async () => {
  const one = await get("/odata/Contacts('c-1')");
  assert.equal(one.status, 200);
  assert.equal(one.body['@odata.context'], `${hub.url}/odata/$metadata#Contacts/$entity`);
  assert.equal(one.body.crm_segment, 'Enterprise');
  for (const form of ['/odata/Contacts(c-1)', '/odata/Contacts/c-1', "/odata/Contacts(id='c-1')"]) assert.equal((await get(form)).body.id, 'c-1', form);

  const selected = await get('/odata/Contacts?$select=email,crm_segment');
  assert.equal(selected.body['@odata.context'], `${hub.url}/odata/$metadata#Contacts(email,crm_segment)`);
  assert.deepEqual(selected.body.value, [{ id: 'c-1', email: 'ada@x.example', crm_segment: 'Enterprise' }]);

  const account = await get("/odata/Contacts('c-1')/Account");
  assert.equal(account.body.name, 'Acme Robotics');
  const contacts = await get("/odata/Accounts('acc-1')/Contacts");
  assert.deepEqual(contacts.body.value.map((c: { id: string }) => c.id), ['c-1']);
  const count = await get('/odata/Leads/$count?$filter=last_name eq \'Jones\'');
  assert.equal(count.body, 84);
  assert.match(count.headers.get('content-type')!, /^text\/plain/);
});

test('versions: OData-MaxVersion 4.0 gets only the 4.0 spelling; IEEE754Compatible turns decimals into strings', async () => {
  const old = await get('/odata/Leads?$top=3&$count=true', { 'odata-maxversion': '4.0', prefer: 'odata.maxpagesize=2' });
  assert.equal(old.headers.get('odata-version'), '4.0');
  assert.ok(old.body['@odata.nextLink'] && old.body['@odata.count'] === 250);
  assert.equal(old.body['@nextLink'], undefined);
  assert.equal(old.body['@count'], undefined);
  const exact = await get("/odata/Leads('lead-003')", { accept: 'application/json;IEEE754Compatible=true' });
  assert.equal(exact.body.annual_revenue, '3000.75');
  assert.equal((await get("/odata/Leads('lead-003')")).body.annual_revenue, 3000.75);
});

test('tenants never see each other\'s data, by set, key, navigation or count', async () => {
  const globexLeads = await get('/odata/Leads?$count=true', {}, globexToken);
  assert.equal(globexLeads.body['@odata.count'], 30);
  assert.ok(globexLeads.body.value.every((l: { id: string }) => l.id.startsWith('gx-')));
  assert.equal((await get("/odata/Leads('lead-001')", {}, globexToken)).status, 404);
  assert.equal((await get("/odata/Contacts('c-1')/Account", {}, globexToken)).status, 404);
  assert.equal((await get('/odata/Leads/$count', {}, globexToken)).body, 30);
});

test('bad requests get precise 4xx errors in the OData error body, never a 500', async () => {
  // A 200 names the page it must answer: how many entities, and the first one's id.
  const cases: [string, number, string, RegExp | { entities: number; first?: string }][] = [
    ['/odata/Nope', 404, 'ODATA_UNKNOWN_SET', /No entity set Nope/],
    ["/odata/Leads('missing')", 404, 'ODATA_ENTITY_NOT_FOUND', /No Lead with id missing/],
    ["/odata/Accounts('missing')/Contacts", 404, 'ODATA_ENTITY_NOT_FOUND', /No Account with id missing/],
    ['/odata/Leads?$filter=updated ge', 400, 'ODATA_SYNTAX', /position/],
    ['/odata/Insights?$filter=nickname eq 1', 404, 'ODATA_UNKNOWN_PROPERTY', /Insight has no property nickname/],
    ['/odata/Leads?$filter=nickname eq 1', 400, 'ODATA_INVALID_QUERY', /cannot apply eq to Edm.String and Edm.Int64/],
    ['/odata/Leads?$top=-1', 400, 'ODATA_SYNTAX', /top/i],
    ['/odata/Leads?$top=1&$top=2', 400, 'ODATA_SYNTAX', /top/i],
    ['/odata/Leads?$bogus=1', 400, 'ODATA_SYNTAX', /bogus/],
    ['/odata/Leads?$skiptoken=forged', 400, 'ODATA_INVALID_QUERY', /skiptoken/],
    ['/odata/Accounts?$orderby=Contacts/$count($filter=updated lt now()) desc', 400, 'ODATA_INVALID_QUERY', /cannot use now\(\)/],
    ['/odata/Accounts?$orderby=@a&@a=now()', 400, 'ODATA_INVALID_QUERY', /cannot use now\(\)/],
    ['/odata/Leads?$select=Owner/first_name', 400, 'ODATA_INVALID_QUERY', /select Owner's properties through \$expand, as in \$expand=Owner\(\$select=first_name\)/],
    // Checked against the model at every depth, even where no row reaches: Owners has no navigation properties.
    ['/odata/Leads?$expand=Owner($expand=Owner)', 404, 'ODATA_UNKNOWN_NAVIGATION', /Owner has no navigation property Owner/],
    ["/odata/Leads?$filter=id eq 'none'&$expand=Owner($filter=name eq 1)", 400, 'ODATA_INVALID_QUERY', /cannot apply eq to Edm.String and Edm.Int/],
    ['/odata/Leads?$expand=Owner($levels=2)', 501, 'ODATA_NOT_IMPLEMENTED', /\$levels/],
    ['/odata/Leads?$expand=Friends', 404, 'ODATA_UNKNOWN_NAVIGATION', /Lead has no navigation property Friends/],
    ['/odata/Accounts?$expand=Contacts($levels=2)', 501, 'ODATA_NOT_IMPLEMENTED', /\$levels/],
    ['/odata/Leads?$apply=aggregate(x)', 501, 'ODATA_NOT_IMPLEMENTED', /\$apply/],
    ['/odata/Leads?$compute=a add 1 as b', 400, 'ODATA_INVALID_QUERY', /a number on the left of add, found Edm.String/],
    ["/odata/Leads?$filter=first_name eq '" + 'x'.repeat(5000) + "'", 200, '', { entities: 0 }],
    ['/odata/Leads?$filter=' + '('.repeat(500) + 'true' + ')'.repeat(500), 400, 'ODATA_SYNTAX', /nest/i],
    ['/odata/Leads?$filter=' + Array.from({ length: 1900 }, () => 'true').join('+or+'), 400, 'ODATA_INVALID_QUERY', /nests 1900 levels deep, more than 300/],
    ['/odata/Leads?$filter=' + Array.from({ length: 250 }, () => 'true').join('+or+'), 200, '', { entities: 100, first: 'lead-000' }],
    ['/odata/Leads?$filter=@p&@p=' + Array.from({ length: 1900 }, () => 'true').join('+or+'), 400, 'ODATA_INVALID_QUERY', /nests 1900 levels deep/],
    ['/odata/Owners?$search=x', 200, '', { entities: 0 }],
    ['/odata/Leads?$format=atom', 406, 'ODATA_NOT_ACCEPTABLE', /\$format=atom is not available/],
    ['/odata/Leads?$format=application/json;odata.metadata=minimal', 200, '', { entities: 100, first: 'lead-000' }],
    ['/odata/Leads?$format=JSON', 200, '', { entities: 100, first: 'lead-000' }],
    ['/odata/Leads?$filter=@a0+gt+0' + Array.from({ length: 9 }, (_, i) => `&@a${i}=@a${i + 1}+add+@a${i + 1}+add+@a${i + 1}+add+@a${i + 1}`).join('') + '&@a9=1', 400, 'ODATA_INVALID_QUERY', /more than 10000 expression nodes/],
    ['/odata/Leads?$orderby=now()', 400, 'ODATA_INVALID_QUERY', /cannot use now\(\)/],
    ['/odata/Leads?$filter=number_of_employees mod 0 eq 0', 200, '', { entities: 0 }],
    // Hour 97 is 2024-01-19T01:00Z.
    ["/odata/Leads?$filter=updated add duration'P1D' gt 2024-01-20T00:00:00Z", 200, '', { entities: 100, first: 'lead-097' }],
    ['/odata/Leads?$filter=9223372036854775807 add 1 gt 0', 400, 'ODATA_INVALID_QUERY', /out of range/],
    ['/odata/Leads?$filter=converted_date gt 0000-01-01T00:00:00Z', 400, 'ODATA_INVALID_QUERY', /not valid for its type/],
    ["/odata/Leads?$filter=matchesPattern(first_name,'(')", 400, 'ODATA_INVALID_QUERY', /regular expression/],
    ["/odata/Leads?$filter=first_name eq '%00'", 400, 'ODATA_INVALID_QUERY', /not valid for its type/],
    ["/odata/Leads('%00')", 400, 'ODATA_INVALID_QUERY', /not valid for its type/],
    ["/odata/Topics?$filter=keywords in ('a')", 400, 'ODATA_INVALID_QUERY', /single value on the left of in/],
    ['/odata/ChatMessages?$search=%22exact phrase%22 OR foo', 200, '', { entities: 0 }],
  ];
  for (const [url, status, code, expected] of cases) {
    const response = await get(url);
    assert.equal(response.status, status, `${url.slice(0, 80)} → ${JSON.stringify(response.body).slice(0, 200)}`);
    if (expected instanceof RegExp) {
      assert.equal(response.body.error.code, code, url.slice(0, 80));
      assert.match(response.body.error.message, expected, url.slice(0, 80));
    } else {
      assert.equal(response.body.value.length, expected.entities, url.slice(0, 80));
      assert.equal(response.body.value[0]?.id, expected.first, url.slice(0, 80));
    }
  }
  const zero = await get('/odata/Leads?$top=0&$count=true');
  assert.equal(zero.status, 200, JSON.stringify(zero.body));
  assert.deepEqual([zero.body['@count'], zero.body.value, zero.body['@nextLink']], [250, [], undefined]);
  const issued = new URL((await get('/odata/Leads?$orderby=updated&$top=1')).body['@nextLink']).searchParams.get('$skiptoken')!;
  const [payload, tag] = issued.split('.') as [string, string];
  const [signature] = JSON.parse(Buffer.from(payload, 'base64url').toString()) as [string];
  const forged = `${Buffer.from(JSON.stringify([signature, 'garbage', 'lead-000'])).toString('base64url')}.${tag}`;
  const edited = await get(`/odata/Leads?$orderby=updated&$top=1&$skiptoken=${forged}`);
  assert.equal(edited.status, 400, JSON.stringify(edited.body));
  assert.match(edited.body.error.message, /not one this service issued/);
  const tokenForAnother = (await get('/odata/Leads?$orderby=id&$top=1')).body['@nextLink'];
  const token = new URL(tokenForAnother).searchParams.get('$skiptoken');
  const replayed = await get(`/odata/Leads?$orderby=updated desc&$skiptoken=${token}`);
  assert.equal(replayed.status, 400);
  assert.match(replayed.body.error.message, /belongs to another query/);
});

test('$skip beside a $skiptoken is a 400 (the token alone says where the next page starts), $skip=0 included', async () => {
  const link = new URL((await get('/odata/Leads?$orderby=id&$top=2')).body['@nextLink']);
  const token = link.searchParams.get('$skiptoken')!;
  const followed = await get(`${link.pathname}${link.search}`);
  assert.equal(followed.status, 200, 'the next link as given works');
  for (const skip of ['$skip=5', '$skip=0', 'skip=5', '$SKIP=1']) {
    const refused = await get(`/odata/Leads?$orderby=id&$top=2&${skip}&$skiptoken=${token}`);
    assert.equal(refused.status, 400, skip);
    assert.equal(refused.body.error.code, 'ODATA_INVALID_QUERY', skip);
    assert.match(refused.body.error.message, /\$skip cannot be used with \$skiptoken; follow the next link as given$/, skip);
  }
});

test('rows inserted while a client pages are neither skipped nor repeated', async () => {
  const seen: string[] = [];
  let next: string | undefined = '/odata/Leads?$orderby=updated&$select=id,updated';
  let inserted = 0;
  while (next) {
    const page = await get(next, { prefer: 'odata.maxpagesize=40' });
    seen.push(...page.body.value.map((l: { id: string }) => l.id));
    // Rows land before and after the cursor while we page.
    await sql`insert into leads (tenant_id, id, updated) values
      (${acme.tenantId}, ${`late-early-${inserted}`}, '2000-01-01T00:00:00Z'),
      (${acme.tenantId}, ${`late-late-${inserted}`}, '2099-01-01T00:00:00Z')`.execute(db);
    inserted++;
    next = page.body['@nextLink'];
  }
  assert.equal(new Set(seen).size, seen.length, 'nothing twice');
  for (let i = 0; i < 250; i++) assert.ok(seen.includes(`lead-${String(i).padStart(3, '0')}`), `lead ${i} was served`);
  assert.ok(!seen.some((id) => id.startsWith('late-early')), 'rows inserted behind the cursor are not served late');
});

test('$orderby and $filter on a count page through next links, counting only the workspace\'s own rows', async () => {
  for (let i = 0; i < 7; i++) {
    await sql`insert into accounts (tenant_id, id, name, updated) values (${acme.tenantId}, ${`cnt-${i}`}, ${`Counted ${i}`}, now())`.execute(db);
    for (let c = 0; c < i % 3; c++) await sql`insert into contacts (tenant_id, id, account_id, updated) values (${acme.tenantId}, ${`cnt-${i}-${c}`}, ${`cnt-${i}`}, now())`.execute(db);
  }
  // Another workspace's contacts under the same account ids must not count.
  for (let c = 0; c < 5; c++) await sql`insert into contacts (tenant_id, id, account_id, updated) values (${globex.tenantId}, ${`gx-cnt-${c}`}, 'cnt-0', now())`.execute(db);
  const { entities } = await allPages("/odata/Accounts?$filter=startswith(id,'cnt-') and Contacts/$count lt 2&$orderby=Contacts/$count desc&$select=id&$top=2");
  assert.deepEqual(entities.map((a: { id: string }) => a.id), ['cnt-4', 'cnt-1', 'cnt-6', 'cnt-3', 'cnt-0'], 'one contact first, then none; ties by id, in the direction of the last key');
});

test('$compute: computed properties are served, filtered and ordered by, and paged through next links', async () => {
  const { entities: seen, context } = await allPages(
    "/odata/Leads?$compute=number_of_employees mul 2 as staff,concat(last_name,'!') as tag&$filter=staff ge 480 and tag eq 'Jones!'&$orderby=staff desc&$select=id,staff,tag&$top=3",
  );
  assert.equal(context, `${hub.url}/odata/$metadata#Leads(id,staff,tag)`);
  // Leads 240 to 249 have 480 to 498 staff doubled; those with i % 3 == 0 are Jones: 249, 246, 243, 240.
  assert.deepEqual(seen, [249, 246, 243, 240].map((i) => ({ id: `lead-${i}`, staff: i * 2, tag: 'Jones!' })));

  const whole = await get("/odata/Leads('lead-003')?$compute=annual_revenue div 2 as half");
  assert.equal(whole.body.half, 1500.375, 'without $select, computed properties come with the entity');
  const nested = await get("/odata/Accounts('acc-1')?$select=id&$expand=Contacts($compute=tolower(first_name) as lower;$select=lower)");
  assert.deepEqual(nested.body.Contacts, [{ id: 'c-1', lower: 'ada' }]);
  const shadowed = await get("/odata/Accounts?$compute='Nobody' as first_name&$filter=Contacts/$count($filter=first_name eq 'Ada') gt 0&$select=id");
  assert.deepEqual(shadowed.body.value, [{ id: 'acc-1' }], "inside a related entity's filter, its own properties win over the outer computed names");
  const ancient = await get("/odata/Leads('lead-001')?$compute=mindatetime() sub duration'P1D' as m,date(mindatetime()) sub duration'P1D' as d&$select=id,m,d");
  assert.deepEqual(ancient.body, { '@odata.context': `${hub.url}/odata/$metadata#Leads(id,m,d)/$entity`, id: 'lead-001', m: null, d: null }, 'no year OData cannot write');
  const wide = (await allPages('/odata/Leads?$compute=number_of_employees mul 100000000 as big&$orderby=big desc&$select=id&$top=100')).entities.map((lead: { id: string }) => lead.id);
  const { rows: [leads] } = await sql<{ n: number }>`select count(*)::int as n from leads where tenant_id = ${acme.tenantId}`.execute(db);
  assert.deepEqual([wide.length, new Set(wide).size], [leads!.n, leads!.n], 'an Int32 times an Int64 is an Int64, also in the skip token');
  const foreign = await get("/odata/Leads?$compute=number_of_employees mul 2 as staff&$filter=staff eq 0", {}, globexToken);
  assert.ok(foreign.body.value.every((lead: { id: string }) => lead.id.startsWith('gx-')), 'computed in the caller\'s own workspace');

  for (const [url, status, message] of [
    ['/odata/Leads?$compute=number_of_employees as first_name', 400, /first_name is already a property/],
    ['/odata/Leads?$compute=1 as a,2 as a', 400, /a is already a property of Lead or computed before/],
    ["/odata/Leads?$compute=updated sub created as age", 501, /computing a Edm.Duration/],
    ['/odata/Leads?$compute=cast(crm_size,Edm.Int32) mul 2 as x&$filter=x gt 1', 200, 0],
    ['/odata/Leads?$compute=number_of_employees mul 2', 400, /expected ' as '/],
    // now() kept out of the order through a computed property, directly, by an alias or by another computed property.
    ['/odata/Leads?$compute=now() as n&$orderby=n', 400, /cannot use now\(\)/],
    ['/odata/Leads?$compute=@a as n&@a=now()&$orderby=n desc', 400, /cannot use now\(\)/],
    ['/odata/Leads?$compute=now() as n,year(n) as y&$orderby=y', 400, /cannot use now\(\)/],
    // Each use of a computed property costs what it cost to compile: chains cannot double the SQL at every step.
    ['/odata/Leads?$compute=1 as a0,a0 add a0 as a1,a1 add a1 as a2,a2 add a2 as a3,a3 add a3 as a4,a4 add a4 as a5,a5 add a5 as a6,a6 add a6 as a7,a7 add a7 as a8,a8 add a8 as a9,a9 add a9 as a10,a10 add a10 as a11,a11 add a11 as a12,a12 add a12 as a13,a13 add a13 as a14,a14 add a14 as a15,a15 add a15 as a16&$filter=a16 gt 0', 400, /more than 10000 expression nodes/],
  ] as const) {
    const response = await get(url);
    assert.equal(response.status, status, `${url}: ${JSON.stringify(response.body)}`);
    if (typeof message === 'number') assert.equal(response.body.value.length, message, url);
    else assert.match(response.body.error.message, message, url);
  }
});

test('ordering by an expression that is constant (isof of another type, in ()) is a valid order, not a database error', async () => {
  for (const orderby of ['isof(updated,Edm.Decimal) desc', 'id in ()', 'isof(updated,Edm.Decimal),id desc']) {
    const response = await get(`/odata/Leads?$select=id&$top=2&$orderby=${orderby}`);
    assert.equal(response.status, 200, `${orderby}: ${JSON.stringify(response.body)}`);
    assert.equal(response.body.value.length, 2);
  }
});

test('$orderby takes at most 32 keys, also inside $expand: more is a 400, not a database error', async () => {
  const keys = (n: number) => Array.from({ length: n }, (_, i) => ['last_name', 'first_name desc', 'annual_revenue', 'number_of_employees desc', 'is_converted', 'updated'][i % 6]).join(',');
  const ids = (await allPages(`/odata/Leads?$select=id&$top=100&$orderby=${keys(32)}`)).entities.map((lead: { id: string }) => lead.id);
  const { rows: [leads] } = await sql<{ n: number }>`select count(*)::int as n from leads where tenant_id = ${acme.tenantId}`.execute(db);
  assert.deepEqual([ids.length, new Set(ids).size], [leads!.n, leads!.n], '32 keys page through next links');
  const nested = await get(`/odata/Accounts('acc-1')?$select=id&$expand=Contacts($select=id;$orderby=${keys(32).replaceAll('annual_revenue', 'email').replaceAll('number_of_employees', 'title').replaceAll('is_converted', 'phone')})`);
  assert.equal(nested.status, 200, JSON.stringify(nested.body));
  for (const url of [
    `/odata/Leads?$orderby=${keys(33)}`,
    `/odata/Leads?$orderby=${Array.from({ length: 830 }, () => 'updated').join(',')}`,
    `/odata/Accounts?$expand=Contacts($orderby=${Array.from({ length: 830 }, () => 'updated').join(',')})`,
    `/odata/Accounts?$expand=Contacts($expand=Account($orderby=${Array.from({ length: 830 }, () => 'name').join(',')}))`,
  ]) {
    const response = await get(url);
    assert.equal(response.status, 400, `${url.slice(0, 80)}: ${JSON.stringify(response.body).slice(0, 200)}`);
    assert.equal(response.body.error.code, 'ODATA_INVALID_QUERY');
    assert.match(response.body.error.message, /\$orderby has \d+ keys; at most 32 are allowed/);
  }
});
