/**
 * `npm run bench:import`: the CRM importer's benchmark (docs/benchmarks.md).
 *
 * A 1,000,000-row account CSV (10 standard and 5 additional columns, about
 * 120 MB) is uploaded to a hub running as its own process (`commontime
 * start`, HTTP and job worker, so its RSS is measured alone), and the job is
 * polled until it completes. In the same run, the same file is loaded with
 * raw `COPY … FROM STDIN (FORMAT csv)` through pg-copy-streams into an
 * equivalent plain table (the same typed columns, no index), which is the
 * baseline every figure is a ratio to. Then the same for a 10,000-row file.
 *
 * Targets: end to end within 3× of raw COPY; peak RSS under 300 MB; a
 * 10,000-row upload completed within 2× its raw COPY time plus 100 ms.
 *
 * Environment: BENCH_DATA_DIR (default .data/bench-import) or DATABASE_URL
 * (a server where the database `commontime_bench_import` may be dropped and
 * created); BENCH_ROWS (default 1000000).
 */
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createToken } from '../src/hub/identity/personal-access-tokens.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { connect } from '../src/platform/db/connect.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { createLogger } from '../src/platform/logging/logger.ts';
import { migrate } from '../src/platform/migrations/migrator.ts';
import { createTenant } from '../src/platform/tenancy/tenancy.ts';
import { databaseUrlOf, startHubProcess } from './bench-hub.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SMALL = 10_000;
const DATABASE = 'commontime_bench_import';
const logger = createLogger('warn', 'stderr');
const config = loadConfig({ ...process.env, DATA_DIR: process.env.BENCH_DATA_DIR ?? '.data/bench-import' });

// A fresh database on the server, so every run starts from the same empty tables.
const server = await connect(config, logger, 'serve');
const serverUrl = new URL(databaseUrlOf(config));
await server.pool.query(`drop database if exists ${DATABASE} with (force)`);
await server.pool.query(`create database ${DATABASE}`);
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${DATABASE}` }).toString();
const bench = openDatabase(databaseUrl, logger);
await migrate(bench, logger);
const { tenantId, userId } = await createTenant(bench.db, { name: 'Bench import', admin: { email: 'bench@bench.example', password: 'benchmark-password' } });
const { token } = await createToken(bench.db, { tenantId, userId, name: 'bench', scopes: ['import'] });

const HEADER = 'id,name,website,domain,industry,annual_revenue,number_of_employees,owner_id,region,country,crm_segment,tier,source_system,health_score,notes';
const INDUSTRIES = ['Robotics', 'Software', 'Retail', 'Finance', 'Health care'];
const REGIONS = ['EMEA', 'AMER', 'APAC'];

const ADDITIONAL = ['crm_segment', 'tier', 'source_system', 'health_score', 'notes'];

/** Record i's 15 values, in HEADER's order. */
function record(i: number, prefix: string): string[] {
  return [`${prefix}${i}`, `Co ${i}, Inc`, `https://c${i}.io`, `c${i}.io`, INDUSTRIES[i % 5]!, `${(i * 17) % 90_000_000}.50`, String(i % 20_000), `own-${i % 500}`, REGIONS[i % 3]!, 'NL',
    i % 2 ? 'Enterprise' : 'SMB', String(i % 4), 'crm', String(i % 100), `n "${i}"`];
}

const csvField = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
// COPY text format: the same record as a row of `accounts` (tenant, id, 9 standard fields, updated, additional_fields).
const copyField = (value: string) => value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
const accountsRow = (values: string[], updated: string) =>
  [tenantId, ...values.slice(0, 10), updated, JSON.stringify(Object.fromEntries(ADDITIONAL.map((name, k) => [name, values[10 + k]])))].map(copyField).join('\t');

async function writeFile(file: string, rows: number, header: string | undefined, line: (i: number) => string): Promise<number> {
  function* lines() {
    if (header !== undefined) yield `${header}\n`;
    let chunk: string[] = [];
    for (let i = 0; i < rows; i++) {
      chunk.push(`${line(i)}\n`);
      if (chunk.length === 2_000) {
        yield chunk.join('');
        chunk = [];
      }
    }
    yield chunk.join('');
  }
  await pipeline(Readable.from(lines()), createWriteStream(file));
  return (await stat(file)).size;
}

/** Times COPY of each file in turn into one fresh table (made by `ddl`), dropped afterwards. */
async function timedCopies(ddl: string, copy: string, files: readonly string[]): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(ddl);
  const table = ddl.split(' ')[2]!;
  const seconds: number[] = [];
  for (const file of files) {
    // As before the importer's small run below.
    if (seconds.length > 0) await client.query(`vacuum (analyze) ${table}`);
    const started = performance.now();
    await pipeline(createReadStream(file), client.query(copyFrom(copy)));
    seconds.push((performance.now() - started) / 1000);
  }
  await client.query(`drop table ${table}`);
  await client.end();
  return seconds;
}

// The baseline: the same columns, typed, no index, no constraint.
const PLAIN_TABLE = `create table bench_plain (id text, name text, website text, domain text, industry text, annual_revenue numeric, number_of_employees integer,
  owner_id text, region text, country text, crm_segment text, tier text, source_system text, health_score text, notes text)`;
// For comparison: a table exactly like accounts (its key, indexes, search vector and tenant foreign key), the least any importer into accounts must pay.
const ACCOUNTS_TABLE = 'create table bench_accounts (like accounts including all, foreign key (tenant_id) references tenants (id))';
const rawCopy = async (file: string) => (await timedCopies(PLAIN_TABLE, 'copy bench_plain from stdin with (format csv, header true)', [file]))[0]!;
/** The big file, then the small one into the same (then full) table, as the importer's runs do. */
const accountsCopies = (big: string, small: string) =>
  timedCopies(ACCOUNTS_TABLE, 'copy bench_accounts (tenant_id, id, name, website, domain, industry, annual_revenue, number_of_employees, owner_id, region, country, updated, additional_fields) from stdin', [big, small]);

const hub = await startHubProcess(databaseUrl, ['start']);
const { base, rssMiB } = hub;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB())), 50);
const headers = { authorization: `Bearer ${token}` };

interface Run {
  readonly upload: number;
  readonly job: number;
  readonly processed: number;
}

async function importFile(file: string, pollMs: number): Promise<Run> {
  const started = performance.now();
  const response = await fetch(`${base}/import/crm/account`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'text/csv' },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  if (response.status !== 202) throw new Error(`upload: ${response.status} ${await response.text()}`);
  const { job } = (await response.json()) as { job: string };
  const accepted = performance.now();
  for (;;) {
    const document = (await (await fetch(`${base}/import/job/${job}`, { headers })).json()) as { status: string; processed: number; error: string | null };
    if (document.status === 'failed') throw new Error(`job failed: ${document.error}`);
    if (document.status === 'completed') return { upload: (accepted - started) / 1000, job: (performance.now() - accepted) / 1000, processed: document.processed };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

const dir = tmpdir();
const bigFile = path.join(dir, `commontime-bench-accounts-${ROWS}.csv`);
const smallFile = path.join(dir, 'commontime-bench-accounts-10000.csv');
const rowsFile = path.join(dir, `commontime-bench-accounts-${ROWS}.copy`);
const smallRowsFile = path.join(dir, 'commontime-bench-accounts-10000.copy');
process.stderr.write(`writing ${ROWS} rows…\n`);
const bigBytes = await writeFile(bigFile, ROWS, HEADER, (i) => record(i, 'acc-').map(csvField).join(','));
await writeFile(smallFile, SMALL, HEADER, (i) => record(i, 'delta-').map(csvField).join(','));
const updated = new Date().toISOString();
await writeFile(rowsFile, ROWS, undefined, (i) => accountsRow(record(i, 'acc-'), updated));
await writeFile(smallRowsFile, SMALL, undefined, (i) => accountsRow(record(i, 'delta-'), updated));

process.stderr.write('raw COPY…\n');
const copyBig = await rawCopy(bigFile);
const [copyAccounts, copyAccountsSmall] = (await accountsCopies(rowsFile, smallRowsFile)) as [number, number];
const rssIdle = rssMiB();
peakRss = 0;
process.stderr.write('import…\n');
const big = await importFile(bigFile, 200);
const bigPeak = peakRss;
// What autovacuum does on its own after a million new rows; measured during it, the small import competes with it.
await bench.pool.query('vacuum (analyze) accounts');
const copySmall = await rawCopy(smallFile);
const small = await importFile(smallFile, 10);

clearInterval(sampler);
await hub.stop();
await bench.close();
await server.pool.query(`drop database if exists ${DATABASE} with (force)`);
await server.close();
rmSync(bigFile);
rmSync(smallFile);
rmSync(rowsFile);
rmSync(smallRowsFile);

const endToEnd = big.upload + big.job;
const smallEnd = small.upload + small.job;
const smallBudget = 2 * copySmall + 0.1;
const verdict = (met: boolean) => (met ? 'met' : '**not met**');
process.stdout.write(`
CRM importer benchmark: ${ROWS} account rows (${(bigBytes / 1e6).toFixed(0)} MB, 10 standard + 5 additional columns), ${new Date().toISOString()}

| Measure | Result | Baseline (raw COPY into a plain table) | Ratio | Target |
|---|---|---|---|---|
| Upload to 202 | ${big.upload.toFixed(1)} s | ${copyBig.toFixed(1)} s | ${(big.upload / copyBig).toFixed(2)}× | — |
| Job to completed | ${big.job.toFixed(1)} s | — | — | — |
| End to end | ${endToEnd.toFixed(1)} s (${(big.processed / endToEnd).toFixed(0)} rows/s) | ${copyBig.toFixed(1)} s (${(ROWS / copyBig).toFixed(0)} rows/s) | ${(endToEnd / copyBig).toFixed(2)}× | ≤ 3×: ${verdict(endToEnd <= 3 * copyBig)} |
| For comparison: COPY of the same records into a table like accounts (its indexes, search vector, tenant foreign key) | ${copyAccounts.toFixed(1)} s | ${copyBig.toFixed(1)} s | ${(copyAccounts / copyBig).toFixed(2)}× | importer end to end ÷ this: ${(endToEnd / copyAccounts).toFixed(2)}× |
| Peak RSS of the hub process | ${bigPeak.toFixed(0)} MiB (${rssIdle.toFixed(0)} MiB before) | — | — | < 300 MB: ${verdict(bigPeak * 1.048576 < 300)} |
| ${SMALL} rows: COPY into the table like accounts (holding the ${ROWS} rows), for comparison | ${(copyAccountsSmall * 1000).toFixed(0)} ms | ${(copySmall * 1000).toFixed(0)} ms | ${(copyAccountsSmall / copySmall).toFixed(2)}× | — |
| ${SMALL} rows end to end | ${(smallEnd * 1000).toFixed(0)} ms (upload ${(small.upload * 1000).toFixed(0)} ms, job ${(small.job * 1000).toFixed(0)} ms) | ${(copySmall * 1000).toFixed(0)} ms | ${(smallEnd / copySmall).toFixed(2)}× | ≤ 2× COPY + 100 ms = ${(smallBudget * 1000).toFixed(0)} ms: ${verdict(smallEnd <= smallBudget)} |
`);
