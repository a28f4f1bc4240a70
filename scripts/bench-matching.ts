/**
 * `npm run bench:matching`: CRM matching's benchmark (docs/benchmarks.md).
 *
 * A workspace with 20,000 accounts (half by domain, half by website),
 * 100,000 contacts (email and a phone in national form), 500 owners,
 * 40,000 opportunities, and 10,000 conversations of five participants each
 * (a contact's email in another case, an address at an account's domain, a
 * contact's phone in international form, a free-mail address, a colleague)
 * with three insights each. Measured, each against a baseline in the same
 * run that does only the reading any matcher must do:
 *
 * - the pipeline's stage: `matchConversation` for 2,000 conversations, one
 *   transaction each, one after another; baseline: the same transactions
 *   reading only the conversation's participants;
 * - the rematch after an import: every conversation in batches of 500, one
 *   transaction each, first when every match is new, then again when
 *   nothing changed; baseline: the same batches reading only participants.
 *
 * Target (the pipeline's, issue 13): ≥ 100 conversations/s end to end, of
 * which matching may take a small part.
 *
 * Environment: BENCH_DATA_DIR (default .data/bench-matching) or
 * DATABASE_URL (a server where the database `commontime_bench_matching`
 * may be dropped and created); BENCH_CONVERSATIONS (default 10000).
 */
import { sql } from 'kysely';
import { matchConversation, matchConversations, type MatchOptions } from '../src/hub/processing/crm-matching/match-conversations.ts';
import { conversationBatches, MATCH_BATCH_SIZE } from '../src/hub/processing/crm-matching/conversation-batches.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { connect } from '../src/platform/db/connect.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { createLogger } from '../src/platform/logging/logger.ts';
import { migrate } from '../src/platform/migrations/migrator.ts';
import { createTenant } from '../src/platform/tenancy/tenancy.ts';
import { databaseUrlOf } from './bench-hub.ts';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 10_000);
const STAGE = Math.min(2_000, CONVERSATIONS);
const ACCOUNTS = 20_000;
const CONTACTS = 100_000;
const DATABASE = 'commontime_bench_matching';
const options: MatchOptions = { phoneRegion: 'GB' };
const logger = createLogger('warn', 'stderr');
const config = loadConfig({ ...process.env, DATA_DIR: process.env.BENCH_DATA_DIR ?? '.data/bench-matching' });

const server = await connect(config, logger, 'serve');
await server.pool.query(`drop database if exists ${DATABASE} with (force)`);
await server.pool.query(`create database ${DATABASE}`);
const bench = openDatabase(Object.assign(new URL(databaseUrlOf(config)), { pathname: `/${DATABASE}` }).toString(), logger);
await migrate(bench, logger);
const { db } = bench;
const { tenantId } = await createTenant(db, { name: 'Bench matching', admin: { email: 'bench@bench.example', password: 'benchmark-password' } });
const t = sql`${tenantId}::uuid`;

const loadStarted = Date.now();
await sql`insert into accounts (tenant_id, id, name, domain, website, updated)
  select ${t}, 'a' || k, 'Company ' || k, case when k % 2 = 0 then 'co' || k || '.test' end, case when k % 2 = 1 then 'https://www.co' || k || '.test/about' end, now()
  from generate_series(0, ${ACCOUNTS - 1}) k`.execute(db);
await sql`insert into contacts (tenant_id, id, email, phone, account_id, updated)
  select ${t}, 'c' || k, 'person' || k || '@co' || (k % ${ACCOUNTS}) || '.test', '020 ' || lpad(k::text, 8, '0'), 'a' || (k % ${ACCOUNTS}), now()
  from generate_series(0, ${CONTACTS - 1}) k`.execute(db);
await sql`insert into owners (tenant_id, id, email, is_active, updated) select ${t}, 'o' || k, 'rep' || k || '@us.test', true, now() from generate_series(0, 499) k`.execute(db);
await sql`insert into opportunities (tenant_id, id, account_id, is_closed, close_date, updated)
  select ${t}, 'y' || k, 'a' || (k % ${ACCOUNTS}), k % 4 = 0, date '2026-01-01' + (k % 365), now() from generate_series(0, 39999) k`.execute(db);
await sql`insert into conversations (tenant_id, id, type, status, started_at, created_at)
  select ${t}, 'v' || lpad(k::text, 7, '0'), 'call', 'processing', timestamptz '2026-03-01' + k * interval '1 minute', now() from generate_series(0, ${CONVERSATIONS - 1}) k`.execute(db);
await sql`insert into participants (tenant_id, id, conversation_id, role, email, phone)
  select ${t}, 'v' || lpad(k::text, 7, '0') || '-p' || r, 'v' || lpad(k::text, 7, '0'),
    case r when 4 then 'internal' else 'customer' end,
    case r when 0 then upper('person' || (k * 7 % ${CONTACTS}) || '@co' || (k * 7 % ${CONTACTS} % ${ACCOUNTS}) || '.test')
           when 1 then 'guest' || k || '@co' || (k * 11 % ${ACCOUNTS}) || '.test'
           when 3 then 'someone' || k || '@gmail.com'
           when 4 then 'rep' || (k % 500) || '@us.test' end,
    case r when 2 then '+44 20 ' || lpad((k * 13 % ${CONTACTS})::text, 8, '0') end
  from generate_series(0, ${CONVERSATIONS - 1}) k, generate_series(0, 4) r`.execute(db);
await sql`insert into fragments (tenant_id, id, conversation_id, participant_id, position, text)
  select ${t}, 'v' || lpad(k::text, 7, '0') || '-f' || r, 'v' || lpad(k::text, 7, '0'), 'v' || lpad(k::text, 7, '0') || '-p' || r, r, 'We need SSO'
  from generate_series(0, ${CONVERSATIONS - 1}) k, generate_series(0, 2) r`.execute(db);
await sql`insert into insights (tenant_id, id, conversation_id, fragment_id, type, text, created_at)
  select ${t}, 'v' || lpad(k::text, 7, '0') || '-i' || r, 'v' || lpad(k::text, 7, '0'), 'v' || lpad(k::text, 7, '0') || '-f' || r, 'feature_request', 'We need SSO', now()
  from generate_series(0, ${CONVERSATIONS - 1}) k, generate_series(0, 2) r`.execute(db);
await sql`vacuum analyze`.execute(db);
const loadSeconds = (Date.now() - loadStarted) / 1000;

const ids = (await sql<{ id: string }>`select id from conversations where tenant_id = ${t} order by id limit ${STAGE}`.execute(db)).rows.map((row) => row.id);

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const readParticipants = (trx: typeof db, conversationIds: readonly string[]) =>
  sql`select id, role, email, phone from participants where tenant_id = ${t} and conversation_id = any(${conversationIds}::text[])`.execute(trx);

// Warm both paths (plans, caches) on conversations outside the measured ones' first pass.
await db.transaction().execute((trx) => matchConversation(trx, tenantId, ids.at(-1)!, options));
await sql`update conversations set account_id = null, opportunity_id = null where tenant_id = ${t}`.execute(db);

const stageBaseline = await timed(async () => {
  for (const id of ids) await db.transaction().execute((trx) => readParticipants(trx, [id]));
});
const stage = await timed(async () => {
  for (const id of ids) await db.transaction().execute((trx) => matchConversation(trx, tenantId, id, options));
});

const clear = async () => {
  await sql`update conversations set account_id = null, opportunity_id = null where tenant_id = ${t}`.execute(db);
  await sql`update participants set contact_id = null, owner_id = null where tenant_id = ${t}`.execute(db);
  await sql`update insights set account_id = null, contact_id = null where tenant_id = ${t}`.execute(db);
  await sql`vacuum analyze conversations, participants, insights`.execute(db);
};
const rematch = async () => {
  let changed = 0;
  for await (const batch of conversationBatches(db, tenantId, MATCH_BATCH_SIZE)) {
    changed += (await db.transaction().execute((trx) => matchConversations(trx, tenantId, { conversationIds: batch }, options))).conversations;
  }
  return changed;
};
const batchBaseline = await timed(async () => {
  for await (const batch of conversationBatches(db, tenantId, MATCH_BATCH_SIZE)) await db.transaction().execute((trx) => readParticipants(trx, batch));
});
await clear();
let changed = 0;
const fresh = await timed(async () => {
  changed = await rematch();
});
const unchanged = await timed(rematch);

const { rows: [quality] } = await sql<{ with_account: number; with_opportunity: number; contacts: number; owners: number }>`
  select (select count(*)::int from conversations where tenant_id = ${t} and account_id is not null) as with_account,
    (select count(*)::int from conversations where tenant_id = ${t} and opportunity_id is not null) as with_opportunity,
    (select count(*)::int from participants where tenant_id = ${t} and contact_id is not null) as contacts,
    (select count(*)::int from participants where tenant_id = ${t} and owner_id is not null) as owners`.execute(db);

await bench.close();
await server.pool.query(`drop database if exists ${DATABASE} with (force)`);
await server.close();

const rate = (n: number, seconds: number) => `${(n / seconds).toFixed(0)} conversations/s`;
process.stdout.write(`
CRM matching benchmark: ${CONVERSATIONS} conversations × 5 participants, ${CONTACTS} contacts, ${ACCOUNTS} accounts (loaded in ${loadSeconds.toFixed(1)} s), ${new Date().toISOString()}

| Measure | Result | Baseline (reading the participants only) | Ratio |
|---|---|---|---|
| Pipeline stage: matchConversation, one transaction per conversation (${STAGE}) | ${(stage * 1000 / STAGE).toFixed(2)} ms each, ${rate(STAGE, stage)} | ${(stageBaseline * 1000 / STAGE).toFixed(2)} ms each, ${rate(STAGE, stageBaseline)} | ${(stage / stageBaseline).toFixed(2)}× |
| Rematch, batches of ${MATCH_BATCH_SIZE}, every match new (${changed} conversations changed) | ${fresh.toFixed(2)} s, ${rate(CONVERSATIONS, fresh)} | ${batchBaseline.toFixed(2)} s, ${rate(CONVERSATIONS, batchBaseline)} | ${(fresh / batchBaseline).toFixed(2)}× |
| Rematch again, nothing changed | ${unchanged.toFixed(2)} s, ${rate(CONVERSATIONS, unchanged)} | ${batchBaseline.toFixed(2)} s | ${(unchanged / batchBaseline).toFixed(2)}× |

Matched: ${quality!.with_account} of ${CONVERSATIONS} conversations with an account, ${quality!.with_opportunity} with an opportunity; ${quality!.contacts} participants with a contact (expected ${CONVERSATIONS * 2}: email and phone), ${quality!.owners} with an owner (expected ${CONVERSATIONS}).
`);
