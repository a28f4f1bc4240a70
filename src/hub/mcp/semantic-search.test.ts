/**
 * search_insights ranked semantically (EMBEDDINGS=openai-compatible against a
 * local fake of the third-party server, whose vectors say which theme a text
 * is about), through the MCP SDK's client on real hubs: one with the
 * provider configured, one without, over the same database. A paraphrase
 * that shares no word with the query is found only with embeddings; the
 * provider failing or hanging gives the lexical results; another
 * workspace's insights never appear; pages of the blended ranking neither
 * repeat nor skip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { startHub, workspace } from '../../test-support/hub.ts';
import { logSink } from '../../test-support/log-sink.ts';
import { callTool, mcpClient } from '../../test-support/mcp-client.ts';
import { startReceiver, type Received } from '../../test-support/webhook-receiver.ts';
import { createToken } from '../identity/personal-access-tokens.ts';
import { storeInsightVectors } from '../processing/embeddings/insight-vectors.ts';
import { fuse, RRF_K } from './semantic-search.ts';

const THEMES = [/refund|money back|reimburs/i, /okta|single sign-on|identity/i, /slow|sluggish|lag/i, /export|spreadsheet/i];
const vectorOf = (text: string) => [...THEMES.map((theme) => (theme.test(text) ? 1 : 0)), 0.1];
const unit = (values: number[]) => Float32Array.from(values, (v) => v / Math.hypot(...values));

let state: 'up' | 'down' | 'hang' = 'up';
const server = await startReceiver((request: Received) => {
  if (state === 'down') return { status: 404, body: 'no such model' };
  if (state === 'hang') return { hang: true };
  const { input } = JSON.parse(request.body.toString()) as { input: string[] };
  const data = input.map((text, index) => ({ object: 'embedding', index, embedding: vectorOf(text) }));
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ object: 'list', model: 'fake-embed', data }) };
});

const database = await createTestDatabase();
const { db } = database;
const sink = logSink('warn');
const env = { EMBEDDINGS: 'openai-compatible', EMBEDDINGS_BASE_URL: `${new URL(server.url).origin}/v1`, EMBEDDINGS_MODEL: 'fake-embed' };
const semanticHub = await startHub(db, env, sink.logger);
const lexicalHub = await startHub(db);
const acme = await workspace(db, 'Acme', 'admin@acme.test');
const globex = await workspace(db, 'Globex', 'admin@globex.test');

const MONEY_BACK = 'We want our money back for the seats nobody used';
const SLOW = Array.from({ length: 40 }, (_, i) => `The dashboard ${i % 2 ? 'is slow' : 'feels sluggish'} on report ${i}`);
const OTHERS = ['Okta for every employee before the rollout', 'A spreadsheet export of every call', 'Dark mode would be nice'];

/** Insights of a tenant, one a minute (the last newest), with their vectors from the fake server's rule unless `unembedded`. */
async function insights(tenantId: string, texts: readonly string[], unembedded: readonly string[] = []) {
  const ids = texts.map((_, i) => `ins-${i}`);
  await sql`insert into insights (tenant_id, id, conversation_id, type, text, created_at)
    select ${tenantId}::uuid, x.id, 'conv-1', 'pain_point', x.text, timestamptz '2026-05-01T09:00:00Z' + x.n * interval '1 minute'
    from unnest(${ids}::text[], ${texts}::text[]) with ordinality as x (id, text, n)`.execute(db);
  const embedded = texts.flatMap((text, i) => (unembedded.includes(text) ? [] : [{ id: ids[i]!, vector: unit(vectorOf(text)) }]));
  await storeInsightVectors(db, tenantId, 'fake-embed', embedded, []);
}
await insights(acme.tenantId, [MONEY_BACK, ...SLOW, ...OTHERS, 'The word refund appears here but nothing was embedded'], ['The word refund appears here but nothing was embedded']);
await insights(globex.tenantId, ['Please reimburse the refund we were promised', 'Refund us for March']);

const token = async (tenant: { tenantId: string; userId: string }) => (await createToken(db, { tenantId: tenant.tenantId, userId: tenant.userId, name: 'agent', scopes: ['mcp'] })).token;
const acmeToken = await token(acme);
const semantic = await mcpClient(semanticHub.url, acmeToken);
const lexical = await mcpClient(lexicalHub.url, acmeToken);
const acmeIds = new Set((await sql<{ id: string }>`select id from insights where tenant_id = ${acme.tenantId}`.execute(db)).rows.map((r) => r.id));
const textOf = (result: any) => result.insights.map((i: any) => i.text);

test('a paraphrase that shares no word with the query is found only with embeddings; the lexical match still ranks', async () => {
  const without = await callTool(lexical, 'search_insights', { query: 'reimbursement', limit: 10 });
  assert.deepEqual(textOf(without), [], 'no word, no similar spelling: lexical search finds nothing');
  const found = await callTool(semantic, 'search_insights', { query: 'reimbursement', limit: 10 });
  assert.equal(found.match, 'semantic');
  assert.equal(found.insights[0].text, MONEY_BACK, 'the paraphrase comes first');
  assert.equal(found.insights[0].url, `${semanticHub.url}/odata/Insights('${found.insights[0].id}')`);
  for (const insight of found.insights) assert.ok(acmeIds.has(insight.id), `${insight.id} is Acme's`);
  assert.ok(!textOf(found).some((text: string) => /reimburse|March/.test(text)), 'never Globex\u2019s insights, though they are the closest');

  // An insight without a vector is still found by its words, ranked among the vectors' best.
  const worded = await callTool(semantic, 'search_insights', { query: 'refund', limit: 3 });
  assert.equal(worded.match, 'semantic');
  assert.deepEqual(new Set(textOf(worded).slice(0, 2)), new Set([MONEY_BACK, 'The word refund appears here but nothing was embedded']));

  // The tool's filters hold for the semantic candidates too.
  const praise = await callTool(semantic, 'search_insights', { query: 'reimbursement', type: 'praise' });
  assert.deepEqual(praise.insights, []);
});

test('pages of the semantic ranking follow one another: no insight twice, none skipped, in the one-page order', async () => {
  const all = await callTool(semantic, 'search_insights', { query: 'laggy dashboards', limit: 50 });
  assert.equal(all.match, 'semantic');
  assert.equal(all.insights.length, acmeIds.size - 1, 'every Acme insight with a vector is a candidate');
  assert.ok(all.insights.slice(0, SLOW.length).every((i: any) => SLOW.includes(i.text)), 'the slow-dashboard insights first');
  const paged: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await callTool(semantic, 'search_insights', { query: 'laggy dashboards', limit: 7, ...(cursor ? { cursor } : {}) });
    assert.equal(page.match, 'semantic');
    paged.push(...page.insights.map((i: any) => i.id));
    cursor = page.next_cursor;
  } while (cursor);
  assert.deepEqual(paged, all.insights.map((i: any) => i.id));
});

test('the provider down: lexical results and a warning, never a failed search; a cached query vector keeps paging semantic', async (t) => {
  t.after(() => void (state = 'up'));
  const first = await callTool(semantic, 'search_insights', { query: 'sluggish', limit: 5 });
  assert.equal(first.match, 'semantic');
  state = 'down';
  const second = await callTool(semantic, 'search_insights', { query: 'sluggish', limit: 5, cursor: first.next_cursor });
  assert.equal(second.match, 'semantic', 'the query vector of the first page is kept');
  assert.equal(new Set([...first.insights, ...second.insights].map((i: any) => i.id)).size, 10);

  const down = await callTool(semantic, 'search_insights', { query: 'dashboard slow', limit: 50 });
  assert.equal(down.match, 'all');
  assert.deepEqual(down.insights.map((i: any) => i.id), (await callTool(lexical, 'search_insights', { query: 'dashboard slow', limit: 50 })).insights.map((i: any) => i.id));
  assert.ok(sink.entries().some((entry) => entry.msg === 'search query not embedded; ranking lexically' && entry.model === 'fake-embed'));

  state = 'hang';
  const started = performance.now();
  const hung = await callTool(semantic, 'search_insights', { query: 'okta', limit: 5 });
  assert.equal(hung.match, 'all');
  assert.deepEqual(textOf(hung), [OTHERS[0]]);
  assert.ok(performance.now() - started < 5000, 'the search waited at most its embedding timeout');
});

test('without a query, or on the sets without vectors, nothing changes', async () => {
  assert.equal((await callTool(semantic, 'search_insights', { limit: 5 })).match, 'none');
  assert.equal((await callTool(semantic, 'search_conversations', { query: 'reimbursement' })).match, 'similar');
});

test('fusion: without vectors the lexical order stands; a candidate in both rankings beats one in either', () => {
  const v = (values: number[]) => unit(values);
  const query = v([1, 0]);
  assert.deepEqual(fuse([{ id: 'b', vector: undefined }, { id: 'a', vector: undefined }], [], query), ['b', 'a']);
  const order = fuse([{ id: 'lex-only', vector: undefined }, { id: 'both', vector: v([1, 0.1]) }], [{ id: 'close', vector: v([1, 0]) }, { id: 'far', vector: v([0, 1]) }], query);
  assert.deepEqual(order, ['both', 'close', 'lex-only', 'far']);
  assert.equal(RRF_K, 60);
});
