/**
 * Every tool and resource through the SDK's client, on the demo data of
 * two workspaces whose ids overlap (the demo numbers its records the same
 * way in each): each result is the caller's workspace's row, ids only the
 * other workspace has are not found, and every result carries its url.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { startHub, workspace } from '../../test-support/hub.ts';
import { loadDemo } from '../../test-support/demo-fixture.ts';
import { callTool, mcpClient, toolError } from '../../test-support/mcp-client.ts';
import { createToken } from '../identity/personal-access-tokens.ts';

const database = await createTestDatabase();
const { db } = database;
const hub = await startHub(db);
const big = await workspace(db, 'Big', 'big@big.test');
const small = await workspace(db, 'Small', 'small@small.test');
await loadDemo(database, big.tenantId, { conversations: 300, fragmentShare: 0.5 });
await loadDemo(database, small.tenantId, { conversations: 30, fragmentShare: 1 }, 7);
const token = async (tenant: { tenantId: string; userId: string }) => (await createToken(db, { tenantId: tenant.tenantId, userId: tenant.userId, name: 'agent', scopes: ['mcp'] })).token;
const bigClient = await mcpClient(hub.url, await token(big));
const smallClient = await mcpClient(hub.url, await token(small));

/** Ids of `table` in the big workspace that the small one does not have, and those both have. */
async function ids(table: string) {
  const { rows } = await sql<{ id: string; tenant_id: string }>`select id, tenant_id from ${sql.table(table)} where tenant_id in (${big.tenantId}, ${small.tenantId})`.execute(db);
  const inSmall = new Set(rows.filter((r) => r.tenant_id === small.tenantId).map((r) => r.id));
  const inBig = rows.filter((r) => r.tenant_id === big.tenantId).map((r) => r.id).sort();
  return { bigOnly: inBig.filter((id) => !inSmall.has(id)), shared: inBig.filter((id) => inSmall.has(id)) };
}

async function row(table: string, tenantId: string, id: string): Promise<Record<string, any> | undefined> {
  const { rows } = await sql<Record<string, any>>`select * from ${sql.table(table)} where tenant_id = ${tenantId} and id = ${id}`.execute(db);
  return rows[0];
}

const entityUrl = (set: string, id: string) => `${hub.url}/odata/${set}('${id}')`;

/** Every listed entity is the small workspace's own row (same id and `field`). */
async function assertSmallOwns(table: string, items: { id: string }[], field: string, value: (item: any) => unknown) {
  for (const item of items) {
    const own = await row(table, small.tenantId, item.id);
    assert.ok(own, `${table} ${item.id} is not the small workspace's`);
    assert.deepEqual(value(item), own[field], `${table} ${item.id}.${field}`);
  }
}

test('search_conversations: newest first without query, ranked with one, filtered, paged by cursor; only the caller\u2019s workspace', async () => {
  const first = await callTool(bigClient, 'search_conversations', { limit: 5 });
  assert.equal(first.conversations.length, 5);
  assert.equal(first.match, 'none');
  const dates = first.conversations.map((c: any) => c.started_at);
  assert.deepEqual(dates, [...dates].sort().reverse());
  assert.equal(first.conversations[0].url, entityUrl('Conversations', first.conversations[0].id));
  const second = await callTool(bigClient, 'search_conversations', { limit: 5, cursor: first.next_cursor });
  assert.equal(second.conversations.length, 5);
  assert.equal(new Set([...first.conversations, ...second.conversations].map((c: any) => c.id)).size, 10);
  assert.match(await toolError(bigClient, 'search_conversations', { limit: 5, type: 'call', cursor: first.next_cursor }), /MCP_INVALID_CURSOR/);
  assert.match(await toolError(bigClient, 'search_conversations', { cursor: 'bm90IGEgY3Vyc29y' }), /MCP_INVALID_CURSOR/);

  const some = await row('conversations', big.tenantId, first.conversations[2].id);
  const word = String(some!.title).split(/\W+/).find((w) => w.length > 4)!;
  const ranked = await callTool(bigClient, 'search_conversations', { query: word, limit: 50 });
  assert.equal(ranked.match, 'all');
  assert.ok(ranked.conversations.some((c: any) => c.id === some!.id));
  for (const c of ranked.conversations) assert.match(`${c.title} ${c.summary}`.toLowerCase(), new RegExp(word.toLowerCase()));
  // Ranked pages follow one another over the same candidates: no result twice, none skipped.
  const pages: string[] = [];
  let cursor: string | undefined;
  do {
    const next = await callTool(bigClient, 'search_conversations', { query: word, limit: 7, ...(cursor ? { cursor } : {}) });
    pages.push(...next.conversations.map((c: any) => c.id));
    cursor = next.next_cursor;
  } while (cursor);
  assert.deepEqual([...pages].sort(), ranked.conversations.map((c: any) => c.id).sort());

  const calls = await callTool(bigClient, 'search_conversations', { type: 'call', limit: 50, account_id: some!.account_id });
  for (const c of calls.conversations) {
    assert.equal(c.type, 'call');
    assert.equal(c.account.id, some!.account_id);
  }
  const { rows: withEmail } = await sql<{ conversation_id: string; email: string }>`select conversation_id, email from participants where tenant_id = ${big.tenantId} and role = 'customer' and email is not null limit 1`.execute(db);
  const byEmail = await callTool(bigClient, 'search_conversations', { participant_email: withEmail[0]!.email.toUpperCase(), limit: 50 });
  assert.ok(byEmail.conversations.some((c: any) => c.id === withEmail[0]!.conversation_id));
  const gong = await callTool(bigClient, 'search_conversations', { service: 'gong', limit: 50 });
  for (const c of gong.conversations) assert.equal(c.service, 'Gong');
  assert.match(await toolError(bigClient, 'search_conversations', { service: 'Nope' }), /MCP_INVALID_ARGUMENT: Unknown service Nope/);
  assert.match(await toolError(bigClient, 'search_conversations', { limit: 51 }), /limit/);

  const theirs = await callTool(smallClient, 'search_conversations', { limit: 50, query: word });
  await assertSmallOwns('conversations', theirs.conversations, 'title', (c) => c.title);
  const all = await callTool(smallClient, 'search_conversations', { limit: 50 });
  assert.equal(all.conversations.length, 30);
  await assertSmallOwns('conversations', all.conversations, 'title', (c) => c.title);
});

test('get_conversation: participants, insights and the transcript paged; another workspace\u2019s id is not found', async () => {
  const { bigOnly, shared } = await ids('conversations');
  const { rows: long } = await sql<{ id: string }>`select conversation_id as id from fragments where tenant_id = ${big.tenantId} and conversation_id = any(${shared}) group by 1 having count(*) >= 6 order by 1 limit 1`.execute(db);
  const id = long[0]!.id;
  const page1 = await callTool(bigClient, 'get_conversation', { id, transcript_limit: 3 });
  assert.equal(page1.id, id);
  assert.equal(page1.title, (await row('conversations', big.tenantId, id))!.title);
  assert.ok(page1.participants.length >= 2);
  assert.deepEqual(page1.transcript.fragments.map((f: any) => f.position), [0, 1, 2]);
  assert.ok(page1.transcript.fragments.every((f: any) => typeof f.text === 'string' && f.speaker));
  const page2 = await callTool(bigClient, 'get_conversation', { id, transcript_limit: 3, cursor: page1.transcript.next_cursor });
  assert.deepEqual(page2.transcript.fragments.map((f: any) => f.position), [3, 4, 5]);
  for (const insight of page1.insights) assert.equal(insight.url, entityUrl('Insights', insight.id));

  const theirs = await callTool(smallClient, 'get_conversation', { id });
  assert.equal(theirs.title, (await row('conversations', small.tenantId, id))!.title);
  assert.match(await toolError(smallClient, 'get_conversation', { id: bigOnly[0]! }), new RegExp(`MCP_NOT_FOUND: No conversation ${bigOnly[0]} in this workspace`));
});

test('search_insights: by text, type, sentiment, account and topic, each from the caller\u2019s workspace', async () => {
  const pricing = await callTool(bigClient, 'search_insights', { type: 'pricing', limit: 50 });
  assert.ok(pricing.insights.length > 0);
  for (const i of pricing.insights) {
    assert.equal(i.type, 'pricing');
    assert.equal(i.url, entityUrl('Insights', i.id));
    assert.equal(i.conversation.url, entityUrl('Conversations', i.conversation.id));
  }
  const price = await callTool(bigClient, 'search_insights', { query: 'price', limit: 50 });
  assert.ok(price.insights.length > 0);
  const negative = await callTool(bigClient, 'search_insights', { sentiment: 'negative', limit: 50 });
  for (const i of negative.insights) assert.ok(i.sentiment <= -0.05);
  const topics = await callTool(bigClient, 'list_topics', { limit: 1 });
  const ofTopic = await callTool(bigClient, 'search_insights', { topic_id: topics.topics[0].id, limit: 50 });
  assert.equal(ofTopic.insights.length, Math.min(50, topics.topics[0].insight_count));
  const future = await callTool(bigClient, 'search_insights', { from: '2999-01-01T00:00:00Z' });
  assert.deepEqual(future.insights, []);

  const theirs = await callTool(smallClient, 'search_insights', { query: 'price', limit: 50 });
  await assertSmallOwns('insights', theirs.insights, 'text', (i) => i.text);
  const theirPricing = await callTool(smallClient, 'search_insights', { type: 'pricing', limit: 50 });
  await assertSmallOwns('insights', theirPricing.insights, 'text', (i) => i.text);
});

test('list_topics and get_topic: counts, the weekly trend and examples; another workspace\u2019s topic is not found', async () => {
  const listed = await callTool(bigClient, 'list_topics', {});
  assert.ok(listed.topics.length > 0);
  const counts = listed.topics.map((t: any) => t.insight_count);
  assert.deepEqual(counts, [...counts].sort((a: number, b: number) => b - a));
  const topic = listed.topics[0];
  const detail = await callTool(bigClient, 'get_topic', { id: topic.id, weeks: 8, examples: 3 });
  assert.equal(detail.insight_count, topic.insight_count);
  assert.equal(detail.trend.length, 8);
  assert.equal(detail.by_type.reduce((sum: number, t: any) => sum + t.insights, 0), topic.insight_count);
  assert.equal(detail.examples.length, Math.min(3, topic.insight_count));
  assert.equal(detail.url, entityUrl('Topics', topic.id));

  const theirs = await callTool(smallClient, 'list_topics', { limit: 100 });
  await assertSmallOwns('topics', theirs.topics, 'name', (t) => t.name);
  const { bigOnly, shared } = await ids('topics');
  if (shared[0]) assert.equal((await callTool(smallClient, 'get_topic', { id: shared[0] })).name, (await row('topics', small.tenantId, shared[0]))!.name);
  assert.match(await toolError(smallClient, 'get_topic', { id: bigOnly[0] ?? 'no-such-topic' }), /MCP_NOT_FOUND/);
});

test('search_accounts and get_account: a misspelt name found by similarity, CRM fields, counts and open opportunities; another workspace\u2019s account is not found', async () => {
  const { bigOnly, shared } = await ids('accounts');
  const account = (await row('accounts', big.tenantId, shared[0]!))!;
  const exact = await callTool(bigClient, 'search_accounts', { query: String(account.name).split(/\W+/)[0] });
  assert.equal(exact.match, 'all');
  assert.ok(exact.accounts.some((a: any) => a.id === account.id));
  const misspelt = String(account.name).replace(/[aeiou]/, '');
  const similar = await callTool(bigClient, 'search_accounts', { query: misspelt.slice(0, 12) });
  assert.ok(similar.accounts.some((a: any) => a.id === account.id), `${misspelt} → ${JSON.stringify(similar)}`);

  assert.ok(exact.accounts.every((a: any) => !('rank' in a) && !('windowed' in a)), 'no ranking internals in results');
  const detail = await callTool(bigClient, 'get_account', { id: account.id });
  assert.equal(detail.name, account.name);
  const { rows: counted } = await sql<{ n: number }>`select count(*)::int as n from conversations where tenant_id = ${big.tenantId} and account_id = ${account.id}`.execute(db);
  assert.equal(detail.conversation_count, counted[0]!.n);
  const { rows: open } = await sql<{ id: string }>`select id from opportunities where tenant_id = ${big.tenantId} and account_id = ${account.id} and is_closed is not true`.execute(db);
  assert.deepEqual(detail.open_opportunities.map((o: any) => o.id).sort(), open.map((o) => o.id).sort());
  assert.equal(detail.url, entityUrl('Accounts', account.id));

  const theirs = await callTool(smallClient, 'get_account', { id: account.id });
  assert.equal(theirs.name, (await row('accounts', small.tenantId, account.id))!.name);
  const theirList = await callTool(smallClient, 'search_accounts', { limit: 50 });
  await assertSmallOwns('accounts', theirList.accounts, 'name', (a) => a.name);
  assert.match(await toolError(smallClient, 'get_account', { id: bigOnly[0]! }), /MCP_NOT_FOUND: No account/);
});

test('search_contacts and get_contact: by name and account, with their conversations; another workspace\u2019s contact is not found', async () => {
  const { bigOnly, shared } = await ids('contacts');
  const contact = (await row('contacts', big.tenantId, shared[0]!))!;
  const found = await callTool(bigClient, 'search_contacts', { query: contact.last_name });
  assert.ok(found.contacts.some((c: any) => c.id === contact.id));
  const ofAccount = await callTool(bigClient, 'search_contacts', { account_id: contact.account_id, limit: 50 });
  for (const c of ofAccount.contacts) assert.equal(c.account.id, contact.account_id);
  const detail = await callTool(bigClient, 'get_contact', { id: contact.id });
  assert.equal(detail.email, contact.email);
  assert.equal(detail.url, entityUrl('Contacts', contact.id));
  assert.equal(typeof detail.conversation_count, 'number');

  const theirs = await callTool(smallClient, 'search_contacts', { limit: 50 });
  await assertSmallOwns('contacts', theirs.contacts, 'email', (c) => c.email);
  assert.equal((await callTool(smallClient, 'get_contact', { id: contact.id })).email, (await row('contacts', small.tenantId, contact.id))!.email);
  assert.match(await toolError(smallClient, 'get_contact', { id: bigOnly[0]! }), /MCP_NOT_FOUND: No contact/);
});

test('query_odata: the OData engine with the caller\u2019s workspace and its page size; errors are the engine\u2019s', async () => {
  const counted = await callTool(smallClient, 'query_odata', { path: 'Conversations?$count=true&$top=1&$select=id' });
  assert.equal(counted['@odata.count'], 30);
  assert.ok(counted.next_path.startsWith('Conversations?'));
  const next = await callTool(smallClient, 'query_odata', { path: counted.next_path });
  assert.equal(next.value.length, 1);
  assert.notEqual(next.value[0].id, counted.value[0].id);
  const filtered = await callTool(bigClient, 'query_odata', { path: "/odata/Insights?$filter=type eq 'pricing'&$select=id,type" });
  assert.ok(filtered.value.every((i: any) => i.type === 'pricing'));
  const paged = await callTool(bigClient, 'query_odata', { path: 'Fragments?$select=id' });
  assert.equal(paged.value.length, 50);
  const { bigOnly } = await ids('conversations');
  assert.match(await toolError(smallClient, 'query_odata', { path: `Conversations('${bigOnly[0]}')` }), /OData 404 ODATA_ENTITY_NOT_FOUND/);
  assert.match(await toolError(bigClient, 'query_odata', { path: 'Nothing' }), /OData 404/);
  assert.match(await toolError(bigClient, 'query_odata', { path: 'http://elsewhere.test/odata/Conversations' }), /MCP_INVALID_ARGUMENT/);
  assert.match(await toolError(bigClient, 'query_odata', { path: '/mcp' }), /MCP_INVALID_ARGUMENT/);
});

test('resources: commontime://conversations/{id} and commontime://accounts/{id}, in the caller\u2019s workspace only', async () => {
  const { bigOnly, shared } = await ids('conversations');
  const read = await bigClient.readResource({ uri: `commontime://conversations/${shared[0]}` });
  const conversation = JSON.parse((read.contents[0] as { text: string }).text);
  assert.equal(conversation.id, shared[0]);
  assert.ok(conversation.transcript.length > 0);
  await assert.rejects(smallClient.readResource({ uri: `commontime://conversations/${bigOnly[0]}` }), /No conversation/);
  const accounts = await ids('accounts');
  const account = JSON.parse(((await smallClient.readResource({ uri: `commontime://accounts/${accounts.shared[0]}` })).contents[0] as { text: string }).text);
  assert.equal(account.name, (await row('accounts', small.tenantId, accounts.shared[0]!))!.name);
  await assert.rejects(smallClient.readResource({ uri: `commontime://accounts/${accounts.bigOnly[0]}` }), /No account/);
});
