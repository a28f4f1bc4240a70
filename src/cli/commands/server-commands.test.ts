/**
 * `commontime start` as a user runs it: a real process on an empty DATA_DIR
 * with the embedded PostgreSQL, stopped with SIGTERM, killed with SIGKILL,
 * started again; data created with the CLI survives all of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { onCleanup } from '../../test-support/cleanup.ts';
import { CLI, freePort, runCli, spawnProcess, waitFor, type Spawned } from '../../test-support/processes.ts';

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ct-start-'));
const ports = { PORT: await freePort(), CONTACT_CENTER_PORT: await freePort(), MESSAGING_PORT: await freePort() };
const env = {
  DATA_DIR: dataDir,
  PORT: String(ports.PORT),
  CONTACT_CENTER_PORT: String(ports.CONTACT_CENTER_PORT),
  MESSAGING_PORT: String(ports.MESSAGING_PORT),
  DATABASE_URL: '',
  LOG_LEVEL: 'info',
};
const hub = `http://127.0.0.1:${ports.PORT}`;

onCleanup(async () => {
  // Whatever a failed test left running: stop the cluster, then remove the directory.
  await runCli(['db', 'migrate'], env);
  await fs.rm(dataDir, { recursive: true, force: true });
});

function start(extraEnv: Record<string, string> = {}): Spawned {
  return spawnProcess([CLI, 'start'], { ...env, ...extraEnv });
}

async function ready(process: Spawned, timeoutMs = 90_000) {
  return waitFor(async () => {
    const response = await fetch(`${hub}/readyz`);
    return response.status === 200 ? response.json() : undefined;
  }, timeoutMs, () => `not ready; output so far:\n${process.output()}`);
}

async function stop(process: Spawned, signal: NodeJS.Signals) {
  process.child.kill(signal);
  return process.exited;
}

let tenantId = '';

test('first start on an empty DATA_DIR: ready within 90 s, all three services up, first-run help shown', async () => {
  const first = start();
  assert.deepEqual(await ready(first), { status: 'ready', database: 'ok', migrations: 'current' });
  for (const port of [ports.CONTACT_CENTER_PORT, ports.MESSAGING_PORT]) {
    assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);
  }
  const landing = await (await fetch(`${hub}/`)).text();
  assert.match(landing, /Create your workspace/);
  assert.match(landing, new RegExp(`http://localhost:${ports.CONTACT_CENTER_PORT}`));
  assert.match(first.output(), /No workspace yet\. Create the first one with: npx commontime tenant create/);
  // Every log line on stdout is JSON.
  const lines = first.output().split('\n').filter((line) => line.startsWith('{'));
  assert.ok(lines.length > 3 && lines.every((line) => typeof JSON.parse(line).level === 'number'));

  // A CLI command borrows the running cluster.
  const created = await runCli(['tenant', 'create', '--name', 'Kept Co', '--admin-email', 'kept@co.test', '--admin-password', 'a long password'], env);
  assert.equal(created.code, 0, created.stderr);
  tenantId = created.json.tenant_id;
  assert.doesNotMatch(await (await fetch(`${hub}/`)).text(), /Create your workspace/);
  assert.equal((await fetch(`${hub}/readyz`)).status, 200, 'the command did not stop the server it borrowed');

  assert.equal(await stop(first, 'SIGTERM'), 0);
  assert.match(first.output(), /"msg":"shutdown complete"/);
  assert.equal(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')), false, 'the embedded PostgreSQL was stopped');
});

test('restart keeps the data; SIGINT stops cleanly too', async () => {
  const second = start();
  await ready(second, 30_000);
  const listed = await runCli(['tenant', 'list'], env);
  assert.deepEqual(listed.json.map((t: { tenant_id: string }) => t.tenant_id), [tenantId]);
  assert.equal(await stop(second, 'SIGINT'), 0);
});

test('after kill -9 the next start recovers the orphaned database and keeps the data', async () => {
  const doomed = start();
  await ready(doomed, 30_000);
  await stop(doomed, 'SIGKILL');
  assert.ok(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')), 'PostgreSQL outlived its owner');

  const recovered = start();
  await ready(recovered, 30_000);
  assert.match(recovered.output(), /adopted an embedded PostgreSQL left running by an earlier process/);
  const listed = await runCli(['tenant', 'list'], env);
  assert.deepEqual(listed.json.map((t: { tenant_id: string }) => t.tenant_id), [tenantId]);
  assert.equal(await stop(recovered, 'SIGTERM'), 0);
  assert.equal(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')), false);
});

test('a taken HTTP port stops start-up with a message naming the variable, and leaves no database running', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(ports.MESSAGING_PORT, '127.0.0.1', resolve));
  try {
    const blocked = start();
    const code = await blocked.exited;
    assert.equal(code, 1);
    assert.match(blocked.output(), /Messaging cannot listen on 127\.0\.0\.1:\d+: the port is in use\. Stop what uses it or set MESSAGING_PORT to a free port\./);
    assert.equal(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')), false);
  } finally {
    blocker.close();
  }
});

test('start --demo on an empty database creates a demo workspace that can be queried at once', async () => {
  const demoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ct-demo-'));
  const demoPorts = { PORT: String(await freePort()), CONTACT_CENTER_PORT: String(await freePort()), MESSAGING_PORT: String(await freePort()) };
  const demoEnv = { ...env, ...demoPorts, DATA_DIR: demoDir, CC_RATE_LIMIT: '100' };
  const process = spawnProcess([CLI, 'start', '--demo'], demoEnv);
  const line = await waitFor(async () => process.output().split('\n').find((l) => l.includes('Demo workspace ready')), 60_000, () => process.output());
  const { demoToken, demoPassword, email } = JSON.parse(line);
  assert.match(demoToken, /^ctp_/);
  assert.ok(demoPassword.length >= 10);
  const response = await fetch(`http://127.0.0.1:${demoPorts.PORT}/odata/Conversations?$top=5&$count=true`, { headers: { authorization: `Bearer ${demoToken}` } });
  const body = (await response.json()) as { value: unknown[]; '@count': number };
  assert.equal(response.status, 200);
  assert.equal(body.value.length, 5);
  assert.equal(body['@count'], 300);
  assert.equal(email, 'demo@commontime.example');
  const ccLine = await waitFor(async () => process.output().split('\n').find((l) => l.includes('Demo contact center ready')), 30_000, () => process.output());
  const { subdomain, ccToken } = JSON.parse(ccLine);
  const ccHeaders = { authorization: `Basic ${Buffer.from(`${subdomain}:${ccToken}`).toString('base64')}` };
  const endUser = await fetch(`http://127.0.0.1:${demoPorts.CONTACT_CENTER_PORT}/apps/api/v1/end_users?identifier=demo-customer-1`, { headers: ccHeaders });
  assert.equal(endUser.status, 200);
  assert.equal(((await endUser.json()) as { identifier: string }).identifier, 'demo-customer-1');
  const calls = (await (await fetch(`http://127.0.0.1:${demoPorts.CONTACT_CENTER_PORT}/apps/api/v1/calls`, { headers: ccHeaders })).json()) as { selected_menu: { name: string } | null }[];
  assert.deepEqual(calls.map((c) => c.selected_menu?.name).sort(), ['Billing', 'Sales', 'Support'], 'three callers are on the line from the start');
  assert.equal(await stop(process, 'SIGTERM'), 0);
  await fs.rm(demoDir, { recursive: true, force: true });
});
