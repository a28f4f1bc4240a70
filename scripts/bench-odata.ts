/**
 * `npm run bench:odata`: the OData benchmark (docs/benchmarks.md), on a `large` demo tenant
 * (1,000,000 conversations, 1,000,000 insights, 200,000 contacts).
 *
 * The hub runs as its own process (`commontime start --no-worker`) so its
 * RSS is measured alone; autocannon drives it at concurrency 16. In the same
 * run, the same rows are fetched by hand-written SQL through `pg` (and
 * `COPY … TO STDOUT` for the export), and every OData figure is printed as a
 * ratio to that baseline.
 *
 * Environment: BENCH_DATA_DIR (default .data/bench; the tenant is generated
 * there on first use, ~3 minutes) or DATABASE_URL; BENCH_SECONDS per
 * measurement (default 10); BENCH_ONLY=export for (e) alone.
 */
import http from 'node:http';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import autocannon from 'autocannon';
import { to as copyTo } from 'pg-copy-streams';
import { loadDemoData } from '../src/hub/demo/demo-data.ts';
import { SCALES } from '../src/hub/demo/scales.ts';
import { createToken } from '../src/hub/identity/personal-access-tokens.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { connect } from '../src/platform/db/connect.ts';
import { createLogger } from '../src/platform/logging/logger.ts';
import { migrate } from '../src/platform/migrations/migrator.ts';
import { createTenant } from '../src/platform/tenancy/tenancy.ts';
import { pipelineOptions } from '../src/services.ts';
import { databaseUrlOf, postgresCpuMs, startHubProcess } from './bench-hub.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;
const GONG = '2ced8f92-354e-11ee-8b1e-6f08dcfc80c2';
const logger = createLogger('warn', 'stderr');
const config = loadConfig({ ...process.env, DATA_DIR: process.env.BENCH_DATA_DIR ?? '.data/bench' });

const connection = await connect(config, logger, 'serve', { poolSize: CONNECTIONS + 4 });
await migrate(connection, logger);
let tenant = await connection.db.selectFrom('tenants').select('id').where('name', '=', 'Bench (large)').executeTakeFirst();
if (!tenant) {
  process.stderr.write('generating the large demo tenant (hours: its conversations go through the pipeline, docs/benchmarks.md "Demo data")…\n');
  const created = await createTenant(connection.db, { name: 'Bench (large)', admin: { email: 'bench@bench.example', password: 'benchmark-password' } });
  await loadDemoData(connection, created.tenantId, SCALES.large, { pipeline: { ...pipelineOptions(config), logger }, topicsMemoryMb: config.topicsBuildMemoryMb, logger });
  await connection.pool.query('vacuum analyze');
  tenant = { id: created.tenantId };
}
const tenantId = tenant.id;
const user = await connection.db.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
const { token } = await createToken(connection.db, { tenantId, userId: user.user_id, name: `bench ${Date.now()}`, scopes: ['api:read'] });

// The hub as a separate process, on the same database.
const hub = await startHubProcess(databaseUrlOf(config), ['start', '--no-worker']);
const { base, rssMiB } = hub;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB())), 100);
const headers = { authorization: `Bearer ${token}` };

interface Figures {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU ms per request of the hub and of PostgreSQL: unlike the rates, barely moved by other work on the machine. */
  readonly cpu?: { readonly hub: number; readonly postgres: number | undefined };
}

async function odata(url: string): Promise<Figures> {
  const [hub0, postgres0] = [hub.cpuMs(), postgresCpuMs(config)];
  const result = await autocannon({ url: `${base}${url}`, connections: CONNECTIONS, duration: SECONDS, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const requests = result.requests.total;
  const postgres = postgres0 === undefined ? undefined : (postgresCpuMs(config)! - postgres0) / requests;
  return { perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpu: { hub: (hub.cpuMs() - hub0) / requests, postgres } };
}

async function baseline(text: string, values: unknown[]): Promise<Figures> {
  const latencies: number[] = [];
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const started = performance.now();
        await connection.pool.query(text, values);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / SECONDS, p50: latencies[Math.floor(latencies.length * 0.5)]!, p99: latencies[Math.floor(latencies.length * 0.99)]! };
}

const rows: string[] = [];
function report(name: string, o: Figures, b: Figures) {
  const ratio = b.perSecond / o.perSecond;
  const cpu = `${o.cpu!.hub.toFixed(2)} / ${o.cpu!.postgres?.toFixed(2) ?? 'n/a'}`;
  rows.push(`| ${name} | ${o.perSecond.toFixed(0)} | ${o.p50.toFixed(1)} / ${o.p99.toFixed(1)} | ${cpu} | ${b.perSecond.toFixed(0)} | ${b.p50.toFixed(1)} / ${b.p99.toFixed(1)} | ${ratio.toFixed(2)}× |`);
  process.stderr.write(`${rows.at(-1)}\n`);
}

const since = '2025-11-01T00:00:00Z';
const pageQuery = `/odata/Conversations?$filter=service eq ${GONG} and started_at ge ${since}&$orderby=started_at desc&$top=50`;
const columns = 'id, title, type, service, service_id, started_at, ended_at, duration_seconds, language, direction, status, processed_at, summary, sentiment, account_id, opportunity_id, owner_id, created_at, updated_at';
const pageSql = `select ${columns} from conversations where tenant_id = $1 and service = $2 and started_at >= $3 order by started_at desc, id desc limit 50`;

// BENCH_ONLY=export measures the export alone (its figures do not depend on the others).
if (process.env.BENCH_ONLY !== 'export') {
  // (a) first page
  report('(a) first page, filtered by service and time, started_at desc', await odata(pageQuery), await baseline(pageSql, [tenantId, GONG, since]));

  // (b) 5,000 pages deep, reached by following next links
  let deepUrl = pageQuery;
  for (let page = 1; page < 5000; page++) {
    const body = (await (await fetch(`${base}${deepUrl}`, { headers })).json()) as { '@nextLink': string };
    deepUrl = body['@nextLink'].slice(base.length);
  }
  const deepKey = (await connection.pool.query(`select to_char(started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as s, id from conversations where tenant_id = $1 and service = $2 and started_at >= $3 order by started_at desc, id desc offset ${4999 * 50 - 1} limit 1`, [tenantId, GONG, since])).rows[0] as { s: string; id: string };
  const deepSql = `select ${columns} from conversations where tenant_id = $1 and service = $2 and started_at >= $3 and (started_at, id) < (($4::timestamp at time zone 'UTC'), $5) order by started_at desc, id desc limit 50`;
  report('(b) the same query 5,000 pages deep (next links)', await odata(deepUrl), await baseline(deepSql, [tenantId, GONG, since, deepKey.s, deepKey.id]));

  // (c) $count with a filter
  report('(c) $count=true with a filter', await odata(`/odata/Conversations?$filter=service eq ${GONG} and started_at ge ${since}&$count=true&$top=50`), await baseline(`select (select count(*) from conversations where tenant_id = $1 and service = $2 and started_at >= $3), * from (${pageSql}) p`, [tenantId, GONG, since]));

  // (d) $search for a common word
  report('(d) $search for a common word ("team")', await odata('/odata/Insights?$search=team&$top=50'), await baseline(`select id, conversation_id, fragment_id, type, text, summary, sentiment, importance, account_id, contact_id, created_at from insights where tenant_id = $1 and search_vector @@ plainto_tsquery('simple', 'team') order by id limit 50`, [tenantId]));

  // (f) $expand=Participants on a page of 100
  report('(f) $expand=Participants on a page of 100', await odata('/odata/Conversations?$top=100&$expand=Participants'), await baseline(`with page as (select ${columns} from conversations where tenant_id = $1 order by id limit 100) select * from page p left join participants x on x.tenant_id = $1 and x.conversation_id = p.id`, [tenantId]));
}

// (e) full export of Insights following next links, against COPY. Both consumers do the least a client must:
// the HTTP one counts entities (`{"id":` can only open one: quotes inside JSON strings are escaped, and the id
// is always the first property) and finds the next link in the body's last bytes; the COPY one counts lines.
// Neither parses rows, so the figures compare what the servers send, not what a client does with it.
const agent = new http.Agent({ keepAlive: true });
const ENTITY = Buffer.from('{"id":');
function exportPage(url: string): Promise<{ entities: number; next: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent }, (response) => {
        if (response.statusCode !== 200) reject(new Error(`${url}: ${response.statusCode}`));
        let entities = 0;
        let tail: Buffer = Buffer.alloc(0);
        response.on('data', (chunk: Buffer) => {
          // An entity's opening split across two chunks shows in the joint of the last tail and this chunk.
          if (Buffer.concat([tail.subarray(-(ENTITY.length - 1)), chunk.subarray(0, ENTITY.length - 1)]).includes(ENTITY)) entities++;
          for (let at = chunk.indexOf(ENTITY); at !== -1; at = chunk.indexOf(ENTITY, at + ENTITY.length)) entities++;
          tail = chunk.length >= 2048 ? chunk.subarray(-2048) : Buffer.concat([tail, chunk]).subarray(-2048);
        });
        response.on('end', () => {
          const text = tail.toString('utf8');
          const at = text.lastIndexOf('"@nextLink":"');
          resolve({ entities, next: at === -1 ? undefined : text.slice(at + 13, text.indexOf('"', at + 13)) });
        });
        response.on('error', reject);
      })
      .on('error', reject);
  });
}
/** CPU ms per 1,000 rows of the hub, PostgreSQL and this process (the client) while `run` ran. */
async function cpuPerThousand(run: () => Promise<number>): Promise<{ rows: number; seconds: number; hub: number; postgres: number | undefined; client: number }> {
  const [hub0, postgres0, client0, started] = [hub.cpuMs(), postgresCpuMs(config), process.cpuUsage(), performance.now()];
  const rows = await run();
  const seconds = (performance.now() - started) / 1000;
  const client = process.cpuUsage(client0);
  const per = (ms: number) => (ms / rows) * 1000;
  return { rows, seconds, hub: per(hub.cpuMs() - hub0), postgres: postgres0 === undefined ? undefined : per(postgresCpuMs(config)! - postgres0), client: per((client.user + client.system) / 1000) };
}
async function copyExport(): Promise<number> {
  const client = await connection.pool.connect();
  let copied = 0;
  try {
    await pipeline(
      client.query(copyTo(`copy (select id, conversation_id, fragment_id, type, text, summary, sentiment, importance, account_id, contact_id, created_at from insights where tenant_id = '${tenantId}' order by id) to stdout`)),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) copied++;
          done();
        },
      }),
    );
  } finally {
    client.release();
  }
  return copied;
}
// Read once before either is measured, so that both find the rows in memory.
await copyExport();
const rssBeforeExport = rssMiB();
peakRss = 0;
const odataExport = await cpuPerThousand(async () => {
  let exported = 0;
  for (let url: string | undefined = `${base}/odata/Insights?$top=1000`; url; ) {
    const page = await exportPage(url);
    exported += page.entities;
    url = page.next;
  }
  return exported;
});
const exportPeak = peakRss;
const copied = await cpuPerThousand(copyExport);

clearInterval(sampler);
await hub.stop();
await connection.close();

const exportRate = odataExport.rows / odataExport.seconds;
const copyRate = copied.rows / copied.seconds;
const cpu = (figures: { hub: number; postgres: number | undefined; client: number }) => `hub ${figures.hub.toFixed(2)}, PostgreSQL ${figures.postgres?.toFixed(2) ?? 'n/a (DATABASE_URL)'}, client ${figures.client.toFixed(2)}`;
process.stdout.write(`
OData benchmark: large demo tenant, concurrency ${CONNECTIONS}, ${SECONDS} s per measurement, ${new Date().toISOString()}

| Query | OData req/s | OData p50 / p99 ms | CPU ms per request: hub / PostgreSQL | SQL q/s | SQL p50 / p99 ms | SQL ÷ OData |
|---|---|---|---|---|---|---|
${rows.join('\n')}

(e) full export of Insights through next links ($top=1000): ${odataExport.rows} rows in ${odataExport.seconds.toFixed(1)} s = ${exportRate.toFixed(0)} rows/s;
    COPY … TO STDOUT: ${copied.rows} rows in ${copied.seconds.toFixed(1)} s = ${copyRate.toFixed(0)} rows/s; OData is ${(exportRate / copyRate * 100).toFixed(0)}% of COPY.
    CPU ms per 1,000 rows: OData ${cpu(odataExport)}; COPY ${cpu(copied)}.
    Hub RSS: ${rssBeforeExport.toFixed(0)} MiB before the export, peak ${exportPeak.toFixed(0)} MiB during it.
`);
