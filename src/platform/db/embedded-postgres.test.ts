import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { createLogger, REDACTED_PATHS, type Logger } from '../logging/logger.ts';
import { onCleanup } from '../../test-support/cleanup.ts';
import { REPO_ROOT, spawnProcess, waitFor } from '../../test-support/processes.ts';
import { embeddedPaths, openEmbeddedPostgres, type EmbeddedMode, type EmbeddedPostgres } from './embedded-postgres.ts';

const HOLDER = path.join(REPO_ROOT, 'src/test-support/fixtures/hold-embedded-postgres.ts');
const silent = createLogger('silent');

interface LogEntry {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** A logger configured like production's (redaction included) whose lines the test reads back. */
function memoryLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, { write: (line: string) => void lines.push(line) });
  return { logger, text: () => lines.join(''), entries: () => lines.map((line) => JSON.parse(line) as LogEntry) };
}

/** An empty DATA_DIR, removed after the file's tests together with any server left running in it. */
async function tempDataDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ct-embedded-'));
  onCleanup(async () => {
    const paths = embeddedPaths(dir);
    if (existsSync(lockFile(dir))) {
      // A test that failed midway may leave a server behind; without an owner file a serving open adopts it, so stop() stops it.
      await fs.rm(paths.owner, { force: true });
      await (await openEmbeddedPostgres(dir, 'serve', silent)).stop();
    }
    await fs.rm(dir, { recursive: true, force: true });
  });
  return dir;
}

async function open(dir: string, mode: EmbeddedMode, logger: Logger = silent): Promise<EmbeddedPostgres> {
  const handle = await openEmbeddedPostgres(dir, mode, logger);
  onCleanup(() => handle.stop());
  return handle;
}

/** Another process serving the cluster of `dir`, as `npm start` would (see the fixture). */
async function holdServer(dir: string) {
  const holder = spawnProcess([HOLDER, dir], {});
  // Registered after the data dir's cleanup, so it runs first: that cleanup must not find a live owner.
  onCleanup(async () => {
    if (holder.child.exitCode !== null || holder.child.signalCode !== null) return;
    holder.child.kill('SIGKILL');
    await holder.exited;
  });
  const port = await waitFor(async () => {
    const ready = /^READY (\d+)$/m.exec(holder.output());
    return ready ? Number(ready[1]) : undefined;
  }, 30_000, () => `the holder did not report READY:\n${holder.output()}`);
  return { ...holder, pid: holder.child.pid!, port };
}

async function credentials(dir: string): Promise<{ user: string; password: string; database: string; port: number }> {
  return JSON.parse(await fs.readFile(embeddedPaths(dir).credentials, 'utf8'));
}

/** The URL a client would use, built from postgres.json rather than from a handle. */
async function urlFor(dir: string, port: number): Promise<string> {
  const { user, password, database } = await credentials(dir);
  return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function owner(dir: string): Promise<unknown> {
  return JSON.parse(await fs.readFile(embeddedPaths(dir).owner, 'utf8'));
}

function lockFile(dir: string): string {
  return path.join(embeddedPaths(dir).pgdata, 'postmaster.pid');
}

async function query<Row>(url: string, text: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(text)).rows as Row[];
  } finally {
    await client.end();
  }
}

async function serving(url: string): Promise<boolean> {
  try {
    await query(url, 'select 1');
    return true;
  } catch {
    return false;
  }
}

const lifecycleDir = await tempDataDir();

test('the first start creates the cluster, serves it on `url`, and stop() shuts it down', async () => {
  const log = memoryLogger();
  const postgres = await open(lifecycleDir, 'serve', log.logger);
  const paths = embeddedPaths(lifecycleDir);

  assert.ok(existsSync(path.join(paths.pgdata, 'PG_VERSION')), 'initdb created the cluster');
  assert.equal((await fs.stat(paths.credentials)).mode & 0o777, 0o600);
  assert.equal(postgres.owned, true);
  assert.deepEqual(await owner(lifecycleDir), { pid: process.pid, mode: 'serve' });
  assert.deepEqual(await query(postgres.url, "select current_database() as database, current_setting('port')::int as port"), [{ database: 'commontime', port: postgres.port }]);

  assert.ok(log.entries().some((entry) => entry.msg === 'embedded PostgreSQL started' && entry.port === postgres.port), 'the start was logged');
  const { password } = await credentials(lifecycleDir);
  assert.equal(log.text().includes(password), false, 'the password is not in our log');
  assert.equal((await fs.readFile(paths.log, 'utf8')).includes(password), false, 'the password is not in the server log');
  if (process.getuid?.() === 0) {
    // PostgreSQL refuses root: the server runs as `postgres`, which needs to traverse mkdtemp's 0700 directory.
    assert.notEqual((await fs.stat(paths.pgdata)).uid, 0);
    assert.equal((await fs.stat(lifecycleDir)).mode & 0o001, 0o001);
  }

  await postgres.stop();
  assert.equal(existsSync(lockFile(lifecycleDir)), false, 'postmaster.pid is gone');
  assert.equal(existsSync(paths.owner), false, 'postgres.owner is gone');
  assert.equal(await serving(postgres.url), false);
});

test('a restart keeps the data and the credentials', async () => {
  const before = await credentials(lifecycleDir);
  const first = await open(lifecycleDir, 'serve');
  await query(first.url, 'create table notes (body text not null)');
  await query(first.url, "insert into notes values ('kept')");
  await first.stop();

  const log = memoryLogger();
  const second = await open(lifecycleDir, 'serve', log.logger);
  assert.deepEqual(await query(second.url, 'select body from notes'), [{ body: 'kept' }]);
  assert.equal((await credentials(lifecycleDir)).password, before.password);
  assert.equal(log.entries().some((entry) => /initialising/.test(entry.msg)), false, 'initdb ran only once');
  await second.stop();
  assert.equal(await serving(second.url), false);
});

const sharedDir = await tempDataDir();

test('a server left running by a kill -9 of its owner is adopted by the next serving process', async () => {
  const holder = await holdServer(sharedDir);
  const url = await urlFor(sharedDir, holder.port);
  await query(url, 'create table survivors (name text not null)');
  await query(url, "insert into survivors values ('written before the crash')");
  assert.deepEqual(await owner(sharedDir), { pid: holder.pid, mode: 'serve' });

  holder.child.kill('SIGKILL');
  await holder.exited;
  assert.equal(await serving(url), true, 'PostgreSQL outlives its killed owner');

  // A CLI command meanwhile only borrows the orphan, leaving it for the next serving process.
  const cli = await open(sharedDir, 'borrow');
  assert.equal(cli.owned, false);
  await cli.stop();
  assert.equal(await serving(url), true);

  const log = memoryLogger();
  const postgres = await open(sharedDir, 'serve', log.logger);
  assert.equal(postgres.owned, true);
  assert.equal(postgres.port, holder.port);
  assert.deepEqual(await query(postgres.url, 'select name from survivors'), [{ name: 'written before the crash' }]);
  assert.deepEqual(await owner(sharedDir), { pid: process.pid, mode: 'serve' });
  assert.ok(log.entries().some((entry) => entry.level === 40 && entry.previousOwner === holder.pid && /adopted/.test(entry.msg)), 'the adoption was logged');

  await postgres.stop();
  assert.equal(await serving(url), false);
  assert.equal(existsSync(lockFile(sharedDir)), false);
});

test('a borrowing process uses a served cluster and leaves it running', async () => {
  const holder = await holdServer(sharedDir);
  const borrowed = await open(sharedDir, 'borrow');
  assert.equal(borrowed.owned, false);
  assert.equal(borrowed.port, holder.port);
  assert.equal(await serving(borrowed.url), true);

  await borrowed.stop();
  assert.equal(await serving(borrowed.url), true, 'the borrower did not stop the server');
  assert.deepEqual(await owner(sharedDir), { pid: holder.pid, mode: 'serve' });

  holder.child.kill('SIGTERM');
  assert.equal(await holder.exited, 0);
  assert.equal(await serving(borrowed.url), false, 'the owner stopped the server on its way out');
});

test('a borrowing process with no server running starts one for its own duration', async () => {
  assert.equal(existsSync(lockFile(sharedDir)), false);
  const borrowed = await open(sharedDir, 'borrow');
  assert.equal(borrowed.owned, true);
  assert.deepEqual(await owner(sharedDir), { pid: process.pid, mode: 'borrow' });
  assert.equal(await serving(borrowed.url), true);

  await borrowed.stop();
  assert.equal(await serving(borrowed.url), false);
  assert.equal(existsSync(lockFile(sharedDir)), false);
  assert.equal(existsSync(embeddedPaths(sharedDir).owner), false);
});

test('a serving process takes over a server a borrower started; the borrower then leaves it running', async () => {
  const borrowed = await open(sharedDir, 'borrow');
  assert.equal(borrowed.owned, true);

  // The serving side is another process: ownership is recorded by pid, as between `npm start` and a CLI command.
  const holder = await holdServer(sharedDir);
  assert.equal(holder.port, borrowed.port);
  assert.deepEqual(await owner(sharedDir), { pid: holder.pid, mode: 'serve' });

  await borrowed.stop();
  assert.equal(await serving(borrowed.url), true, 'the borrower left the server to its new owner');

  holder.child.kill('SIGTERM');
  assert.equal(await holder.exited, 0);
  assert.equal(await serving(borrowed.url), false, 'the new owner stopped the server');
  assert.equal(existsSync(lockFile(sharedDir)), false);
});

const recoveryDir = await tempDataDir();

test('when the recorded port is taken, the cluster starts on another port and records it', async () => {
  await (await open(recoveryDir, 'serve')).stop();
  const recorded = (await credentials(recoveryDir)).port;
  const blocker = net.createServer();
  await new Promise<void>((resolve, reject) => blocker.once('error', reject).listen(recorded, '127.0.0.1', resolve));
  try {
    const log = memoryLogger();
    const postgres = await open(recoveryDir, 'serve', log.logger);
    assert.notEqual(postgres.port, recorded);
    assert.deepEqual(await query(postgres.url, "select current_setting('port')::int as port"), [{ port: postgres.port }]);
    assert.equal((await credentials(recoveryDir)).port, postgres.port);
    assert.ok(log.entries().some((entry) => entry.level === 40 && entry.preferred === recorded && entry.port === postgres.port), 'the new port was announced');
    await postgres.stop();
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test('a stale postmaster.pid naming a live process that is not PostgreSQL does not block the start', async () => {
  const { pgdata } = embeddedPaths(recoveryDir);
  const { port } = await credentials(recoveryDir);
  const { uid, gid } = await fs.stat(pgdata);
  // What a crash leaves when the old postmaster's pid now belongs to another program. It runs as the
  // server's user: PostgreSQL treats a pid it may not signal as gone, but refuses to start over this one.
  const bystander = spawn('sleep', ['60'], { uid, gid, stdio: 'ignore' });
  onCleanup(() => bystander.kill('SIGKILL'));
  const stale = [bystander.pid, pgdata, Math.floor(Date.now() / 1000), port, '', '127.0.0.1', '', 'ready'].join('\n');
  await fs.writeFile(lockFile(recoveryDir), `${stale}\n`, { mode: 0o600 });
  await fs.chown(lockFile(recoveryDir), uid, gid);

  const postgres = await open(recoveryDir, 'serve');
  assert.equal(postgres.owned, true);
  assert.equal(await serving(postgres.url), true);
  const postmasterPid = Number((await fs.readFile(lockFile(recoveryDir), 'utf8')).split('\n')[0]);
  assert.notEqual(postmasterPid, bystander.pid, 'the server wrote its own lock file');
  assert.equal(bystander.exitCode, null, 'the other program was left alone');
  await postgres.stop();
  assert.equal(await serving(postgres.url), false);
});
