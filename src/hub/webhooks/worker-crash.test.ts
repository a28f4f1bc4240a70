/**
 * At-least-once with a stable id: the worker process is killed (SIGKILL)
 * while its requests are in flight at the receiver; a restarted worker
 * delivers every event, and what it sends again carries the same
 * `webhook-id` and the same body.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { workspace } from '../../test-support/hub.ts';
import { REPO_ROOT, spawnProcess, waitFor } from '../../test-support/processes.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { startReceiver } from '../../test-support/webhook-receiver.ts';
import { waitForLog } from '../../test-support/webhooks.ts';
import { publishEvents } from './publish-event.ts';
import { createSubscription } from './subscriptions.ts';

const WORKER = path.join(REPO_ROOT, 'src/test-support/fixtures/job-worker.ts');
const ENV = { ALLOW_INSECURE_WEBHOOKS: 'true', WEBHOOK_RETRY_SCHEDULE: '0.2,0.4,0.8', WEBHOOK_TIMEOUT_MS: '10000', WEBHOOK_CONCURRENCY: '8', LOG_LEVEL: 'info' };

test('a worker killed mid-delivery: after a restart every event is delivered, resent ones with the same webhook-id', async () => {
  const database = await createTestDatabase();
  const acme = await workspace(database.db, 'Acme', 'ada@acme.test');
  let answering = false;
  const receiver = await startReceiver(() => (answering ? { status: 200 } : { hang: true }));
  const { subscription } = await createSubscription(database.db, acme.tenantId, { url: receiver.url }, { allowLoopback: true });
  const events = Array.from({ length: 20 }, (_, i) => ({ event: 'conversation_processing_complete' as const, payload: { id: `conv-${i}` } }));
  const eventIds = await publishEvents(database.db, acme.tenantId, events);
  assert.equal(eventIds.length, 20);

  const workerA = spawnProcess([WORKER, database.url], ENV);
  await waitFor(async () => (receiver.received.length === 8 ? true : undefined), 15_000, () => `worker A did not send its first batch:\n${workerA.output()}`);
  workerA.child.kill('SIGKILL');
  await workerA.exited;
  const inFlight = receiver.received.map((r) => String(r.headers['webhook-id']));
  answering = true;

  const workerB = spawnProcess([WORKER, database.url], ENV);
  const log = await waitForLog(database, acme.tenantId, subscription.id, (l) => l.length === 20 && l.every((d) => d.status === 'delivered'), 30_000);

  const received = receiver.received.map((r) => ({ id: String(r.headers['webhook-id']), body: r.body.toString() }));
  assert.deepEqual(new Set(received.map((r) => r.id)), new Set(eventIds), 'every event arrived, under no other id');
  for (const id of inFlight) {
    const copies = received.filter((r) => r.id === id);
    assert.equal(copies.length, 2, `${id}: once to the killed worker, once after the restart`);
    assert.equal(copies[0]!.body, copies[1]!.body, 'the same bytes');
  }
  assert.equal(received.length, 20 + inFlight.length, 'nothing else was sent twice');
  assert.ok(log.every((d) => d.attempts.length === 1), 'the killed worker recorded nothing; one recorded attempt each');

  workerB.child.kill('SIGTERM');
  assert.equal(await workerB.exited, 0);
});
