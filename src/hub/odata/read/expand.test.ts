import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createLogger } from '../../../platform/logging/logger.ts';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { startHub, workspace } from '../../../test-support/hub.ts';
import { loadDemoData } from '../../demo/demo-data.ts';
import { createToken } from '../../identity/personal-access-tokens.ts';

const database = await createTestDatabase();
const { db } = database;
const hub = await startHub(db);
const acme = await workspace(db, 'Acme', 'ada@acme.test');
await loadDemoData(database.pool, acme.tenantId, { conversations: 100, fragmentShare: 1 }, createLogger('silent'));
const other = await workspace(db, 'Other', 'olga@other.test');
await loadDemoData(database.pool, other.tenantId, { conversations: 40, fragmentShare: 1 }, createLogger('silent'), 9);
const token = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'r', scopes: ['api:read'] })).token;

async function get(path: string) {
  const response = await fetch(`${hub.url}/odata/${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

test('collection and single navigation expand inline, with nested options, per parent', async () => {
  const { status, body } = await get("Conversations?$top=5&$orderby=id&$select=id,title&$expand=Participants($select=name,role;$filter=role eq 'customer';$count=true),Account($select=name),Fragments($orderby=position desc;$top=2)");
  assert.equal(status, 200, JSON.stringify(body).slice(0, 300));
  assert.equal(body['@odata.context'], `${hub.url}/odata/$metadata#Conversations(id,title,Participants(name,role),Account(name),Fragments())`);
  assert.equal(body.value.length, 5);
  for (const conversation of body.value) {
    const participants = await sql<{ name: string }>`select name from participants where tenant_id = ${acme.tenantId} and conversation_id = ${conversation.id} and role = 'customer' order by id`.execute(db);
    assert.deepEqual(conversation.Participants.map((p: { name: string }) => p.name), participants.rows.map((r) => r.name));
    assert.deepEqual(Object.keys(conversation.Participants[0]), ['id', 'name', 'role']);
    assert.equal(conversation['Participants@odata.count'], participants.rows.length);
    assert.equal(conversation['Participants@count'], participants.rows.length);
    const account = await sql<{ name: string }>`select a.name from accounts a join conversations c on c.tenant_id = a.tenant_id and c.account_id = a.id where c.tenant_id = ${acme.tenantId} and c.id = ${conversation.id}`.execute(db);
    assert.deepEqual(conversation.Account, { id: conversation.Account.id, name: account.rows[0]!.name });
    assert.deepEqual(conversation.Fragments.map((f: { position: number }) => f.position), [5, 4], 'nested $top and $orderby apply per conversation');
  }
});

test('many-to-many navigation expands through its link table; a single entity expands too', async () => {
  const labelled = await sql<{ conversation_id: string; label_id: string }>`select conversation_id, label_id from conversation_labels where tenant_id = ${acme.tenantId} order by conversation_id limit 1`.execute(db);
  const { conversation_id: id, label_id: label } = labelled.rows[0]!;
  const { status, body } = await get(`Conversations('${id}')?$expand=Labels,Participants($top=1)`);
  assert.equal(status, 200);
  assert.deepEqual(body.Labels.map((l: { id: string }) => l.id), [label]);
  assert.equal(body.Participants.length, 1);
  const none = await get("Conversations('conv-0000001')?$expand=Labels");
  assert.deepEqual(none.body.Labels, [], 'no labels is an empty array');
});

test('expanded entities never come from another workspace', async () => {
  const { body } = await get('Accounts?$top=50&$expand=Contacts($select=id;$count=true)');
  for (const account of body.value) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from contacts where tenant_id = ${acme.tenantId} and account_id = ${account.id}`.execute(db);
    assert.equal(account['Contacts@odata.count'], rows[0]!.n, account.id);
  }
});

test('$select naming id after other properties still attaches expansions to the right parents; aliases reach nested options', async () => {
  const idLast = await get('Accounts?$top=20&$orderby=id&$select=name,id&$expand=Contacts($select=id)');
  const idFirst = await get('Accounts?$top=20&$orderby=id&$select=id,name&$expand=Contacts($select=id)');
  assert.deepEqual(idLast.body.value, idFirst.body.value);
  assert.ok(idLast.body.value.some((a: { Contacts: unknown[] }) => a.Contacts.length > 0));
  const contact = await sql<{ first_name: string; account_id: string }>`select first_name, account_id from contacts where tenant_id = ${acme.tenantId} order by id limit 1`.execute(db);
  const { first_name: name, account_id: account } = contact.rows[0]!;
  const aliased = await get(`Accounts('${account}')?$expand=Contacts($filter=first_name eq @p;$select=first_name)&@p='${name}'`);
  assert.equal(aliased.status, 200, JSON.stringify(aliased.body));
  assert.ok(aliased.body.Contacts.length >= 1 && aliased.body.Contacts.every((c: { first_name: string }) => c.first_name === name));
});

test('a navigation property in $select is accepted, as generated clients send it', async () => {
  // The SAP Cloud SDK sends .select(ID, TITLE, ACCOUNT).expand(ACCOUNT.select(NAME)) as below.
  const both = await get('Conversations?$top=3&$orderby=id&$select=id,title,Account&$expand=Account($select=name)');
  assert.equal(both.status, 200, JSON.stringify(both.body));
  const plain = await get('Conversations?$top=3&$orderby=id&$select=id,title&$expand=Account($select=name)');
  assert.deepEqual(both.body.value, plain.body.value);
  assert.deepEqual(Object.keys(both.body.value[0]), ['id', 'title', 'Account']);
  assert.equal(both.body['@odata.context'], `${hub.url}/odata/$metadata#Conversations(id,title,Account,Account(name))`);
  // Without $expand it asks only for the navigation link, which metadata=minimal omits.
  const linkOnly = await get("Conversations('conv-0000001')?$select=Participants");
  assert.equal(linkOnly.status, 200);
  assert.deepEqual(Object.keys(linkOnly.body), ['@odata.context', 'id']);
  const nested = await get("Accounts?$top=2&$orderby=id&$expand=Contacts($select=first_name,Owner)");
  assert.equal(nested.status, 200);
  assert.deepEqual(Object.keys(nested.body.value[0].Contacts[0]), ['id', 'first_name']);
});

test('unsupported and unknown expansions are precise errors', async () => {
  assert.equal((await get('Conversations?$expand=Nope')).status, 404);
  assert.equal((await get('Conversations?$expand=Participants($expand=Contact)')).status, 501);
  assert.equal((await get('Conversations?$expand=Participants/$ref')).status, 501);
  assert.equal((await get("Conversations?$expand=Participants($filter=nickname eq 'x')")).status, 404);
  assert.equal((await get('Conversations?$expand=Participants($filter=name eq)')).status, 400);
});
