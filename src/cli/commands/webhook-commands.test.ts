/** `commontime webhook …` as a user runs it, against a real receiver and a running worker. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspace } from '../../test-support/hub.ts';
import { runCli, waitFor } from '../../test-support/processes.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { startReceiver } from '../../test-support/webhook-receiver.ts';
import { startWebhookWorker } from '../../test-support/webhooks.ts';

const database = await createTestDatabase();
const acme = await workspace(database.db, 'Acme', 'ada@acme.test');
await startWebhookWorker(database);
const env = { DATABASE_URL: database.url, LOG_LEVEL: 'warn', ALLOW_INSECURE_WEBHOOKS: 'true' };
const cli = (...args: string[]) => runCli(args, env);

test('create prints {id, secret}; test prints {event_id}; deliveries shows the log; redeliver, rotate, disable, enable, delete', async () => {
  const receiver = await startReceiver();
  const created = await cli('webhook', 'create', '--tenant', acme.tenantId, '--url', receiver.url, '--events', 'conversation_processing_complete,import_job_failed');
  assert.equal(created.code, 0, created.stderr);
  assert.deepEqual(Object.keys(created.json), ['id', 'secret']);
  assert.match(created.json.secret, /^whsec_/);
  const { id } = created.json;

  const listed = await cli('webhook', 'list', '--tenant', acme.tenantId);
  assert.deepEqual(listed.json.map((w: { id: string; events: string[] }) => [w.id, w.events]), [[id, ['conversation_processing_complete', 'import_job_failed']]]);
  assert.ok(!listed.stdout.includes(created.json.secret));

  const sent = await cli('webhook', 'test', '--id', id);
  assert.equal(sent.code, 0, sent.stderr);
  assert.deepEqual(Object.keys(sent.json), ['event_id']);
  const log = await waitFor(async () => {
    const { json } = await cli('webhook', 'deliveries', '--id', id, '--tenant', acme.tenantId);
    return json[0]?.status === 'delivered' ? json : undefined;
  }, 20_000, () => 'not delivered');
  assert.equal(log[0].event_id, sent.json.event_id);
  assert.equal(log[0].attempts[0].status_code, 200);
  assert.equal(receiver.received[0]!.headers['webhook-id'], sent.json.event_id);

  const again = await cli('webhook', 'redeliver', '--id', id, '--delivery', log[0].id);
  assert.deepEqual(again.json, { redelivered: log[0].id });
  await waitFor(async () => (receiver.received.length === 2 ? true : undefined), 20_000, () => 'not redelivered');

  const rotated = await cli('webhook', 'rotate-secret', '--id', id);
  assert.deepEqual(Object.keys(rotated.json), ['id', 'secret', 'previous_secret_expires_at']);
  assert.notEqual(rotated.json.secret, created.json.secret);

  assert.equal((await cli('webhook', 'disable', '--id', id)).json.enabled, false);
  const refused = await cli('webhook', 'test', '--id', id);
  assert.equal(refused.code, 1);
  assert.equal(refused.json.error.code, 'WEBHOOK_DISABLED');
  assert.equal((await cli('webhook', 'enable', '--id', id)).json.enabled, true);

  assert.deepEqual((await cli('webhook', 'delete', '--id', id)).json, { deleted: id });
  const gone = await cli('webhook', 'deliveries', '--id', id);
  assert.equal(gone.code, 1);
  assert.equal(gone.json.error.code, 'WEBHOOK_NOT_FOUND');
});

test('bad input: refused targets and unknown ids fail with exit 1, bad options with exit 2', async () => {
  const loopback = await runCli(['webhook', 'create', '--tenant', acme.tenantId, '--url', 'https://localhost/hook'], { DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
  assert.equal(loopback.code, 1);
  assert.equal(loopback.json.error.code, 'WEBHOOK_ADDRESS_REFUSED');
  const metadata = await cli('webhook', 'create', '--tenant', acme.tenantId, '--url', 'http://169.254.169.254/');
  assert.equal(metadata.json.error.code, 'WEBHOOK_ADDRESS_REFUSED');
  const event = await cli('webhook', 'create', '--tenant', acme.tenantId, '--url', 'https://8.8.8.8/', '--events', 'everything');
  assert.equal(event.json.error.code, 'WEBHOOK_UNKNOWN_EVENT');
  const otherTenant = await cli('webhook', 'create', '--tenant', '00000000-0000-4000-8000-000000000000', '--url', 'https://8.8.8.8/');
  assert.equal(otherTenant.json.error.code, 'TENANCY_TENANT_NOT_FOUND');
  const unknown = await cli('webhook', 'test', '--id', 'nope');
  assert.equal(unknown.code, 1);
  assert.equal(unknown.json.error.code, 'WEBHOOK_NOT_FOUND');
  const limit = await cli('webhook', 'deliveries', '--id', 'nope', '--limit', '0');
  assert.equal(limit.code, 2);
  assert.equal(limit.json.error.code, 'CLI_USAGE');
  assert.deepEqual((await cli('webhook', 'list', '--tenant', acme.tenantId)).json, []);
});
