/**
 * What the benchmarks share: the URL of the database they run on, and the
 * hub started as its own process on that database (so its RSS is measured
 * alone), ready when this resolves.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Config } from '../src/platform/config/config.ts';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** DATABASE_URL, or the running embedded server of DATA_DIR. */
export function databaseUrlOf(config: Config): string {
  if (config.databaseUrl) return config.databaseUrl;
  const credentials = JSON.parse(readFileSync(path.join(config.dataDir, 'postgres.json'), 'utf8')) as { user: string; password: string; database: string };
  const pid = readFileSync(path.join(config.dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n');
  return `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${pid[3]}/${credentials.database}`;
}

/**
 * CPU time (user + system, ms) a process has used, from /proc/<pid>/stat (clock ticks of 10 ms), with
 * `reaped` also that of its children that ended and were waited for (proc(5): cutime, cstime).
 */
function cpuMsOf(pid: number | string, reaped = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return (reaped ? own + Number(fields[13]) + Number(fields[14]) : own) * 10;
  } catch {
    return 0; // the process ended between listing and reading
  }
}

/**
 * CPU time used so far by the embedded PostgreSQL of `config` (its postmaster and every process it started), in
 * ms; undefined for a DATABASE_URL server, whose processes may be elsewhere. Other PostgreSQL servers on the
 * machine (a test suite's, say) are not counted.
 */
export function postgresCpuMs(config: Config): number | undefined {
  if (config.databaseUrl) return undefined;
  const postmaster = readFileSync(path.join(config.dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]!.trim();
  // A backend that ended (a pool connection closed mid-run) leaves the listing below; the postmaster reaped it, so
  // its time moved into the postmaster's children's time. Without that, the figure could go down between samples.
  let total = cpuMsOf(postmaster, true);
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let parent = '';
    try {
      parent = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]!;
    } catch {
      continue;
    }
    if (parent === postmaster) total += cpuMsOf(pid);
  }
  return total;
}

export interface HubProcess {
  readonly base: string;
  /** The contact center's origin (CONTACT_CENTER_PORT) of the same process. */
  readonly contactCenterBase: string;
  rssMiB(): number;
  /** CPU time the hub process has used so far, in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** `commontime <args>` (e.g. `start --no-worker`) on `databaseUrl`, on free loopback ports. */
export async function startHubProcess(databaseUrl: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<HubProcess> {
  const port = await freePort();
  const contactCenterPort = await freePort();
  const hub = spawn(process.execPath, ['bin/commontime.mjs', ...args], {
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl, PORT: String(port), CONTACT_CENTER_PORT: String(contactCenterPort), MESSAGING_PORT: String(await freePort()), LOG_LEVEL: 'warn', PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let ready = false; !ready; ) {
    ready = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base,
    contactCenterBase: `http://127.0.0.1:${contactCenterPort}`,
    cpuMs: () => cpuMsOf(hub.pid!),
    rssMiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${hub.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    async stop() {
      hub.kill('SIGTERM');
      await new Promise((resolve) => hub.once('exit', resolve));
    },
  };
}
