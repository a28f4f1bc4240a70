/**
 * The end of an import job is announced to the workspace's webhooks
 * (import_job_completed / import_job_failed), committed with the job's
 * final status: a receiver hears exactly what GET /import/job/{id} says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReceiver } from '../../test-support/webhook-receiver.ts';
import { startWebhookWorker, waitForLog } from '../../test-support/webhooks.ts';
import { createSubscription } from '../webhooks/subscriptions.ts';
import { importerFixture } from '../../test-support/importer-fixture.ts';

const { database, acme, importer } = await importerFixture();
await startWebhookWorker(database);

test('completed and failed import jobs reach a subscribed receiver with the job document\'s figures', async () => {
  const receiver = await startReceiver();
  const { subscription } = await createSubscription(database.db, acme.tenantId, { url: receiver.url, events: ['import_job_completed', 'import_job_failed'] }, { allowLoopback: true });

  const completed = await importer.run('account', 'id,name\nwh-1,Hooked\nwh-2,Twice hooked\n');
  const failed = await importer.run('lead', 'id,is_converted\nwh-l1,true\nwh-l2,perhaps\n');
  assert.equal(completed.status, 'completed');
  assert.equal(failed.status, 'failed');
  await waitForLog(database, acme.tenantId, subscription.id, (log) => log.length === 2 && log.every((delivery) => delivery.status === 'delivered'));

  const bodies = receiver.received.map((request) => JSON.parse(request.body.toString('utf8')));
  const byEvent = Object.fromEntries(bodies.map((body) => [body.event, body]));
  assert.deepEqual(byEvent.import_job_completed.payload, { job: completed.job, type: 'account', processed: 2, error: null, error_line: null });
  assert.deepEqual(byEvent.import_job_failed.payload, { job: failed.job, type: 'lead', processed: failed.processed, error: failed.error, error_line: 3 });
  assert.equal(byEvent.import_job_completed.tenant, acme.tenantId);
});
