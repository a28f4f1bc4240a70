/**
 * `npm run bench:webhooks`: the webhook benchmark (docs/benchmarks.md). 100,000 events, each to
 * 10 subscriptions on one local receiver (a separate process answering
 * 200), delivered by one `commontime worker` process (WORKER_CONCURRENCY=10,
 * so every subscription's job runs at once, WEBHOOK_CONCURRENCY requests
 * each).
 *
 * 1. Baseline: bare HTTP POSTs of the same bodies from this one process,
 *    keep-alive, at the same total concurrency (10 × WEBHOOK_CONCURRENCY).
 * 2. Throughput: the events are published first (100 per transaction),
 *    then the worker starts and drains the backlog; deliveries/s from the
 *    first attempt to the last, printed as a ratio to the baseline.
 * 3. Latency: events published one at a time at half the measured event
 *    rate, so the queue stays short; event-to-first-attempt p50/p99.
 *
 * Environment: BENCH_DATA_DIR (default .data/bench) or DATABASE_URL;
 * BENCH_EVENTS (default 100000); BENCH_CONCURRENCY per subscription
 * (default 8); BENCH_LATENCY_EVENTS (default 2000); BENCH_PROFILE_DIR, when
 * set, receives a CPU profile of the worker (node --cpu-prof).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { sql } from 'kysely';
import { Agent, request } from 'undici';
import { publishEvents, type PublishedEvent } from '../src/hub/webhooks/publish-event.ts';
import { createSubscription } from '../src/hub/webhooks/subscriptions.ts';
import { envelope } from '../src/hub/webhooks/webhook-events.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { connect } from '../src/platform/db/connect.ts';
import { createLogger } from '../src/platform/logging/logger.ts';
import { migrate } from '../src/platform/migrations/migrator.ts';
import { createTenant } from '../src/platform/tenancy/tenancy.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const SUBSCRIPTIONS = 10;
const PER_SUBSCRIPTION = Number(process.env.BENCH_CONCURRENCY ?? 8);
const CONCURRENCY = SUBSCRIPTIONS * PER_SUBSCRIPTION;
const LATENCY_EVENTS = Number(process.env.BENCH_LATENCY_EVENTS ?? 2_000);
const logger = createLogger('warn', 'stderr');
const config = loadConfig({ ...process.env, DATA_DIR: process.env.BENCH_DATA_DIR ?? '.data/bench' });

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** A child process that prints `ready` on stdout once it serves (or a log line matching `ready`). */
function startChild(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`)));
  });
}

const connection = await connect(config, logger, 'serve', { poolSize: 8 });
await migrate(connection, logger);
const { db } = connection;
const databaseUrl = config.databaseUrl ?? (connection.pool as unknown as { options: { connectionString: string } }).options.connectionString;

let tenant = await db.selectFrom('tenants').select('id').where('name', '=', 'Bench (webhooks)').executeTakeFirst();
tenant ??= { id: (await createTenant(db, { name: 'Bench (webhooks)', admin: { email: 'bench-webhooks@bench.example', password: 'benchmark-password' } })).tenantId };
const tenantId = tenant.id;
await db.deleteFrom('webhook_subscriptions').where('tenant_id', '=', tenantId).execute();
await db.deleteFrom('webhook_events').where('tenant_id', '=', tenantId).execute();
await sql`vacuum analyze webhook_deliveries, webhook_events`.execute(db);

// The receiver: its own process, answering every POST with 200 "ok" on kept-alive connections.
const receiverPort = await freePort();
const receiver = await startChild(
  ['-e', `const s = require('node:http').createServer((q, r) => { q.resume(); q.on('end', () => r.end('ok')); }); s.keepAliveTimeout = 60000; s.listen(${receiverPort}, '127.0.0.1', () => console.log('ready'));`],
  {},
  /ready/,
);
const receiverUrl = `http://127.0.0.1:${receiverPort}/hook`;

// 1. Baseline: the same bodies, bare, from one process at the same concurrency.
const sample = envelope(new Date(), 'conversation_processing_complete', tenantId, { id: 'conv-000000' });
const bareCount = Math.min(EVENTS * SUBSCRIPTIONS, 200_000);
const agent = new Agent({ keepAliveTimeout: 60_000 });
let sent = 0;
const bareStart = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (sent < bareCount) {
      sent++;
      const response = await request(receiverUrl, { method: 'POST', body: sample, headers: { 'content-type': 'application/json' }, dispatcher: agent });
      await response.body.text();
    }
  }),
);
const bareRate = bareCount / ((performance.now() - bareStart) / 1000);
await agent.close();
process.stderr.write(`bare POSTs: ${Math.round(bareRate)}/s\n`);

for (let i = 0; i < SUBSCRIPTIONS; i++) await createSubscription(db, tenantId, { url: receiverUrl }, { allowLoopback: true });

/** Whether any delivery is still pending; read from the due index, so that polling it costs the database next to nothing. */
async function anyPending(): Promise<boolean> {
  const { rows } = await sql<{ pending: boolean }>`
    select exists (select 1 from webhook_deliveries where tenant_id = ${tenantId} and status = 'pending') as pending`.execute(db);
  return rows[0]!.pending;
}

async function waitDrained(): Promise<void> {
  while (await anyPending()) await new Promise((resolve) => setTimeout(resolve, 500));
}

interface Stats {
  readonly deliveries: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
}

/** Over the events published since `since`: deliveries, span of attempts, event-to-first-attempt percentiles (ms). */
async function stats(since: Date): Promise<Stats> {
  const { rows } = await sql<{ deliveries: string; seconds: number; p50: number; p99: number }>`
    with first as (
      select (d.attempt_log->0->>'started_at')::timestamptz as started_at, (d.attempt_log->0->>'latency_ms')::int as latency_ms, e.created_at
      from webhook_deliveries d
      join webhook_events e on e.tenant_id = d.tenant_id and e.id = d.event_id
      where d.tenant_id = ${tenantId} and d.attempts > 0 and e.created_at >= ${since}
    )
    select count(*) as deliveries,
      extract(epoch from max(started_at + latency_ms * interval '1 millisecond') - min(started_at)) as seconds,
      percentile_cont(0.5) within group (order by extract(epoch from started_at - created_at) * 1000) as p50,
      percentile_cont(0.99) within group (order by extract(epoch from started_at - created_at) * 1000) as p99
    from first`.execute(db);
  const row = rows[0]!;
  return { deliveries: Number(row.deliveries), seconds: Number(row.seconds), p50: Number(row.p50), p99: Number(row.p99) };
}

const event = (i: number): PublishedEvent => ({ event: 'conversation_processing_complete', payload: { id: `conv-${String(i).padStart(6, '0')}` } });

// 2. Throughput: every event is published (100 per transaction), then the worker starts and drains them.
const throughputStart = new Date();
const publishStart = performance.now();
for (let i = 0; i < EVENTS; i += 100) {
  await db.transaction().execute((trx) => publishEvents(trx, tenantId, Array.from({ length: Math.min(100, EVENTS - i) }, (_, k) => event(i + k))));
}
const publishSeconds = (performance.now() - publishStart) / 1000;
// The worker: one process, every subscription's job at once.
const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
const worker = await startChild(
  [...profile, 'bin/commontime.mjs', 'worker'],
  { DATABASE_URL: databaseUrl, WORKER_CONCURRENCY: String(SUBSCRIPTIONS), WEBHOOK_CONCURRENCY: String(PER_SUBSCRIPTION), ALLOW_INSECURE_WEBHOOKS: 'true', LOG_LEVEL: 'info' },
  /job worker started/,
);
await waitDrained();
const throughput = await stats(throughputStart);
const deliveryRate = throughput.deliveries / throughput.seconds;

// 3. Latency: a steady stream at half the event rate the worker sustained.
const eventsPerSecond = deliveryRate / SUBSCRIPTIONS / 2;
const latencyStart = new Date();
const paceStart = performance.now();
for (let i = 0; i < LATENCY_EVENTS; i++) {
  const due = paceStart + (i * 1000) / eventsPerSecond;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  await publishEvents(db, tenantId, [event(EVENTS + i)]);
}
await waitDrained();
const latency = await stats(latencyStart);

worker.kill('SIGTERM');
receiver.kill('SIGTERM');
await new Promise((resolve) => worker.once('exit', resolve));
await connection.close();

const round = (n: number) => Math.round(n);
console.log(
  JSON.stringify(
    {
      events: EVENTS,
      subscriptions: SUBSCRIPTIONS,
      concurrency: `${SUBSCRIPTIONS} jobs × ${PER_SUBSCRIPTION} requests = ${CONCURRENCY}`,
      bare_posts_per_second: round(bareRate),
      throughput: {
        deliveries: throughput.deliveries,
        deliveries_per_second: round(deliveryRate),
        ratio_to_bare: Number((deliveryRate / bareRate).toFixed(2)),
        publish_seconds: Number(publishSeconds.toFixed(1)),
        event_to_first_attempt_ms: { p50: round(throughput.p50), p99: round(throughput.p99) },
      },
      latency: {
        events: LATENCY_EVENTS,
        events_per_second: Number(eventsPerSecond.toFixed(1)),
        deliveries: latency.deliveries,
        event_to_first_attempt_ms: { p50: Number(latency.p50.toFixed(1)), p99: Number(latency.p99.toFixed(1)) },
      },
      targets: { ratio_at_least: 0.5, p50_under_ms: 100 },
    },
    null,
    2,
  ),
);
