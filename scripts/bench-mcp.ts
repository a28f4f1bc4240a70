/**
 * `npm run bench:mcp`: the MCP server's tools timed one call at a time, as an
 * agent makes them, against a demo tenant (docs/benchmarks.md, "MCP tools").
 *
 * The hub runs as its own process (`commontime start --no-worker`); the MCP
 * SDK's client calls each tool BENCH_RUNS times (default 10, after one
 * warm-up call) and the script prints p50, p95 and the slowest call per
 * tool, end to end over HTTP (authentication, the per-request server and
 * transport, SQL, JSON). The target is under 300 ms per call on the `large`
 * tenant.
 *
 * BENCH_EXPLAIN=1 instead runs each tool in this process with its statements
 * captured, and prints `EXPLAIN (ANALYZE, BUFFERS)` of each: which index
 * every statement rides.
 *
 * BENCH_CLONE=N makes (once) and uses a tenant N times the chosen one, in
 * minutes rather than the hours of generating it: its conversations,
 * insights and their topic links, accounts and contacts copied N times
 * with suffixed ids (`conv-0000001-7`), its topics once. Fragments and
 * participants are not copied (get_conversation reads one conversation's
 * by index at any scale), so participant_email finds nothing there.
 *
 * BENCH_ONLY=<text> runs only the calls whose description contains it.
 *
 * Environment: BENCH_DATA_DIR (default .data/bench-mcp) or DATABASE_URL;
 * BENCH_TENANT (default: the tenant with the most conversations; without
 * any, a BENCH_SCALE demo tenant is generated, default `medium`). It
 * migrates the database it is given: point it at a copy, never at a data
 * directory another process is writing.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import { z } from 'zod';
import { loadDemoData } from '../src/hub/demo/demo-data.ts';
import { parseScale } from '../src/hub/demo/scales.ts';
import { createToken } from '../src/hub/identity/personal-access-tokens.ts';
import type { Principal } from '../src/hub/identity/authenticate.ts';
import { TOOLS } from '../src/hub/mcp/tools/index.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { connect } from '../src/platform/db/connect.ts';
import { createLogger } from '../src/platform/logging/logger.ts';
import { migrate } from '../src/platform/migrations/migrator.ts';
import { createTenant } from '../src/platform/tenancy/tenancy.ts';
import { pipelineOptions } from '../src/services.ts';
import { databaseUrlOf, startHubProcess } from './bench-hub.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const logger = createLogger('warn', 'stderr');
const config = loadConfig({ ...process.env, DATA_DIR: process.env.BENCH_DATA_DIR ?? '.data/bench-mcp' });
const connection = await connect(config, logger, 'serve', { poolSize: 4 });
await migrate(connection, logger);
const { db, pool } = connection;

async function benchTenant(): Promise<string> {
  if (process.env.BENCH_TENANT) return process.env.BENCH_TENANT;
  // A copy (cloneTenant) is benchmarked, but never copied again.
  const copies = process.env.BENCH_CLONE ? sql`where tenant_id not in (select id from tenants where name like 'Bench MCP (% x %)')` : sql``;
  const { rows } = await sql<{ tenant_id: string }>`select tenant_id from conversations ${copies} group by tenant_id order by count(*) desc limit 1`.execute(db);
  if (rows[0]) return rows[0].tenant_id;
  const scaleName = process.env.BENCH_SCALE ?? 'medium';
  const scale = parseScale(scaleName);
  if (!scale) throw new Error(`BENCH_SCALE ${scaleName} is not small, medium, large or a number of conversations`);
  process.stderr.write(`generating a ${scaleName} demo tenant (its conversations go through the pipeline)…\n`);
  const created = await createTenant(db, { name: `Bench MCP (${scaleName})`, admin: { email: 'bench-mcp@bench.example', password: 'benchmark-password' } });
  await loadDemoData(connection, created.tenantId, scale, { pipeline: { ...pipelineOptions(config), logger }, topicsMemoryMb: config.topicsBuildMemoryMb, logger });
  await pool.query('vacuum analyze');
  return created.tenantId;
}

/** Every column of `table` a copy writes (generated and defaulted bookkeeping columns are left out), suffixed where it holds a copied row's id. */
async function copyColumns(table: string, suffixed: readonly string[]) {
  const { rows } = await sql<{ column_name: string }>`select column_name from information_schema.columns
    where table_schema = 'public' and table_name = ${table} and is_generated = 'NEVER' and column_name not in ('tenant_id', 'row_version') order by ordinal_position`.execute(db);
  const names = rows.map((r) => r.column_name);
  return { names: names.join(', '), values: names.map((n) => (suffixed.includes(n) ? `${n} || '-' || k` : n)).join(', ') };
}

async function cloneTenant(sourceId: string, times: number): Promise<string> {
  const name = `Bench MCP (${times} x ${sourceId.slice(0, 8)})`;
  const existing = await db.selectFrom('tenants').select('id').where('name', '=', name).executeTakeFirst();
  if (existing) return existing.id;
  process.stderr.write(`copying tenant ${sourceId} ${times} times…\n`);
  const created = await createTenant(db, { name, admin: { email: `bench-clone-${Date.now()}@bench.example`, password: 'benchmark-password' } });
  const ids = ['id', 'conversation_id', 'account_id', 'contact_id', 'opportunity_id', 'fragment_id', 'insight_id'];
  const copy = async (table: string, suffixed: readonly string[], count: number) => {
    const { names, values } = await copyColumns(table, suffixed);
    const started = performance.now();
    await sql.raw(`insert into ${table} (tenant_id, ${names}) select '${created.tenantId}', ${values} from ${table}, generate_series(1, ${count}) as k where tenant_id = '${sourceId}'`).execute(db);
    process.stderr.write(`  ${table}: ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  };
  await copy('topic_models', [], 1);
  await copy('topics', [], 1);
  await copy('owners', [], 1);
  for (const table of ['accounts', 'contacts', 'opportunities', 'conversations', 'insights']) await copy(table, ids, times);
  await copy('insight_topics', ['insight_id'], times);
  await pool.query('vacuum analyze');
  return created.tenantId;
}

const chosen = await benchTenant();
const tenantId = process.env.BENCH_CLONE ? await cloneTenant(chosen, Number(process.env.BENCH_CLONE)) : chosen;
const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows[0]!;
const counts = await one(sql<{ conversations: string; insights: string; contacts: string }>`select
  (select count(*) from conversations where tenant_id = ${tenantId}) as conversations,
  (select count(*) from insights where tenant_id = ${tenantId}) as insights,
  (select count(*) from contacts where tenant_id = ${tenantId}) as contacts`);
// Samples a user would start from: a long conversation, the busiest account, its first contact, the largest topic.
const conversation = await one(sql<{ id: string }>`select coalesce(
  (select conversation_id from fragments where tenant_id = ${tenantId} group by 1 order by count(*) desc limit 1),
  (select id from conversations where tenant_id = ${tenantId} order by id limit 1)) as id`);
const account = await one(sql<{ id: string; name: string }>`select a.id, a.name from accounts a where a.tenant_id = ${tenantId} and a.name is not null order by (select count(*) from conversations c where c.tenant_id = a.tenant_id and c.account_id = a.id) desc limit 1`);
const contact = await one(sql<{ id: string; last_name: string; email: string }>`select id, last_name, email from contacts where tenant_id = ${tenantId} and account_id = ${account.id} and last_name is not null order by id limit 1`);
const topic = await one(sql<{ id: string }>`select id from topics where tenant_id = ${tenantId} order by insight_count desc limit 1`);
const misspelt = account.name.replace(/([a-z])([a-z])/i, '$2$1');

const ALL_CALLS: readonly (readonly [string, Record<string, unknown>])[] = [
  ['search_conversations', {}],
  ['search_conversations', { query: 'pricing' }],
  ['search_conversations', { query: 'cancel renewal discount' }],
  ['search_conversations', { account_id: account.id, type: 'call' }],
  ['search_conversations', { participant_email: contact.email }],
  ['get_conversation', { id: conversation.id }],
  ['search_insights', { query: 'too expensive' }],
  ['search_insights', { type: 'churn_risk', sentiment: 'negative' }],
  ['search_insights', { topic_id: topic.id }],
  ['search_insights', { account_id: account.id, from: '2026-01-01T00:00:00Z' }],
  ['list_topics', {}],
  ['get_topic', { id: topic.id }],
  ['search_accounts', { query: account.name.split(/\W+/)[0] }],
  ['search_accounts', { query: misspelt }],
  ['get_account', { id: account.id }],
  ['search_contacts', { query: contact.last_name }],
  ['get_contact', { id: contact.id }],
  ['query_odata', { path: "Opportunities?$filter=is_closed eq false and amount gt 50000&$orderby=amount desc&$top=10&$select=name,amount,stage" }],
];

const describe = ([name, args]: readonly [string, Record<string, unknown>]) => `${name} ${JSON.stringify(args)}`.slice(0, 90);
// BENCH_ONLY: the calls whose description contains it (`get_topic`, `cancel`).
const CALLS = ALL_CALLS.filter((call) => describe(call).includes(process.env.BENCH_ONLY ?? ''));
process.stdout.write(`tenant ${tenantId}: ${counts.conversations} conversations, ${counts.insights} insights, ${counts.contacts} contacts\n`);

if (process.env.BENCH_EXPLAIN === '1') {
  const captured: CompiledQuery[] = [];
  const logged = new Kysely<any>({ dialect: new PostgresDialect({ pool }), log: (event) => void captured.push(event.query) });
  const principal: Principal = { userId: 'bench', tenantId, scopes: new Set(['mcp']), via: 'personal-access-token' };
  for (const call of CALLS) {
    const tool = TOOLS.find((t) => t.name === call[0])!;
    if (tool.name === 'query_odata') continue;
    captured.length = 0;
    const args = z.object(tool.input).parse(call[1]);
    await tool.run({ db: logged, tenantId, principal, publicUrl: config.publicUrl, odata: async () => ({ status: 500, body: '', contentType: '' }) }, args);
    process.stdout.write(`\n=== ${describe(call)}\n`);
    for (const query of captured) {
      const { rows } = await pool.query(`explain (analyze, buffers, costs off) ${query.sql}`, [...query.parameters]);
      process.stdout.write(`${rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')}\n---\n`);
    }
  }
  await connection.close();
  process.exit(0);
}

const user = await db.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
const { token } = await createToken(db, { tenantId, userId: user.user_id, name: `bench mcp ${Date.now()}`, scopes: ['mcp'] });
const hub = await startHubProcess(databaseUrlOf(config), ['start', '--no-worker']);
const client = new Client({ name: 'bench-mcp', version: '1.0.0' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${hub.base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
process.stdout.write(`${'call'.padEnd(92)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}  results\n`);
for (const call of CALLS) {
  const timings: number[] = [];
  let summary = '';
  for (let run = 0; run <= RUNS; run++) {
    const started = performance.now();
    const result = await client.callTool({ name: call[0], arguments: call[1] });
    const elapsed = performance.now() - started;
    if (run > 0) timings.push(elapsed);
    if (result.isError) summary = `ERROR ${JSON.stringify(result.content).slice(0, 120)}`;
    else {
      const content = result.structuredContent as Record<string, unknown>;
      const list = Object.values(content).find(Array.isArray) as unknown[] | undefined;
      summary = `${list ? `${list.length} items` : 'one entity'}${content.match ? `, match ${content.match}` : ''}`;
    }
  }
  timings.sort((a, b) => a - b);
  process.stdout.write(`${describe(call).padEnd(92)} ${quantile(timings, 0.5).toFixed(1).padStart(8)} ${quantile(timings, 0.95).toFixed(1).padStart(8)} ${timings.at(-1)!.toFixed(1).padStart(8)}  ${summary}\n`);
}
await client.close();
await hub.stop();
await connection.close();
