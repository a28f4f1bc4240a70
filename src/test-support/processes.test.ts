/**
 * The child-process helpers: a child starts from a clean configuration
 * whatever the shell that runs the tests exported, and waitFor tells a
 * service that is not up yet from a probe that is broken.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { VARIABLES } from '../platform/config/config.ts';
import { createTestDatabase } from './test-database.ts';
import { freePort, runCli, spawnProcess, waitFor } from './processes.ts';

// The hostile shell of a user who runs the hub from the same terminal: every variable set, and set to nonsense.
const saved = Object.fromEntries(VARIABLES.map((variable) => [variable.name, process.env[variable.name]]));
for (const variable of VARIABLES) process.env[variable.name] = 'not-valid: from the caller\'s shell';
after(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

test('a spawned process sees none of the configuration the caller exported, only what the test sets', async () => {
  const names = VARIABLES.map((variable) => variable.name);
  const child = spawnProcess(['-e', `process.stdout.write(JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, process.env[n]]))))`], { PORT: '4321' });
  assert.equal(await child.exited, 0, child.output());
  assert.deepEqual(JSON.parse(child.output()), { PORT: '4321' });
});

test('a CLI command runs on the configuration the test gives it, whatever the caller exported', async () => {
  const database = await createTestDatabase();
  const result = await runCli(['tenant', 'list'], { DATABASE_URL: database.url });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.json, []);
});

test('waitFor waits through refused connections, fails at once on any other error, and reports the last one on timeout', async () => {
  const port = await freePort();
  const refused = () => fetch(`http://127.0.0.1:${port}/`).then(() => 'answered');
  await assert.rejects(waitFor(refused, 300, () => 'nothing listens'), (error: Error) => /timed out after 300 ms: nothing listens\nlast error: TypeError: fetch failed \(.*ECONNREFUSED/.test(error.message));
  let calls = 0;
  const broken = async () => {
    calls++;
    throw new TypeError('a defect in the probe');
  };
  await assert.rejects(waitFor(broken, 10_000, () => 'never'), /a defect in the probe/);
  assert.equal(calls, 1, 'not retried');
});
