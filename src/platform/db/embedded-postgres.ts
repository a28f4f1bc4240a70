/**
 * The zero-setup database: a PostgreSQL cluster kept in `DATA_DIR`.
 *
 * Scope: initialise the cluster once, start it, let several local processes
 * share it, stop it with the process that owns it, and recover from a run
 * that was killed.
 *
 * Non-goals: production use. Operators set `DATABASE_URL` and this module
 * is never loaded.
 *
 * Quirks kept on purpose:
 * - The binaries come from the `@embedded-postgres/<platform>` package that
 *   `embedded-postgres` installs, but the lifecycle is `pg_ctl`'s, not that
 *   library's class: importing the class installs an exit hook that calls
 *   `process.exit()` on SIGINT/SIGTERM (our graceful drain would be cut short),
 *   its `start()` rejects with `undefined` when PostgreSQL fails, and it cannot
 *   recognise a server orphaned by a killed run. `pg_ctl`
 *   daemonises the server in its own session (Ctrl-C in the terminal does not
 *   reach it), writes its log to a file we can quote, and waits on readiness.
 * - PostgreSQL refuses to run as root, so as root the server runs as the
 *   `postgres` user (created when missing), and the directories above the
 *   data and the binaries get the search bit they need for that user.
 * - Ownership: the process that starts (or adopts) the server writes its pid
 *   and mode to `postgres.owner` and stops the server when it exits, unless
 *   another process has taken ownership meanwhile. A serving process takes
 *   over a server whose owner is dead (a `kill -9` of `npm start`) or only a
 *   short CLI command; otherwise it borrows. A CLI command always borrows a
 *   running server, and starts one only for its own duration.
 *
 * Guarded by embedded-postgres.test.ts (first start, restart with data kept,
 * adoption after kill -9, a taken port, a stale lock file).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logging/logger.ts';

export interface EmbeddedPostgres {
  readonly url: string;
  readonly port: number;
  /** True when this process started or adopted the server and will stop it. */
  readonly owned: boolean;
  stop(): Promise<void>;
}

export type EmbeddedMode =
  /** A long-running process (`start`, `worker`): adopts an orphaned server. */
  | 'serve'
  /** A short CLI command: uses a running server, or runs one for its own duration. */
  | 'borrow';

interface Credentials {
  readonly user: string;
  readonly password: string;
  readonly database: string;
  port: number;
}

interface Binaries {
  readonly pg_ctl: string;
  readonly initdb: string;
  readonly postgres: string;
}

interface RunAs {
  readonly uid?: number;
  readonly gid?: number;
}

const DEFAULT_PORT = 54321;
const START_TIMEOUT_SECONDS = 60;

export class EmbeddedPostgresError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddedPostgresError';
  }
}

export function embeddedPaths(dataDir: string) {
  return {
    pgdata: path.join(dataDir, 'postgres'),
    credentials: path.join(dataDir, 'postgres.json'),
    log: path.join(dataDir, 'postgres.log'),
    owner: path.join(dataDir, 'postgres.owner'),
  };
}

/** Starts, adopts or borrows the cluster in `dataDir` (see the header for the rules). */
export async function openEmbeddedPostgres(dataDir: string, mode: EmbeddedMode, logger: Logger): Promise<EmbeddedPostgres> {
  dataDir = path.resolve(dataDir);
  const paths = embeddedPaths(dataDir);
  const binaries = await loadBinaries();
  const runAs = await postgresUser();
  await fs.mkdir(dataDir, { recursive: true });
  await grantTraversal([paths.pgdata, binaries.postgres], runAs, logger);
  const credentials = await initialise(paths, binaries, runAs, logger);

  let avoidPort: number | undefined;
  for (let attempt = 1; ; attempt++) {
    const running = await runningPostmaster(paths.pgdata);
    if (running) {
      const owner = await readOwner(paths.owner);
      const adopt = mode === 'serve' && (owner === undefined || owner.mode === 'borrow' || !isAlive(owner.pid));
      if (adopt) {
        await writeOwner(paths.owner, mode);
        if (owner === undefined || !isAlive(owner.pid)) logger.warn({ postmasterPid: running.pid, port: running.port, previousOwner: owner?.pid }, 'adopted an embedded PostgreSQL left running by an earlier process');
      }
      return await connectHandle(paths, binaries, runAs, credentials, running.port, adopt, logger);
    }

    const port = await choosePort(credentials.port === avoidPort ? undefined : credentials.port, logger);
    await ensureLogFile(paths.log, runAs);
    try {
      await pgCtl(binaries, runAs, ['start', '-D', paths.pgdata, '-w', '-t', String(START_TIMEOUT_SECONDS), '-l', paths.log, '-o', `-p ${port}`]);
    } catch (error) {
      const tail = await logTail(paths.log);
      if (attempt < 3) {
        // Another process may have started the same cluster between our check and our start…
        if (await runningPostmaster(paths.pgdata)) continue;
        // …or taken the port between our check and PostgreSQL's bind.
        if (/could not bind|Address already in use/.test(tail)) {
          avoidPort = port;
          continue;
        }
      }
      throw new EmbeddedPostgresError(`embedded PostgreSQL in ${paths.pgdata} did not start on port ${port}.\n${tail}`, { cause: error });
    }
    if (port !== credentials.port) {
      credentials.port = port;
      await writeCredentials(paths.credentials, credentials);
    }
    await writeOwner(paths.owner, mode);
    logger.info({ port, dataDir: paths.pgdata }, 'embedded PostgreSQL started');
    return await connectHandle(paths, binaries, runAs, credentials, port, true, logger);
  }
}

async function connectHandle(
  paths: ReturnType<typeof embeddedPaths>,
  binaries: Binaries,
  runAs: RunAs,
  credentials: Credentials,
  port: number,
  owned: boolean,
  logger: Logger,
): Promise<EmbeddedPostgres> {
  const base = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, credentials.database);
  let stopped = false;
  return {
    url: `${base}/${credentials.database}`,
    port,
    owned,
    async stop() {
      if (!owned || stopped) return;
      stopped = true;
      // A serving process that took over while we ran keeps the server.
      if ((await readOwner(paths.owner))?.pid !== process.pid) return;
      try {
        await pgCtl(binaries, runAs, ['stop', '-D', paths.pgdata, '-m', 'fast', '-w', '-t', String(START_TIMEOUT_SECONDS)]);
        logger.info({ dataDir: paths.pgdata }, 'embedded PostgreSQL stopped');
      } catch (error) {
        if (await runningPostmaster(paths.pgdata)) throw error;
      } finally {
        if ((await readOwner(paths.owner))?.pid === process.pid) await fs.rm(paths.owner, { force: true });
      }
    },
  };
}

/** Runs initdb once; a directory with PG_VERSION is an existing cluster and is only started. */
async function initialise(paths: ReturnType<typeof embeddedPaths>, binaries: Binaries, runAs: RunAs, logger: Logger): Promise<Credentials> {
  if (existsSync(path.join(paths.pgdata, 'PG_VERSION'))) {
    return JSON.parse(await fs.readFile(paths.credentials, 'utf8')) as Credentials;
  }
  const credentials: Credentials = {
    user: 'postgres',
    password: randomBytes(24).toString('base64url'),
    database: 'commontime',
    port: DEFAULT_PORT,
  };
  // A half-made cluster from an interrupted initdb cannot be resumed: start over.
  await fs.rm(paths.pgdata, { recursive: true, force: true });
  await fs.mkdir(paths.pgdata, { recursive: true, mode: 0o700 });
  const pwfile = path.join(path.dirname(paths.pgdata), `.pwfile-${process.pid}`);
  await fs.writeFile(pwfile, `${credentials.password}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined) {
    await fs.chown(paths.pgdata, runAs.uid, runAs.gid!);
    await fs.chown(pwfile, runAs.uid, runAs.gid!);
  }
  logger.info({ dataDir: paths.pgdata }, 'initialising embedded PostgreSQL (first start)');
  try {
    await run(binaries.initdb, [
      `--pgdata=${paths.pgdata}`,
      '--auth=scram-sha-256',
      `--username=${credentials.user}`,
      `--pwfile=${pwfile}`,
      '--encoding=UTF8',
      // The builtin provider sorts and folds case the same on every machine.
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '-c', 'listen_addresses=127.0.0.1',
      // No Unix socket: its default directory may not exist or be writable here.
      '-c', 'unix_socket_directories=',
    ], runAs);
  } finally {
    await fs.rm(pwfile, { force: true });
  }
  await writeCredentials(paths.credentials, credentials);
  return credentials;
}

async function writeCredentials(file: string, credentials: Credentials): Promise<void> {
  await fs.writeFile(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
}

/**
 * The postmaster serving `pgdata`, from its lock file (PostgreSQL's
 * postmaster.pid: pid, data directory, start time, port, …). A lock file whose
 * process is gone, a zombie, or some other program after pid reuse is removed:
 * PostgreSQL itself would refuse to start on it.
 */
async function runningPostmaster(pgdata: string): Promise<{ pid: number; port: number } | undefined> {
  const lockFile = path.join(pgdata, 'postmaster.pid');
  let lines: string[];
  try {
    lines = (await fs.readFile(lockFile, 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (isAlive(pid) && (await servesDataDirectory(pid, pgdata))) {
    return Number.isInteger(port) && port > 0 ? { pid, port } : undefined;
  }
  await fs.rm(lockFile, { force: true });
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // Our PID 1 does not reap orphans, so a dead postmaster can linger as a zombie.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/**
 * Whether `pid` is the postmaster of `pgdata`: after pid reuse it may be any
 * program, even a backend of another cluster on this machine. pg_ctl starts
 * it as `postgres -D <pgdata> …`, and the postmaster keeps that command line.
 */
async function servesDataDirectory(pid: number, pgdata: string): Promise<boolean> {
  let cmdline: string;
  try {
    cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    // No procfs (macOS): trust the lock file.
    return true;
  }
  const args = cmdline.split('\0');
  return path.basename(args[0] ?? '') === 'postgres' && args[args.indexOf('-D') + 1] === pgdata;
}

interface Owner {
  readonly pid: number;
  readonly mode: EmbeddedMode;
}

async function readOwner(file: string): Promise<Owner | undefined> {
  try {
    const owner = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<Owner>;
    const valid = Number.isInteger(owner.pid) && owner.pid! > 0 && (owner.mode === 'serve' || owner.mode === 'borrow');
    return valid ? (owner as Owner) : undefined;
  } catch {
    return undefined;
  }
}

async function writeOwner(file: string, mode: EmbeddedMode): Promise<void> {
  await fs.writeFile(file, JSON.stringify({ pid: process.pid, mode } satisfies Owner));
}

/** The recorded port when it is free, else one the kernel picks (and the log says so). */
async function choosePort(preferred: number | undefined, logger: Logger): Promise<number> {
  if (preferred !== undefined && (await portIsFree(preferred))) return preferred;
  const port = await new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
  logger.warn({ preferred, port }, `port ${preferred ?? DEFAULT_PORT} is taken; the embedded PostgreSQL uses port ${port} instead`);
  return port;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (rowCount === 0) {
      try {
        await client.query(`create database ${client.escapeIdentifier(database)}`);
      } catch (error) {
        // 42P04 duplicate_database: a concurrent starter created it first.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
  } finally {
    await client.end();
  }
}

async function loadBinaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch (error) {
    throw new EmbeddedPostgresError(`no embedded PostgreSQL build for ${platform}-${process.arch} (package ${name}); set DATABASE_URL to use your own server`, { cause: error });
  }
}

/** As root, the uid/gid of the `postgres` user, created when the system has none. */
async function postgresUser(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  const lookup = async () => {
    const uid = Number((await run('id', ['-u', 'postgres'])).trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).trim());
    return { uid, gid };
  };
  try {
    return await lookup();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return await lookup();
  }
}

/**
 * The `postgres` user must reach the data directory and the binaries. A parent
 * made by `mktemp -d` (mode 0700) blocks it, so as root we add the search bit
 * (x, not read) for others on each blocking ancestor and say so in the log.
 */
async function grantTraversal(targets: readonly string[], runAs: RunAs, logger: Logger): Promise<void> {
  if (runAs.uid === undefined) return;
  const done = new Set<string>();
  for (const target of targets) {
    for (let dir = path.dirname(path.resolve(target)); !done.has(dir); dir = path.dirname(dir)) {
      done.add(dir);
      const stat = await fs.stat(dir);
      if ((stat.mode & 0o001) === 0 && stat.uid !== runAs.uid) {
        await fs.chmod(dir, stat.mode | 0o001);
        logger.warn({ dir }, 'granted search permission on a directory so the postgres user can reach the embedded cluster');
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

function pgCtl(binaries: Binaries, runAs: RunAs, args: readonly string[]): Promise<string> {
  return run(binaries.pg_ctl, args, runAs, true);
}

/** Runs a program to completion; rejects with its output when it fails. */
function run(command: string, args: readonly string[], runAs: RunAs = {}, detached = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...runAs,
      detached,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...withoutPgVariables(process.env), LC_MESSAGES: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new EmbeddedPostgresError(`${path.basename(command)} ${args[0] ?? ''} failed (${signal ?? `exit ${code}`}): ${output.trim()}`));
    });
  });
}

/** PG* variables of the calling shell would redirect pg_ctl to another server. */
function withoutPgVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('PG')));
}

/** pg_ctl opens its log as the server's user, which may not write to DATA_DIR itself. */
async function ensureLogFile(file: string, runAs: RunAs): Promise<void> {
  await fs.appendFile(file, '', { mode: 0o600 });
  if (runAs.uid !== undefined) await fs.chown(file, runAs.uid, runAs.gid!);
}

async function logTail(file: string, lines = 20): Promise<string> {
  try {
    const text = await fs.readFile(file, 'utf8');
    return `Last lines of ${file}:\n${text.trimEnd().split('\n').slice(-lines).join('\n')}`;
  } catch {
    return `(no log at ${file})`;
  }
}
