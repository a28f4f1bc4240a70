import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { AppsApiClient, demoTenant, startContactCenter } from '../../test-support/contact-center.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';

const database = await createTestDatabase();
const server = await startContactCenter(database.db);
const acme = await demoTenant(database.db, 'Acme');
const globex = await demoTenant(database.db, 'Globex');
const client = AppsApiClient.of(server, acme);
const other = AppsApiClient.of(server, globex);

test('the global list exists on first use and cannot be renamed or deleted', async () => {
  const lists = await client.get('/contact_lists');
  assert.equal(lists.status, 200);
  assert.deepEqual(lists.body.map((l: any) => [l.name, l.type, l.contacts_count]), [['Global', 'global', 1]]);
  const id = lists.body[0].id;
  const message = { message: 'The global contact list cannot be renamed or deleted' };
  const renamed = await client.patch(`/contact_lists/${id}`, { name: 'Mine' });
  assert.equal(renamed.status, 400);
  assert.deepEqual(renamed.body, message);
  const deleted = await client.delete(`/contact_lists/${id}`);
  assert.equal(deleted.status, 400);
  assert.deepEqual(deleted.body, message);
  const entry = await client.post(`/contact_lists/${id}/contacts`, { name: 'Front desk', phone_number: '(415) 555-0100' });
  assert.equal(entry.status, 200);
  assert.equal(entry.body.phone_number, '+14155550100');
});

test('custom lists: create, rename, unique names per center, delete with their contacts', async () => {
  const created = await client.post('/contact_lists', { name: 'VIP customers' });
  assert.equal(created.status, 200);
  assert.deepEqual([created.body.name, created.body.type, created.body.contacts_count], ['VIP customers', 'custom', 0]);
  assert.deepEqual((await client.post('/contact_lists', { name: 'vip CUSTOMERS' })).body, { message: 'name has already been taken' });
  assert.deepEqual((await client.post('/contact_lists', { name: 'global' })).body, { message: 'name has already been taken' });
  assert.equal((await other.post('/contact_lists', { name: 'VIP customers' })).status, 200, 'names are unique per center only');
  const id = created.body.id;
  assert.equal((await client.patch(`/contact_lists/${id}`, { name: 'VIPs' })).body.name, 'VIPs');
  const contact = await client.post(`/contact_lists/${id}/contacts`, { name: 'Ada', phone_number: '+44 20 7946 0958', email: 'ada@example.org' });
  assert.deepEqual([contact.body.phone_number, contact.body.email, contact.body.contact_list_id], ['+442079460958', 'ada@example.org', id]);
  assert.equal((await client.get(`/contact_lists/${id}`)).body.contacts_count, 1);
  const gone = await client.delete(`/contact_lists/${id}`);
  assert.equal(gone.status, 200);
  assert.equal((await client.get(`/contact_lists/${id}`)).status, 404);
  const left = await acme.db.selectFrom('cc_contacts').select('id').where('tenant_id', '=', acme.tenantId).where('contact_list_id', '=', String(id)).execute();
  assert.deepEqual(left, []);
});

test('contacts: add, page, edit, delete; duplicates and bad fields are precise 400s', async () => {
  const list = (await client.post('/contact_lists', { name: 'Partners' })).body;
  const base = `/contact_lists/${list.id}/contacts`;
  for (const n of [1, 2, 3]) assert.equal((await client.post(base, { name: `P${n}`, phone_number: `+1 212-555-010${n}` })).status, 200);
  const page = await client.get(`${base}?per_page=2&page=2`);
  assert.deepEqual(page.body.map((c: any) => c.name), ['P3']);
  assert.equal(page.headers.get('total'), '3');
  assert.equal(page.headers.get('per-page'), '2');
  const first = (await client.get(base)).body[0];
  const cases: [unknown, string][] = [
    [{ phone_number: '+12125550109' }, 'param is missing or the value is empty: name'],
    [{ name: 'X' }, 'param is missing or the value is empty: phone_number'],
    [{ name: 'X', phone_number: 'call me' }, 'phone_number is invalid'],
    [{ name: 'X', phone_number: '911' }, 'emergency phone number is not allowed'],
    [{ name: 'X', phone_number: '+1 212-555-0101' }, 'phone_number has already been taken in this contact list'],
    [{ name: 'X', phone_number: '+12125550109', email: 'nope' }, 'email is invalid'],
    [{ name: 7, phone_number: '+12125550109' }, 'name must be a string'],
    [{ name: 'x'.repeat(256), phone_number: '+12125550109' }, 'name must be at most 255 characters, without control characters'],
    [{ name: 'X', phone_number: '+12125550109', phone: '1' }, 'unknown parameter: "phone"; the accepted ones are name, phone_number, email'],
    [[1], 'The body must be a JSON object'],
  ];
  for (const [body, message] of cases) {
    const response = await client.post(base, body);
    assert.equal(response.status, 400, message);
    assert.deepEqual(response.body, { message });
  }
  assert.equal((await client.request('POST', base, '{"name": ', { 'content-type': 'application/json' })).status, 400);
  const edited = await client.patch(`${base}/${first.id}`, { email: 'p1@example.org', name: 'P One' });
  assert.deepEqual([edited.body.name, edited.body.email, edited.body.phone_number], ['P One', 'p1@example.org', '+12125550101']);
  assert.equal((await client.patch(`${base}/${first.id}`, { phone_number: '+1 212-555-0102' })).status, 400);
  assert.equal((await client.patch(`${base}/${first.id}`, {})).status, 400);
  assert.equal((await client.patch(`${base}/${first.id}`, { email: null })).body.email, null);
  assert.equal((await client.delete(`${base}/${first.id}`)).status, 200);
  assert.equal((await client.delete(`${base}/${first.id}`)).status, 404);
  assert.equal((await client.get(`${base}?per_page=1001`)).status, 400);
  assert.equal((await client.get(`${base}?page=0`)).status, 400);
  const count = await acme.db.selectFrom('cc_contacts').select((eb) => eb.fn.countAll<string>().as('n')).where('contact_list_id', '=', String(list.id)).executeTakeFirstOrThrow();
  assert.equal(count.n, '2');
});

test("another center's lists and contacts are Not Found", async () => {
  const list = (await client.post('/contact_lists', { name: 'Secret' })).body;
  const contact = (await client.post(`/contact_lists/${list.id}/contacts`, { name: 'S', phone_number: '+14155550111' })).body;
  for (const response of [
    await other.get(`/contact_lists/${list.id}`),
    await other.patch(`/contact_lists/${list.id}`, { name: 'Mine' }),
    await other.delete(`/contact_lists/${list.id}`),
    await other.get(`/contact_lists/${list.id}/contacts`),
    await other.post(`/contact_lists/${list.id}/contacts`, { name: 'X', phone_number: '+14155550112' }),
    await other.patch(`/contact_lists/${list.id}/contacts/${contact.id}`, { name: 'X' }),
    await other.delete(`/contact_lists/${list.id}/contacts/${contact.id}`),
    await client.get('/contact_lists/abc'),
    await client.get('/contact_lists/99999999999999999999/contacts'),
  ]) {
    assert.equal(response.status, 404);
    assert.deepEqual(response.body, { message: 'Not Found' });
  }
  assert.equal((await client.get(`/contact_lists/${list.id}/contacts`)).body.length, 1);
});

test('a center has at most 100 lists, a list at most 10,000 contacts', async () => {
  const tenant = await demoTenant(database.db, 'Initech');
  const api = AppsApiClient.of(server, tenant);
  const lists = [];
  for (let i = 0; i < 99; i++) lists.push(await api.post('/contact_lists', { name: `List ${i}` }));
  assert.ok(lists.every((r) => r.status === 200));
  assert.deepEqual((await api.post('/contact_lists', { name: 'One too many' })).body, { message: 'A contact center has at most 100 contact lists' });
  const listId = String(lists[0]!.body.id);
  await tenant.db
    .insertInto('cc_contacts')
    .columns(['tenant_id', 'contact_list_id', 'name', 'phone_number'])
    .expression((eb) => eb.selectFrom(sql<{ n: number }>`generate_series(1, 10000)`.as('g')).select([eb.val(tenant.tenantId).as('t'), eb.val(listId).as('l'), sql<string>`'C' || g`.as('name'), sql<string>`'+1415' || lpad(g::text, 7, '0')`.as('p')]))
    .execute();
  assert.deepEqual((await api.post(`/contact_lists/${listId}/contacts`, { name: 'X', phone_number: '+12125550100' })).body, { message: 'A contact list holds at most 10000 contacts' });
  assert.equal((await api.get(`/contact_lists/${listId}`)).body.contacts_count, 10000);
});
