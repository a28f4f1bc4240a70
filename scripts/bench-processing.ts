/**
 * `npm run bench:processing`: conversation processing end to end
 * (docs/benchmarks.md, docs/processing.md "Limits").
 *
 * N conversations of 40 utterances (two participants, support and sales
 * calls built from a bank of sentences) are uploaded as JSON to a hub
 * running as its own process (`commontime start --no-worker`, 250 per
 * request, two requests at a time), while a job worker in this process runs
 * the real processing task as configured (services.ts: the local analyzer
 * unless ANALYZER says otherwise, CRM matching, tracker linking against
 * BENCH_TRACKER_ISSUES issues imported first); the clock stops when the
 * last conversation is processed. Printed: conversations per second end to
 * end, the ingestion alone, the time each stage took (summed over the
 * concurrent runs), the CPU time of the hub, the worker and PostgreSQL, and
 * the baseline: bare tokenisation of the same text by wink-nlp (its
 * tokenizer alone, no other pipe), in the same run, as a ratio.
 *
 * Target: at least 100 conversations per second on a 2-core machine.
 *
 * Environment: BENCH_DATA_DIR (default .data/bench-processing) or
 * DATABASE_URL (a server where the database `commontime_bench_processing`
 * may be dropped and created); BENCH_CONVERSATIONS (default 2000);
 * BENCH_WORKERS (job worker concurrency in this process, default 4);
 * BENCH_TRACKER_ISSUES (default 0: linking's early exit).
 */
import type { Task } from 'graphile-worker';
import { sql } from 'kysely';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { createToken } from '../src/hub/identity/personal-access-tokens.ts';
import { emptyTimings } from '../src/hub/processing/pipeline/pipeline-options.ts';
import { processingTasks } from '../src/hub/processing/pipeline/processing-tasks.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { connect } from '../src/platform/db/connect.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { startWorker } from '../src/platform/jobs/worker.ts';
import { createLogger } from '../src/platform/logging/logger.ts';
import { migrate } from '../src/platform/migrations/migrator.ts';
import { createTenant } from '../src/platform/tenancy/tenancy.ts';
import { pipelineOptions } from '../src/services.ts';
import { databaseUrlOf, postgresCpuMs, startHubProcess } from './bench-hub.ts';
import { benchIssues } from './bench-tracker-issues.ts';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 2_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 4);
const TRACKER_ISSUES = Number(process.env.BENCH_TRACKER_ISSUES ?? 0);
const UTTERANCES = 40;
const PER_REQUEST = 250;
const DATABASE = 'commontime_bench_processing';
const logger = createLogger('warn', 'stderr');
const config = loadConfig({ ...process.env, DATA_DIR: process.env.BENCH_DATA_DIR ?? '.data/bench-processing' });

const server = await connect(config, logger, 'serve');
await server.pool.query(`drop database if exists ${DATABASE} with (force)`);
await server.pool.query(`create database ${DATABASE}`);
const databaseUrl = Object.assign(new URL(databaseUrlOf(config)), { pathname: `/${DATABASE}` }).toString();
const bench = openDatabase(databaseUrl, logger, { max: 10 });
await migrate(bench, logger);
const { tenantId, userId } = await createTenant(bench.db, { name: 'Bench processing', admin: { email: 'bench@bench.example', password: 'benchmark-password' } });
const { token } = await createToken(bench.db, { tenantId, userId, name: 'bench', scopes: ['import'] });

const AGENT = [
  'Thanks for joining the call today, how is everything going with the rollout?',
  'Could you walk me through what happened when the export failed?',
  'I understand, let me check that with our engineering team.',
  'We are planning to release the new reporting module next quarter.',
  'Would it help if I set up a training session for your team?',
  'Let me share the pricing options for the enterprise plan.',
  'I will send you a summary of what we discussed after the call.',
  'Is there anything else blocking your team at the moment?',
];
const CUSTOMER = [
  'Honestly the export keeps crashing every morning, which is really frustrating.',
  'We need single sign-on with SAML before we can renew the contract.',
  'It would be great if the dashboard could show data per region.',
  'The price is too expensive for a team of our size.',
  'We are also evaluating another vendor that offers a cheaper plan.',
  'The new search works really well, my team loves it.',
  'How do I add more users to our workspace?',
  'If the sync issue is not fixed soon we might have to cancel.',
  'The mobile app logs me out every few minutes.',
  'Our finance team asked whether you support invoices in euros.',
  'Sure, that sounds good to me.',
  'We rolled it out to two more departments last month.',
];

function conversation(i: number) {
  const utterances = Array.from({ length: UTTERANCES }, (_, k) => {
    const customer = k % 2 === 1;
    const bank = customer ? CUSTOMER : AGENT;
    return { speaker: customer ? 'Ada Customer' : 'Bob Agent', start_ms: k * 6_000, end_ms: k * 6_000 + 5_500, text: bank[(i * 7 + k * 3) % bank.length]! };
  });
  return {
    id: `bench-${i}`,
    type: 'call',
    title: `Call ${i}`,
    started_at: '2026-01-05T10:00:00Z',
    participants: [
      { name: 'Ada Customer', email: `ada${i % 97}@customer${i % 13}.example`, role: 'customer' },
      { name: 'Bob Agent', email: 'bob@commontime.example', role: 'internal' },
    ],
    utterances,
  };
}

const conversations = Array.from({ length: CONVERSATIONS }, (_, i) => conversation(i));
const bodies: string[] = [];
for (let i = 0; i < conversations.length; i += PER_REQUEST) bodies.push(JSON.stringify(conversations.slice(i, i + PER_REQUEST)));

// Baseline: wink-nlp's tokenizer alone over the same text (the least any lexical analysis does with it).
const tokenizer = winkNLP(model, []);
const texts = conversations.flatMap((c) => c.utterances.map((u) => u.text));
for (const text of texts.slice(0, 2_000)) tokenizer.readDoc(text);
const tokenStarted = performance.now();
let tokens = 0;
for (const text of texts) tokens += tokenizer.readDoc(text).tokens().length();
const tokenMs = performance.now() - tokenStarted;

const hub = await startHubProcess(databaseUrl, ['start', '--no-worker']);
const timings = emptyTimings();
const tasks = processingTasks(bench.db, config, { ...pipelineOptions(config), timings });
const worker = await startWorker(bench, logger, tasks as Record<string, Task>, { concurrency: WORKERS, pollIntervalMs: 100 });

async function post(body: string): Promise<void> {
  const response = await fetch(`${hub.base}/import/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  if (response.status !== 202) throw new Error(`upload: ${response.status} ${await response.text()}`);
}

const processed = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from conversations where status in ('processed', 'failed')`.execute(bench.db)).rows[0]!.n);

if (TRACKER_ISSUES > 0) {
  const issues = benchIssues(TRACKER_ISSUES).map((i) => ({ ...i, project_id: 'bench', key: i.id }));
  const response = await fetch(`${hub.base}/import/trackers`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ projects: [{ id: 'bench', key: 'BENCH', name: 'Bench' }], issues }) });
  if (response.status !== 200) throw new Error(`tracker import: ${response.status} ${await response.text()}`);
}

const cpuBefore = { hub: hub.cpuMs(), worker: process.cpuUsage(), postgres: postgresCpuMs(config) };
const started = performance.now();
const pending = [...bodies];
await Promise.all(
  [0, 1].map(async () => {
    for (let body = pending.shift(); body !== undefined; body = pending.shift()) await post(body);
  }),
);
const ingestedMs = performance.now() - started;
while ((await processed()) < CONVERSATIONS) await new Promise((resolve) => setTimeout(resolve, 50));
const totalMs = performance.now() - started;
const worker_ = process.cpuUsage(cpuBefore.worker);
const cpu = {
  hub: hub.cpuMs() - cpuBefore.hub,
  worker: (worker_.user + worker_.system) / 1000,
  postgres: cpuBefore.postgres === undefined ? undefined : postgresCpuMs(config)! - cpuBefore.postgres,
};
const failed = Number((await sql<{ n: string }>`select count(*) as n from conversations where status = 'failed'`.execute(bench.db)).rows[0]!.n);
const counts = (await sql<{ fragments: string; insights: string; links: string }>`select (select count(*) from fragments) as fragments, (select count(*) from insights) as insights, (select count(*) from tracker_issue_insights) as links`.execute(bench.db)).rows[0]!;

await worker.stop();
await hub.stop();
await bench.close();
await server.close();

const rate = (CONVERSATIONS / totalMs) * 1000;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const lines = [
  `bench:processing: ${CONVERSATIONS} conversations of ${UTTERANCES} utterances (${texts.length} utterances, ${tokens} tokens), worker concurrency ${WORKERS}`,
  `  end to end:     ${s(totalMs)}  ${rate.toFixed(1)} conversations/s  (target >= 100)  ${failed} failed`,
  `  ingestion only: ${s(ingestedMs)}  ${((CONVERSATIONS / ingestedMs) * 1000).toFixed(0)} conversations/s (${bodies.length} requests of ${PER_REQUEST})`,
  `  stored:         ${counts.fragments} fragments, ${counts.insights} insights, ${counts.links} tracker links to ${TRACKER_ISSUES} issues`,
  `  stages (summed over concurrent runs, ms per conversation):`,
  ...Object.entries(timings).map(([stage, ms]) => `    ${stage.padEnd(9)} ${s(ms).padStart(9)}  ${(ms / CONVERSATIONS).toFixed(2)}`),
  `  baseline: bare tokenisation of the same text (wink-nlp tokenizer): ${s(tokenMs)}; end to end is ${(totalMs / tokenMs).toFixed(1)}x it, analysis ${(timings.analyze / tokenMs).toFixed(1)}x it`,
  `  CPU: hub ${s(cpu.hub)}, worker ${s(cpu.worker)}${cpu.postgres === undefined ? '' : `, PostgreSQL ${s(cpu.postgres)}`} (wall ${s(totalMs)}, 2 cores = ${s(2 * totalMs)})`,
];
process.stdout.write(`${lines.join('\n')}\n`);
