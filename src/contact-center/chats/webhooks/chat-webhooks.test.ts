import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppsApiClient, demoTenant, startContactCenter, startContactCenterWorker } from '../../../test-support/contact-center.ts';
import { eventually } from '../../../test-support/eventually.ts';
import { runCli } from '../../../test-support/processes.ts';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { startReceiver, type Received } from '../../../test-support/webhook-receiver.ts';
import { FAST_WEBHOOKS } from '../../../test-support/webhooks.ts';
import { setChatWebhook } from './chat-webhooks.ts';
import { verifyChatWebhook } from './webhook-signature.ts';

const database = await createTestDatabase();
const server = await startContactCenter(database.db);
await startContactCenterWorker(database, FAST_WEBHOOKS);
const acme = await demoTenant(database.db, 'Acme');
const client = AppsApiClient.of(server, acme);
await acme.db.updateTable('cc_centers').set({ simulation: JSON.stringify({ timeScale: 100, seed: 'webhook-tests', connectingSeconds: [1, 1], chatReplySeconds: [1, 1], chatTurns: [1, 1] }) }).where('tenant_id', '=', acme.tenantId).execute();
const webChat = acme.demo.menus.find((menu) => menu.name === 'Web Chat')!.id;

const events = (received: readonly Received[]) => received.map((r) => JSON.parse(r.body.toString()));

test('cc webhook set prints both secrets; every chat event arrives signed so the receiver can verify it, and a failed delivery is retried', async () => {
  const receiver = await startReceiver((_request, index) => (index === 0 ? { status: 503 } : {}));
  const set = await runCli(['cc', 'webhook', 'set', '--tenant', acme.tenantId, '--url', receiver.url], { DATABASE_URL: database.url, LOG_LEVEL: 'warn', ALLOW_INSECURE_WEBHOOKS: 'true' });
  assert.equal(set.code, 0, set.stderr);
  assert.deepEqual(Object.keys(set.json), ['tenant_id', 'url', 'primary_secret', 'secondary_secret']);
  const { primary_secret: primary, secondary_secret: secondary } = set.json;

  const id = (await client.post('/chats', { chat: { menu_id: webChat } })).body.id;
  await eventually(async () => (await client.get(`/chats/${id}`)).body.status === 'in_progress', 'the agent joins');
  await client.post(`/chats/${id}/message`, { message: { type: 'text', content: 'thanks, bye' } });
  await eventually(async () => (await client.get(`/chats/${id}`)).body.status === 'finished', 'the agent finishes after its one turn');
  const expected = ['participant_joined', 'message_received', 'message_received', 'message_received', 'participant_left', 'chat_ended'];
  await eventually(() => new Set(events(receiver.received).map((e) => JSON.stringify(e))).size >= expected.length, 'every event delivered', 20_000);

  const unique = [...new Map(events(receiver.received).map((e) => [JSON.stringify(e), e])).values()];
  assert.deepEqual(unique.map((e) => e.event).sort(), [...expected].sort());
  assert.ok(unique.every((e) => e.chat_id === id));
  assert.deepEqual(unique.filter((e) => e.event === 'message_received').map((e) => e.data.message.sender), ['agent', 'end_user', 'agent']);
  assert.equal(receiver.received[0]!.headers['x-signature'] !== undefined, true);
  for (const request of [...receiver.received]) {
    const headers = { signature: String(request.headers['x-signature']), timestamp: String(request.headers['x-signature-timestamp']) };
    assert.match(headers.signature, /^primary=[A-Za-z0-9+/=]+ secondary=[A-Za-z0-9+/=]+$/);
    assert.ok(Math.abs(Number(headers.timestamp) - Date.now() / 1000) < 60);
    assert.ok(verifyChatWebhook(primary, headers, request.body.toString()), 'the primary secret verifies the raw body');
    assert.ok(verifyChatWebhook(secondary, headers, request.body.toString()), 'so does the secondary');
    assert.ok(!verifyChatWebhook(primary, headers, request.body.toString() + ' '), 'a changed body does not verify');
  }
  const firstBody = receiver.received[0]!.body.toString();
  await eventually(() => receiver.received.slice(1).some((r) => r.body.toString() === firstBody), 'the event refused with 503 comes again');
});

test('a dismissed chat reports chat_dismissed; rotating keeps the old primary as secondary', async () => {
  const receiver = await startReceiver();
  const before = await setChatWebhook(acme.db, acme.tenantId, { url: receiver.url }, { allowLoopback: true });
  const rotated = await setChatWebhook(acme.db, acme.tenantId, { url: receiver.url, rotate: true }, { allowLoopback: true });
  assert.equal(rotated.secondary_secret, before.primary_secret);
  assert.notEqual(rotated.primary_secret, before.primary_secret);
  await acme.db.updateTable('cc_centers').set({ simulation: JSON.stringify({ timeScale: 100, seed: 'webhook-tests', chatTimeoutSeconds: 10 }) }).where('tenant_id', '=', acme.tenantId).execute();
  const id = (await client.post('/chats', { chat: { menu_id: webChat, context: { virtual_agent: true } } })).body.id;
  await eventually(() => events(receiver.received).some((e) => e.event === 'chat_dismissed' && e.chat_id === id), 'chat_dismissed delivered', 20_000);
  const dismissed = events(receiver.received).find((e) => e.event === 'chat_dismissed');
  assert.equal(dismissed.data.status, 'va_dismissed');
});

test('the SSRF guard refuses internal targets when the webhook is set', async () => {
  await assert.rejects(setChatWebhook(acme.db, acme.tenantId, { url: 'https://169.254.169.254/latest' }, { allowLoopback: false }), /link-local|a .* address/);
  await assert.rejects(setChatWebhook(acme.db, acme.tenantId, { url: 'http://127.0.0.1:9/hook' }, { allowLoopback: false }), /must use https/);
  await assert.rejects(setChatWebhook(acme.db, acme.tenantId, { url: 'https://10.0.0.8/hook' }, { allowLoopback: false }), /private/);
});
