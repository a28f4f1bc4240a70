/**
 * `npm run bench:contact-center`: the simulator under load (docs/benchmarks.md).
 *
 * The Apps API runs in its own process (`commontime start --no-worker`);
 * the simulation's steps run on a worker in this process, which watches
 * graphile-worker's `job:start` events for how late each step starts.
 *
 * 1. Load: BENCH_CALLS inbound calls and BENCH_CHATS chats created through
 *    the API at once (1,000 each), at a time scale where a call lasts about
 *    half a minute, with enough simulated agents for all of them; for
 *    BENCH_SECONDS the steps run while `GET /wait_times` is sampled.
 *    Printed: transitions/s, lag of each transition behind its scheduled
 *    time (p50/p99), and p99 of `POST /calls` and `GET /wait_times`.
 * 2. Throughput: as many calls and chats again at a time scale so high that
 *    every step is due at once, so the worker runs flat out: transitions/s.
 * 3. Baseline, in the same run: bare job-queue jobs doing a step's database
 *    writes (lock the call's row, update it, schedule the next job by key)
 *    on the same worker settings: jobs/s. Printed as the ratio of 2 to 3.
 *
 * The API allows 8 requests of one center at once (CENTER_CONCURRENCY), so
 * the load is created 8 requests at a time.
 *
 * Environment: BENCH_DATA_DIR (default .data/bench) or DATABASE_URL;
 * BENCH_CALLS, BENCH_CHATS (default 1000), BENCH_SECONDS (default 60).
 */
import os from 'node:os';
import { sql } from 'kysely';
import type { Task } from 'graphile-worker';
import { createCredential } from '../src/contact-center/centers/api-credentials.ts';
import { ccDb } from '../src/contact-center/db/cc-database.ts';
import { seedDemoCenter } from '../src/contact-center/demo/demo-center.ts';
import { STEP_TASK } from '../src/contact-center/simulation/steps.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { connect } from '../src/platform/db/connect.ts';
import { enqueue } from '../src/platform/jobs/job-queue.ts';
import { startWorker } from '../src/platform/jobs/worker.ts';
import { createLogger } from '../src/platform/logging/logger.ts';
import { migrate } from '../src/platform/migrations/migrator.ts';
import { createTenant } from '../src/platform/tenancy/tenancy.ts';
import { SCHEDULE, taskList } from '../src/services.ts';
import { databaseUrlOf, startHubProcess } from './bench-hub.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 1000);
const CHATS = Number(process.env.BENCH_CHATS ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const LOAD_SCALE = 10;
const FLAT_OUT_SCALE = 1_000_000;
const BARE_TASK = 'bench:bare-step';

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'bench:bare-step': { tenantId: string; id: string };
    }
  }
}

const logger = createLogger('warn', 'stderr');
const config = loadConfig({ ...process.env, DATA_DIR: process.env.BENCH_DATA_DIR ?? '.data/bench' });
const connection = await connect(config, logger, 'serve', { poolSize: 4 + config.workerConcurrency });
await migrate(connection, logger);
const db = ccDb(connection.db);

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
};

// A fresh center each run, so earlier runs' calls and chats are not in the way.
const name = `Bench (contact center) ${Date.now()}`;
const { tenantId } = await createTenant(connection.db, { name, admin: { email: `bench-cc-${Date.now()}@bench.example`, password: 'benchmark-password' } });
const demo = await seedDemoCenter(db, tenantId, { subdomain: `bench-${Date.now().toString(36)}` });
const { token } = await createCredential(db, tenantId);
const ivr = demo.menus.find((m) => m.menu_type === 'ivr_menu' && m.leaf)!;
const web = demo.menus.find((m) => m.menu_type === 'web_menu' && m.leaf)!;

// Enough agents for every call and chat: one call each, or up to five chats.
const agents = CALLS + Math.ceil(CHATS / 5);
for (let i = 0; i < agents; i += 500) {
  await db
    .insertInto('cc_agents')
    .values(Array.from({ length: Math.min(500, agents - i) }, (_, j) => ({
      tenant_id: tenantId,
      email: `agent-${i + j}@bench.example`,
      first_name: 'Bench',
      last_name: `Agent ${i + j}`,
      agent_number: String(10_000 + i + j),
      max_chat_limit: 5,
      max_chat_limit_enabled: true,
      roles: ['Agent'],
      status: 'Available',
      online: true,
      simulated: true,
    })))
    .execute();
}
const endUsers = await db
  .insertInto('cc_end_users')
  .values(Array.from({ length: CHATS }, (_, i) => ({ tenant_id: tenantId, identifier: `bench-user-${i}`, name: `Bench User ${i}` })))
  .returning('id')
  .execute();

const setScale = (timeScale: number) =>
  db.updateTable('cc_centers').set({ simulation: JSON.stringify({ timeScale, seed: 'bench' }) }).where('tenant_id', '=', tenantId).execute();

const server = await startHubProcess(databaseUrlOf(config), ['start', '--no-worker'], { CC_RATE_LIMIT: '100000' });
const authorization = `Basic ${Buffer.from(`${demo.subdomain}:${token}`).toString('base64')}`;
async function api(method: string, path: string, body?: unknown): Promise<{ ms: number; status: number; body: any }> {
  const started = performance.now();
  const response = await fetch(`${server.contactCenterBase}/apps/api/v1${path}`, {
    method,
    headers: { authorization, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = await response.json().catch(() => null);
  return { ms: performance.now() - started, status: response.status, body: parsed };
}

/** Runs `count` requests, `concurrency` at a time. */
async function inParallel(count: number, concurrency: number, request: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await request(next++);
  }));
}

async function createLoad(offset: number) {
  const postCalls: number[] = [];
  const refused = new Map<string, number>();
  const refuse = (what: string, r: { status: number; body: any }) => {
    const key = `${what} ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`;
    refused.set(key, (refused.get(key) ?? 0) + 1);
  };
  await inParallel(CALLS, 8, async (i) => {
    const r = await api('POST', '/calls', { call_type: 'Voice Inbound (API)', menu_id: ivr.id, end_user_number: `+1415${String(5_550_000 + offset + i).padStart(7, '0')}`, lang: 'en' });
    postCalls.push(r.ms);
    if (r.status !== 201) refuse('POST /calls', r);
  });
  await inParallel(CHATS, 8, async (i) => {
    const r = await api('POST', '/chats', { chat: { menu_id: web.id, end_user_id: Number(endUsers[i]!.id), lang: 'en' } });
    if (r.status !== 201 && r.status !== 200) refuse('POST /chats', r);
  });
  for (const [what, count] of refused) console.error(`refused ${count}×: ${what}`);
  return postCalls;
}

// The worker of this process: every step's lateness, and every step and bare job done.
const lags: number[] = [];
/** The same lags by the step's kind and the state it moves on from, to see which steps are late. */
const lagsByStep = new Map<string, number[]>();
let stepsDone = 0;
/** When each step of the flat-out phase ended: its rate is over the time steps ran, not the phase's window. */
const flatOutEnds: number[] = [];
let flatOut = false;
let bareDone = 0;
let measuring = false;
const bare: Task<'bench:bare-step'> = async ({ tenantId: tenant, id }) => {
  await db.transaction().execute(async (trx) => {
    await sql`select status from cc_calls where tenant_id = ${tenant} and id = ${id} for update`.execute(trx);
    await sql`update cc_calls set updated_at = now(), status = status where tenant_id = ${tenant} and id = ${id}`.execute(trx);
    await enqueue(trx, BARE_TASK, { tenantId: tenant, id }, { runAt: new Date(Date.now() + 3_600_000), jobKey: `bench:bare:${id}` });
  });
};
const worker = await startWorker(connection, logger, { ...taskList(connection.db, config), [BARE_TASK]: bare as Task }, {
  concurrency: config.workerConcurrency,
  pollIntervalMs: config.workerPollIntervalMs,
  schedule: SCHEDULE,
  observe: (events) => {
    events.on('job:start', ({ job }) => {
      // Only this run's center: steps an earlier, interrupted run left behind would count as late.
      const payload = job.payload as { tenantId?: string; kind?: string; from?: string };
      if (measuring && job.task_identifier === STEP_TASK && payload.tenantId === tenantId) {
        const lag = Date.now() - new Date(job.run_at).getTime();
        lags.push(lag);
        const step = `${payload.kind}:${payload.from}`;
        if (!lagsByStep.has(step)) lagsByStep.set(step, []);
        lagsByStep.get(step)!.push(lag);
      }
    });
    events.on('job:success', ({ job }) => {
      if (job.task_identifier === STEP_TASK && (job.payload as { tenantId?: string }).tenantId === tenantId) {
        stepsDone++;
        if (flatOut) flatOutEnds.push(Date.now());
      }
      if (job.task_identifier === BARE_TASK) bareDone++;
    });
  },
});

// 1. Load at a time scale where calls last about half a minute.
await setScale(LOAD_SCALE);
measuring = true;
const loadStarted = Date.now();
const stepsBefore = stepsDone;
const postCalls = await createLoad(0);
const waitTimes: number[] = [];
while (Date.now() - loadStarted < SECONDS * 1000) {
  waitTimes.push((await api('GET', `/wait_times?lang=en`)).ms);
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const loadRate = (stepsDone - stepsBefore) / ((Date.now() - loadStarted) / 1000);
measuring = false;

// 2. Flat out: every step due at once.
await setScale(FLAT_OUT_SCALE);
const flatStarted = Date.now();
flatOut = true;
await createLoad(CALLS);
while (Date.now() - flatStarted < SECONDS * 1000) await new Promise((resolve) => setTimeout(resolve, 500));
flatOut = false;
// Over the time 95% of the steps took: the last few are timers (wrap-ups, inactivity) that end the run's tail, not work.
const n95 = Math.ceil(flatOutEnds.length * 0.95);
const flatRate = n95 / Math.max(0.001, (flatOutEnds[n95 - 1]! - flatStarted) / 1000);
await setScale(LOAD_SCALE);

// 3. Bare jobs: the same writes per job, as many as the flat-out phase ran steps.
const calls = await db.selectFrom('cc_calls').select('id').where('tenant_id', '=', tenantId).limit(CALLS).execute();
const bareJobs = Math.max(1000, flatOutEnds.length);
const bareStarted = Date.now();
for (let i = 0; i < bareJobs; i += 500) {
  await db.transaction().execute(async (trx) => {
    for (let j = i; j < Math.min(bareJobs, i + 500); j++) await enqueue(trx, BARE_TASK, { tenantId, id: calls[j % calls.length]!.id });
  });
}
while (bareDone < bareJobs) await new Promise((resolve) => setTimeout(resolve, 100));
const bareRate = bareJobs / ((Date.now() - bareStarted) / 1000);
await sql`delete from graphile_worker._private_jobs where task_id = (select id from graphile_worker._private_tasks where identifier = ${BARE_TASK})`.execute(connection.db);

await worker.stop();
await server.stop();
await connection.close();

const report = {
  machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}`,
  calls: CALLS,
  chats: CHATS,
  seconds: SECONDS,
  load: {
    transitions_per_second: Number(loadRate.toFixed(1)),
    lag_ms: { p50: percentile(lags, 0.5), p99: percentile(lags, 0.99), samples: lags.length },
    lag_ms_by_step: Object.fromEntries([...lagsByStep].sort((a, b) => b[1].length - a[1].length).map(([step, values]) => [step, { steps: values.length, p50: percentile(values, 0.5), p99: percentile(values, 0.99) }])),
    post_calls_ms: { p50: Number(percentile(postCalls, 0.5).toFixed(1)), p99: Number(percentile(postCalls, 0.99).toFixed(1)) },
    get_wait_times_ms: { p50: Number(percentile(waitTimes, 0.5).toFixed(1)), p99: Number(percentile(waitTimes, 0.99).toFixed(1)), samples: waitTimes.length },
  },
  flat_out_transitions_per_second: Number(flatRate.toFixed(1)),
  bare_jobs_per_second: Number(bareRate.toFixed(1)),
  ratio_to_bare_jobs: Number((flatRate / bareRate).toFixed(2)),
  targets: { lag_p99_ms: '< 1000', ratio_to_bare_jobs: '>= 0.50' },
};
console.log(JSON.stringify(report, null, 2));
