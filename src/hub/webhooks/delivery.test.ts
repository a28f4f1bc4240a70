/**
 * Delivery to real local receivers, through the real job worker: Four/Four's
 * envelope and both signatures, retries with backoff, Retry-After, 3xx,
 * 410, timeouts, dead letters and redelivery, rotation, auto-disable.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { ingestConversation } from '../processing/ingestion/ingest-conversations.ts';
import { workspace } from '../../test-support/hub.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { startReceiver, type Answer, type Received } from '../../test-support/webhook-receiver.ts';
import { startWebhookWorker, waitForLog } from '../../test-support/webhooks.ts';
import { redeliver } from './delivery-log.ts';
import { publishEvent } from './publish-event.ts';
import { createSubscription, getSubscription, rotateSecret, sendTestEvent } from './subscriptions.ts';

const database = await createTestDatabase();
const { db } = database;
const acme = await workspace(db, 'Acme', 'ada@acme.test');
await startWebhookWorker(database);
const policy = { allowLoopback: true };

async function subscribe(url: string, events?: string[]) {
  const { subscription, secret } = await createSubscription(db, acme.tenantId, { url, events }, policy);
  return { id: subscription.id, secret };
}

/** A receiver written from Four/Four's documentation (docs/webhooks.md, "Verifying a request"): lowercase hex HMAC-SHA256 of the raw body, keyed with the secret as shown. */
function seedVerifies(request: Received, secret: string): boolean {
  const expected = Buffer.from(createHmac('sha256', secret).update(request.body).digest('hex'));
  const given = Buffer.from(String(request.headers.signature));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Standard Webhooks, by hand with node:crypto: base64 HMAC of "id.timestamp.body" keyed with the base64 part of whsec_…. */
function standardVerifies(request: Received, secret: string): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signed = `${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body.toString('utf8')}`;
  const expected = createHmac('sha256', key).update(signed).digest('base64');
  return String(request.headers['webhook-signature']).split(' ').some((entry) => entry === `v1,${expected}`);
}

test('a processed conversation reaches the receiver in Four/Four’s envelope (docs/webhooks.md), verifiable by both signature schemes', async () => {
  const receiver = await startReceiver();
  const { id, secret } = await subscribe(receiver.url, ['conversation_processing_complete']);
  // Through the real pipeline: ingested, processed by the worker, and the event published as it completes.
  const conversation = await db.transaction().execute((trx) =>
    ingestConversation(trx, acme.tenantId, {
      id: 'call-1',
      type: 'call',
      started_at: '2026-01-05T10:00:00Z',
      participants: [{ name: 'Ada', role: 'customer' }],
      utterances: [{ speaker: 'Ada', text: 'We need single sign-on before the renewal.' }],
    }),
  );
  const [delivery] = await waitForLog(database, acme.tenantId, id, (log) => log[0]?.status === 'delivered');
  const eventId = delivery!.event_id;

  assert.equal(receiver.received.length, 1);
  const [request] = receiver.received as [Received];
  const body = JSON.parse(request.body.toString('utf8'));
  assert.deepEqual(Object.keys(body), ['timestamp', 'event', 'tenant', 'payload']);
  assert.match(body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  assert.ok(Math.abs(Date.parse(body.timestamp) - Date.now()) < 60_000);
  assert.equal(body.event, 'conversation_processing_complete');
  assert.equal(body.tenant, acme.tenantId);
  assert.deepEqual(body.payload, { id: conversation.id });
  assert.equal(request.headers['content-type'], 'application/json');
  assert.match(String(request.headers.signature), /^[0-9a-f]{64}$/);
  assert.ok(seedVerifies(request, secret), 'Signature verifies with the secret as shown');
  assert.ok(!seedVerifies(request, secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))), 'and not with another secret');
  assert.equal(request.headers['webhook-id'], eventId);
  assert.ok(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000) < 60);
  assert.ok(standardVerifies(request, secret));
  // The reference implementation agrees (it also refuses timestamps older than 5 minutes).
  assert.deepEqual(new Webhook(secret).verify(request.body.toString('utf8'), request.headers as Record<string, string>), body);

  const { rows } = await sql<{ status: string; processed_at: Date | null }>`select status, processed_at from conversations where tenant_id = ${acme.tenantId} and id = ${conversation.id}`.execute(db);
  assert.equal(rows[0]!.status, 'processed');
  assert.ok(rows[0]!.processed_at);
});

test('an event rolled back with its transaction is never sent; an event nobody subscribed to writes nothing', async () => {
  const receiver = await startReceiver();
  const { id } = await subscribe(receiver.url, ['import_job_failed']);
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await publishEvent(trx, acme.tenantId, 'import_job_failed', { job: 'j-1', type: 'account', processed: 3, error: 'bad row', error_line: 4 });
      throw new Error('the change failed');
    }),
    /the change failed/,
  );
  assert.equal(await publishEvent(db, acme.tenantId, 'import_job_completed', { job: 'j-2', type: 'account', processed: 10, error: null, error_line: null }), undefined);
  const eventId = await publishEvent(db, acme.tenantId, 'import_job_failed', { job: 'j-3', type: 'contact', processed: 7, error: 'missing id', error_line: 8 });
  const log = await waitForLog(database, acme.tenantId, id, (l) => l.some((d) => d.status === 'delivered'));
  assert.equal(log.length, 1);
  assert.equal(log[0]!.event_id, eventId);
  assert.deepEqual(JSON.parse(receiver.received[0]!.body.toString()).payload, { job: 'j-3', type: 'contact', processed: 7, error: 'missing id', error_line: 8 });
});

test('a receiver that fails twice then succeeds gets the same webhook-id three times, after growing delays', async () => {
  const receiver = await startReceiver((_r, index) => (index < 2 ? { status: 503, body: 'try later' } : { status: 204, body: '' }));
  const { id } = await subscribe(receiver.url);
  const eventId = await sendTestEvent(db, acme.tenantId, id);

  const [delivery] = await waitForLog(database, acme.tenantId, id, (log) => log[0]?.status === 'delivered');
  assert.equal(receiver.received.length, 3);
  assert.deepEqual(new Set(receiver.received.map((r) => r.headers['webhook-id'])), new Set([eventId]));
  assert.equal(new Set(receiver.received.map((r) => r.body.toString())).size, 1, 'the same body bytes every time');
  assert.deepEqual(delivery!.attempts.map((a) => [a.attempt, a.status_code, a.response_body]), [[1, 503, 'try later'], [2, 503, 'try later'], [3, 204, '']]);
  const gaps = [receiver.received[1]!.at - receiver.received[0]!.at, receiver.received[2]!.at - receiver.received[1]!.at];
  // Schedule 0.2 s, 0.4 s with ±25% jitter.
  assert.ok(gaps[0]! >= 150, `first retry after ${gaps[0]} ms`);
  assert.ok(gaps[1]! >= 300, `second retry after ${gaps[1]} ms`);
  assert.equal(JSON.parse(receiver.received[0]!.body.toString()).event, 'webhook_test');
});

test('Retry-After postpones the retry; a redirect is a failure and is not followed', async () => {
  const target = await startReceiver();
  const receiver = await startReceiver((_r, index): Answer =>
    index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : index === 1 ? { status: 302, headers: { location: target.url } } : { status: 200 },
  );
  const { id } = await subscribe(receiver.url);
  await sendTestEvent(db, acme.tenantId, id);
  const [delivery] = await waitForLog(database, acme.tenantId, id, (log) => log[0]?.status === 'delivered');
  assert.ok(receiver.received[1]!.at - receiver.received[0]!.at >= 950, 'waited for Retry-After: 1');
  assert.deepEqual(delivery!.attempts.map((a) => a.status_code), [429, 302, 200]);
  assert.equal(target.received.length, 0, 'the redirect target was never called');
});

test('410 Gone disables the subscription with a visible reason; later events are not sent', async () => {
  const receiver = await startReceiver(() => ({ status: 410 }));
  const { id } = await subscribe(receiver.url);
  await sendTestEvent(db, acme.tenantId, id);
  const [delivery] = await waitForLog(database, acme.tenantId, id, (log) => log[0]?.status === 'dead');
  assert.equal(delivery!.attempts.length, 1, 'no retries after 410');
  const subscription = await getSubscription(db, acme.tenantId, id);
  assert.equal(subscription.enabled, false);
  assert.match(subscription.disabled_reason!, /410 Gone/);
  await publishEvent(db, acme.tenantId, 'conversation_processing_complete', { id: 'x' });
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(receiver.received.length, 1);
  assert.equal((await waitForLog(database, acme.tenantId, id, () => true)).length, 1, 'no delivery is created for a disabled subscription');
});

test('a receiver slower than WEBHOOK_TIMEOUT_MS fails the attempt; after the last retry the delivery is a dead letter; redelivery sends it again', async () => {
  let healthy = false;
  const receiver = await startReceiver(() => (healthy ? { status: 200 } : { hang: true }));
  const { id } = await subscribe(receiver.url);
  const eventId = await sendTestEvent(db, acme.tenantId, id);
  const [dead] = await waitForLog(database, acme.tenantId, id, (log) => log[0]?.status === 'dead', 15_000);
  assert.equal(dead!.attempts.length, 4, 'the first attempt and three retries');
  for (const attempt of dead!.attempts) {
    assert.equal(attempt.status_code, null);
    assert.equal(attempt.error, 'no answer within 500 ms');
    assert.ok(attempt.latency_ms >= 450 && attempt.latency_ms < 2_000, `latency ${attempt.latency_ms}`);
  }

  healthy = true;
  await redeliver(db, acme.tenantId, id, dead!.id);
  const [delivered] = await waitForLog(database, acme.tenantId, id, (log) => log[0]?.status === 'delivered');
  assert.equal(delivered!.attempts.length, 5);
  assert.equal(delivered!.attempts[4]!.status_code, 200);
  assert.equal(receiver.received.at(-1)!.headers['webhook-id'], eventId);
});

test('after a rotation both secrets sign webhook-signature for 24 hours; Signature uses the new one', async () => {
  const receiver = await startReceiver();
  const { id, secret: oldSecret } = await subscribe(receiver.url);
  const { secret: newSecret, previous_secret_expires_at } = await rotateSecret(db, acme.tenantId, id);
  const hours = (Date.parse(previous_secret_expires_at) - Date.now()) / 3_600_000;
  assert.ok(hours > 23.9 && hours <= 24, `${hours} h`);
  await sendTestEvent(db, acme.tenantId, id);
  await waitForLog(database, acme.tenantId, id, (log) => log[0]?.status === 'delivered');
  const request = receiver.received[0]!;
  assert.equal(String(request.headers['webhook-signature']).split(' ').length, 2);
  assert.ok(standardVerifies(request, oldSecret));
  assert.ok(standardVerifies(request, newSecret));
  assert.ok(seedVerifies(request, newSecret));

  await sql`update webhook_subscriptions set previous_secret_expires_at = now() - interval '1 second' where id = ${id}`.execute(db);
  await sendTestEvent(db, acme.tenantId, id);
  await waitForLog(database, acme.tenantId, id, (log) => log.filter((d) => d.status === 'delivered').length === 2);
  const later = receiver.received[1]!;
  assert.ok(!standardVerifies(later, oldSecret), 'the previous secret stops signing after 24 hours');
  assert.ok(standardVerifies(later, newSecret));
});

test('a subscription whose deliveries have all failed for 3 days is disabled with the reason', async () => {
  const receiver = await startReceiver(() => ({ status: 500 }));
  const { id } = await subscribe(receiver.url);
  await sql`update webhook_subscriptions set failing_since = now() - interval '3 days 1 minute' where id = ${id}`.execute(db);
  await sendTestEvent(db, acme.tenantId, id);
  await waitForLog(database, acme.tenantId, id, (log) => log[0]?.attempts.length === 1);
  const subscription = await getSubscription(db, acme.tenantId, id);
  assert.equal(subscription.enabled, false);
  assert.match(subscription.disabled_reason!, /Every delivery failed for 3 days/);
});

test('a success clears the failure streak', async () => {
  const receiver = await startReceiver((_r, index) => ({ status: index === 0 ? 500 : 200 }));
  const { id } = await subscribe(receiver.url);
  await sendTestEvent(db, acme.tenantId, id);
  await waitForLog(database, acme.tenantId, id, (log) => log[0]?.attempts.length === 1);
  const { rows: failing } = await sql<{ failing_since: Date | null }>`select failing_since from webhook_subscriptions where id = ${id}`.execute(db);
  assert.ok(failing[0]!.failing_since);
  await waitForLog(database, acme.tenantId, id, (log) => log[0]?.status === 'delivered');
  const { rows: cleared } = await sql<{ failing_since: Date | null }>`select failing_since from webhook_subscriptions where id = ${id}`.execute(db);
  assert.equal(cleared[0]!.failing_since, null);
  assert.equal((await getSubscription(db, acme.tenantId, id)).enabled, true);
});

