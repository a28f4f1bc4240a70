import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { startHub, workspace } from '../../../test-support/hub.ts';
import { loadDemo } from '../../../test-support/demo-fixture.ts';
import { createToken } from '../../identity/personal-access-tokens.ts';
import { odataClient } from '../../../test-support/odata-client.ts';

const database = await createTestDatabase();
const { db } = database;
const hub = await startHub(db);
const acme = await workspace(db, 'Acme', 'ada@acme.test');
await loadDemo(database, acme.tenantId, { conversations: 100, fragmentShare: 1 });
const other = await workspace(db, 'Other', 'olga@other.test');
await loadDemo(database, other.tenantId, { conversations: 40, fragmentShare: 1 }, 9);
const token = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'r', scopes: ['api:read'] })).token;

const client = odataClient(hub.url, token);
const get = (path: string) => client(`/odata/${path}`);

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
    assert.deepEqual(conversation.Account, account.rows[0] ? { id: conversation.Account.id, name: account.rows[0].name } : null);
    const last = await sql<{ position: number }>`select position from fragments where tenant_id = ${acme.tenantId} and conversation_id = ${conversation.id} order by position desc limit 2`.execute(db);
    assert.equal(last.rows.length, 2);
    assert.deepEqual(conversation.Fragments.map((f: { position: number }) => f.position), last.rows.map((r) => r.position), 'nested $top and $orderby apply per conversation');
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
  assert.equal((await get('Conversations?$expand=Participants($levels=2)')).status, 501);
  assert.equal((await get('Conversations?$expand=*($levels=2)')).status, 501);
  const twice = await get('Conversations?$expand=Participants($top=1),Participants($top=2)');
  assert.equal(twice.status, 400);
  assert.match(twice.body.error.message, /Participants is expanded twice/);
  assert.equal((await get('Conversations?$expand=Participants/$ref')).status, 501);
  assert.equal((await get("Conversations?$expand=Participants($filter=nickname eq 'x')")).status, 404);
  assert.equal((await get('Conversations?$expand=Participants($filter=name eq)')).status, 400);
});

test('$expand nests: each level is read for all its parents at once, only from the same workspace', async () => {
  const { status, body } = await get(
    'Insights?$top=4&$orderby=id&$select=id&$expand=Conversation($select=id;$expand=Account($select=name;$expand=Owner($select=email)),Participants($select=id;$orderby=id;$top=2;$expand=Contact($select=email)))',
  );
  assert.equal(status, 200, JSON.stringify(body).slice(0, 300));
  assert.equal(body['@odata.context'], `${hub.url}/odata/$metadata#Insights(id,Conversation(id,Account(name,Owner(email)),Participants(id,Contact(email))))`);
  assert.equal(body.value.length, 4);
  let owners = 0;
  let contacts = 0;
  for (const insight of body.value) {
    // The other workspace has rows under the same ids; every level must match this workspace's SQL.
    const { rows } = await sql<{ conversation: string; account: string | null; owner: string | null }>`
      select c.id as conversation, a.name as account, o.email as owner
      from insights i
      join conversations c on c.tenant_id = i.tenant_id and c.id = i.conversation_id
      left join accounts a on a.tenant_id = c.tenant_id and a.id = c.account_id
      left join owners o on o.tenant_id = a.tenant_id and o.id = a.owner_id
      where i.tenant_id = ${acme.tenantId} and i.id = ${insight.id}`.execute(db);
    const truth = rows[0]!;
    assert.equal(insight.Conversation.id, truth.conversation);
    assert.equal(insight.Conversation.Account?.name ?? null, truth.account);
    assert.equal(insight.Conversation.Account?.Owner?.email ?? null, truth.owner);
    if (truth.owner) owners++;
    const participants = await sql<{ id: string; email: string | null }>`
      select p.id, k.email from participants p left join contacts k on k.tenant_id = p.tenant_id and k.id = p.contact_id
      where p.tenant_id = ${acme.tenantId} and p.conversation_id = ${truth.conversation} order by p.id limit 2`.execute(db);
    assert.deepEqual(
      insight.Conversation.Participants.map((p: { id: string; Contact: { email: string } | null }) => ({ id: p.id, email: p.Contact?.email ?? null })),
      participants.rows,
    );
    contacts += participants.rows.filter((p) => p.email).length;
  }
  assert.ok(owners > 0 && contacts > 0, 'the third level and the nested collection were exercised');
});

test('$expand=* expands every navigation property; nesting deeper than 3 levels is a 400', async () => {
  const star = await get("Accounts?$top=1&$orderby=id&$select=id&$expand=*,Contacts($select=id;$top=1)");
  assert.equal(star.status, 200);
  assert.deepEqual(Object.keys(star.body.value[0]), ['id', 'Contacts', 'Opportunities', 'Conversations', 'Owner']);
  assert.equal(star.body.value[0].Contacts.length <= 1, true, 'a navigation named beside * keeps its own options');
  assert.equal(star.body['@odata.context'], `${hub.url}/odata/$metadata#Accounts(id,Contacts(id),Opportunities(),Conversations(),Owner())`);

  const deep = await get('Insights?$top=1&$expand=Conversation($expand=Account($expand=Contacts($expand=Owner)))');
  assert.equal(deep.status, 400);
  assert.equal(deep.body.error.code, 'ODATA_INVALID_QUERY');
  assert.match(deep.body.error.message, /at most 3 levels/);
});

test('one response holds at most 20,000 expanded entities: a 400 says what to narrow, and narrowing works', async () => {
  await sql`insert into accounts (tenant_id, id, name, updated) select ${acme.tenantId}, 'big-' || n, 'Big ' || n, now() from generate_series(1, 25) n`.execute(db);
  await sql`insert into contacts (tenant_id, id, account_id, email, updated)
    select ${acme.tenantId}, 'bulk-' || a || '-' || c, 'big-' || a, 'c' || c || '@big.test', now() from generate_series(1, 25) a, generate_series(1, 900) c`.execute(db);
  const url = "Accounts?$filter=startswith(id,'big-')&$select=id&$expand=Contacts($select=id)";
  const tooMany = await get(url);
  assert.equal(tooMany.status, 400);
  assert.match(tooMany.body.error.message, /more than 20000 related entities.*\$top/);
  const narrowed = await get(url.replace('$select=id)', '$select=id;$top=10)'));
  assert.equal(narrowed.status, 200);
  assert.equal(narrowed.body.value.length, 25);
  assert.ok(narrowed.body.value.every((account: { Contacts: unknown[] }) => account.Contacts.length === 10));
});

test('an expanded collection longer than a page ends with its own next link, which reads the rest with the same options', async () => {
  await sql`insert into accounts (tenant_id, id, name, updated) values (${acme.tenantId}, 'huge''s', 'Huge', now())`.execute(db);
  await sql`insert into contacts (tenant_id, id, account_id, email, updated)
    select ${acme.tenantId}, 'h-' || lpad(n::text, 5, '0'), 'huge''s', case when n % 10 = 0 then 'skip@huge.test' else 'keep' || n || '@huge.test' end, now()
    from generate_series(1, 1300) n`.execute(db);
  const { rows } = await sql<{ id: string }>`select id from contacts where tenant_id = ${acme.tenantId} and account_id = 'huge''s' and email like 'keep%' order by id desc`.execute(db);
  assert.equal(rows.length, 1170);

  // Two aliases named @p: the nested one is what the nested filter sees, and what its link must carry.
  const first = await get("Accounts('huge''s')?$select=id&$filter=id ne @p&$expand=Contacts($select=id,email;$filter=startswith(email,@p);$orderby=id desc;@p='keep')&@p='zzz'");
  assert.equal(first.status, 200, JSON.stringify(first.body).slice(0, 300));
  assert.equal(first.body.Contacts.length, 1000);
  const link = first.body['Contacts@odata.nextLink'] as string;
  assert.equal(first.body['Contacts@nextLink'], link);
  assert.ok(link.startsWith(`${hub.url}/odata/Accounts('huge''s')/Contacts?`), link);
  assert.deepEqual([...new URL(link).searchParams.keys()], ['$select', '$filter', '$orderby', '@p', '$skiptoken'], 'the nested options and a keyset token');
  assert.equal(new URL(link).searchParams.get('@p'), "'keep'");
  const ids = first.body.Contacts.map((c: { id: string }) => c.id);
  // Rows inserted before the cursor while the client follows the links are neither repeated nor shift the rest.
  await sql`insert into contacts (tenant_id, id, account_id, email, updated) values (${acme.tenantId}, 'h-99999', 'huge''s', 'keep-late@huge.test', now())`.execute(db);
  for (let url: string | undefined = link; url; ) {
    const page = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await page.json()) as { value: { id: string; email: string }[]; '@odata.nextLink'?: string };
    assert.equal(page.status, 200, JSON.stringify(body).slice(0, 300));
    assert.ok(body.value.every((c) => Object.keys(c).join() === 'id,email'), 'the nested $select carries over');
    ids.push(...body.value.map((c) => c.id));
    url = body['@odata.nextLink'];
  }
  assert.deepEqual(ids, rows.map((r) => r.id), 'every contact once, in the nested order, the filter and its alias kept');

  const capped = await get("Accounts('huge''s')?$expand=Contacts($select=id;$top=5)");
  assert.equal(capped.body.Contacts.length, 5);
  assert.equal(capped.body['Contacts@odata.nextLink'], undefined, 'a $top of the client asked for no more');
  const beyond = await get("Accounts('huge''s')?$expand=Contacts($select=id;$top=1200)");
  assert.equal(beyond.body.Contacts.length, 1000);
  const rest = await fetch(beyond.body['Contacts@odata.nextLink'], { headers: { authorization: `Bearer ${token}` } });
  assert.equal(((await rest.json()) as { value: unknown[] }).value.length, 200, 'a $top above the page size is cut, and its link asks for what is left of it');
});

test('the limit counts every copy: a related entity shared by many parents cannot multiply a response past it', async () => {
  // 1,000 contacts of one account, each expanding that account with its 1,000 first contacts: a million entities.
  const url = "Contacts?$filter=account_id eq 'huge''s'&$top=1000&$select=id&$expand=Account($select=id;$expand=Contacts($select=id))";
  const multiplied = await get(url);
  assert.equal(multiplied.status, 400);
  assert.match(multiplied.body.error.message, /more than 20000 related entities/);
  const small = await get(url.replace('$top=1000', '$top=10'));
  assert.equal(small.status, 200);
  assert.ok(small.body.value.every((c: { Account: { Contacts: unknown[] } }) => c.Account.Contacts.length === 1000));
});
