/**
 * The hub as a process of its own (`start --no-worker`), with the heap
 * bounds that npm gives every process it starts (.npmrc), so that its RSS
 * and CPU time, read from /proc, mean what they mean in production: the
 * fixture of the tests that measure what clients can make the hub hold.
 */
import { readFileSync } from 'node:fs';
import { CLI, freePort, spawnProcess, waitFor, type Spawned } from './processes.ts';

export interface HubProcess extends Spawned {
  readonly url: string;
  readonly port: number;
  /** The process's resident memory now, in MiB. */
  rssMiB(): number;
  /** CPU time the process has used so far (user and system), in milliseconds. */
  cpuMs(): number;
}

/** Starts the hub on `databaseUrl` with `env` added to its configuration, and waits until `/readyz` answers 200. */
export async function startHubProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<HubProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const hub = spawnProcess(['--max-semi-space-size=16', '--max-old-space-size=1536', CLI, 'start', '--no-worker'], {
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    CONTACT_CENTER_PORT: String(await freePort()),
    MESSAGING_PORT: String(await freePort()),
    PUBLIC_URL: url,
    LOG_LEVEL: 'info',
    ...env,
  });
  await waitFor(() => fetch(`${url}/readyz`).then((r) => (r.ok ? true : undefined)), 60_000, () => `the hub did not become ready:\n${hub.output()}`);
  const pid = hub.child.pid!;
  return {
    ...hub,
    url,
    port,
    rssMiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024,
    cpuMs: () => {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
  };
}
