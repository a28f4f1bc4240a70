/**
 * /api/webhooks over real HTTP: who may call it (admin's session, an
 * admin's token with the `webhooks` scope), the subscription lifecycle, the
 * delivery log and redelivery, hostile input answered with precise 4xx in
 * the hub's error body, and tenant isolation of subscriptions and logs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createToken } from '../identity/personal-access-tokens.ts';
import { createSession } from '../identity/web-sessions.ts';
import { addUserToTenant, createUser } from '../../platform/tenancy/tenancy.ts';
import { PASSWORD, startHub, workspace } from '../../test-support/hub.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { startReceiver } from '../../test-support/webhook-receiver.ts';
import { FAST_WEBHOOKS, startWebhookWorker } from '../../test-support/webhooks.ts';
import { waitFor } from '../../test-support/processes.ts';

const database = await createTestDatabase();
const { db } = database;
const hub = await startHub(db, FAST_WEBHOOKS);
await startWebhookWorker(database);
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const globex = await workspace(db, 'Globex', 'gil@globex.test');
const { userId: member } = await createUser(db, { email: 'mo@acme.test', password: PASSWORD });
await addUserToTenant(db, { tenantId: acme.tenantId, email: 'mo@acme.test', role: 'member' });

const token = async (tenantId: string, userId: string, scopes: string[]) => (await createToken(db, { tenantId, userId, name: 't', scopes })).token;
const acmeToken = await token(acme.tenantId, acme.userId, ['webhooks']);
const globexToken = await token(globex.tenantId, globex.userId, ['webhooks', 'api:read']);

interface Call {
  readonly token?: string;
  readonly cookie?: string;
  readonly body?: unknown;
  readonly raw?: string;
  readonly headers?: Record<string, string>;
}

async function api(method: string, path: string, call: Call = {}) {
  const headers: Record<string, string> = { ...call.headers };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  if (call.cookie) headers.cookie = `ct_session=${call.cookie}`;
  let body: string | undefined = call.raw;
  if (call.body !== undefined) body = JSON.stringify(call.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${hub.url}/api/webhooks${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const acmeApi = (method: string, path: string, call: Call = {}) => api(method, path, { token: acmeToken, ...call });

test('an admin token with the webhooks scope creates a subscription: the secret is shown once', async () => {
  const receiver = await startReceiver();
  const created = await acmeApi('POST', '', { body: { url: receiver.url, events: ['import_job_completed'] } });
  assert.equal(created.status, 201);
  assert.match(created.body.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  assert.equal(created.headers.get('location'), `/api/webhooks/${created.body.id}`);
  assert.deepEqual(
    { url: created.body.url, events: created.body.events, enabled: created.body.enabled, disabled_reason: created.body.disabled_reason },
    { url: receiver.url, events: ['import_job_completed'], enabled: true, disabled_reason: null },
  );
  const listed = await acmeApi('GET', '');
  assert.equal(listed.status, 200);
  assert.equal(listed.headers.get('cache-control'), 'no-store');
  assert.deepEqual(listed.body.webhooks.map((w: { id: string }) => w.id), [created.body.id]);
  assert.ok(!JSON.stringify(listed.body).includes(created.body.secret), 'never listed again');
  const one = await acmeApi('GET', `/${created.body.id}`);
  assert.equal(one.body.secret, undefined);

  const rotated = await acmeApi('POST', `/${created.body.id}/rotate-secret`);
  assert.equal(rotated.status, 200);
  assert.match(rotated.body.secret, /^whsec_/);
  assert.notEqual(rotated.body.secret, created.body.secret);
  assert.equal((await acmeApi('GET', `/${created.body.id}`)).body.previous_secret_expires_at, rotated.body.previous_secret_expires_at);

  const all = await acmeApi('PATCH', `/${created.body.id}`, { body: { events: null } });
  assert.equal(all.status, 200);
  assert.equal(all.body.events, null, 'null: every event');
  assert.equal((await acmeApi('DELETE', `/${created.body.id}`)).status, 204);
  assert.equal((await acmeApi('GET', `/${created.body.id}`)).status, 404);
});

test('who may call: no token 401, a token without the scope 403, a member 403; an admin session works, but not from another origin', async () => {
  const none = await api('GET', '');
  assert.equal(none.status, 401);
  assert.equal(none.body.error.code, 'IDENTITY_INVALID_TOKEN');
  const reader = await api('GET', '', { token: await token(acme.tenantId, acme.userId, ['api:read']) });
  assert.equal(reader.status, 403);
  assert.equal(reader.body.error.code, 'IDENTITY_INSUFFICIENT_SCOPE');
  const memberToken = await api('GET', '', { token: await token(acme.tenantId, member, ['webhooks']) });
  assert.equal(memberToken.status, 403);
  assert.equal(memberToken.body.error.code, 'IDENTITY_ADMIN_ONLY');

  const adminSession = await createSession(db, acme.userId, acme.tenantId);
  assert.equal((await api('GET', '', { cookie: adminSession })).status, 200);
  const sameSite = await api('POST', '', { cookie: adminSession, body: { url: 'https://8.8.8.8/hook' }, headers: { origin: hub.url } });
  assert.equal(sameSite.status, 201);
  const crossSite = await api('POST', '', { cookie: adminSession, body: { url: 'https://8.8.8.8/hook' }, headers: { origin: 'https://evil.example' } });
  assert.equal(crossSite.status, 403);
  assert.equal(crossSite.body.error.code, 'WEBHOOK_FOREIGN_ORIGIN');
  const memberSession = await api('GET', '', { cookie: await createSession(db, member, acme.tenantId) });
  assert.equal(memberSession.status, 403);
  assert.equal(memberSession.body.error.code, 'IDENTITY_ADMIN_ONLY');
  assert.equal((await api('GET', '', { cookie: 'not-a-session' })).status, 401);
  await acmeApi('DELETE', `/${sameSite.body.id}`);
});

test('hostile and malformed input gets a precise 4xx in the hub’s error body and writes nothing', async () => {
  const cases: [string, Call, number, string][] = [
    ['malformed JSON', { raw: '{"url":' }, 400, 'PLATFORM_MALFORMED_BODY'],
    ['an array body', { body: ['https://8.8.8.8'] }, 400, 'PLATFORM_INVALID_REQUEST'],
    ['no url', { body: {} }, 400, 'PLATFORM_INVALID_REQUEST'],
    ['url not a string', { body: { url: 42 } }, 400, 'PLATFORM_INVALID_REQUEST'],
    ['an unknown field', { body: { url: 'https://8.8.8.8', secret: 'mine' } }, 400, 'PLATFORM_INVALID_REQUEST'],
    ['events not a list', { body: { url: 'https://8.8.8.8', events: 'all' } }, 400, 'PLATFORM_INVALID_REQUEST'],
    ['too many events', { body: { url: 'https://8.8.8.8', events: Array(21).fill('import_job_failed') } }, 400, 'PLATFORM_INVALID_REQUEST'],
    ['an unknown event', { body: { url: 'https://8.8.8.8', events: ['webhook_test'] } }, 400, 'WEBHOOK_UNKNOWN_EVENT'],
    ['enabled not a boolean', { body: { url: 'https://8.8.8.8', enabled: 'yes' } }, 400, 'PLATFORM_INVALID_REQUEST'],
    ['not a URL', { body: { url: 'example.com/hook' } }, 400, 'WEBHOOK_INVALID_URL'],
    ['ftp', { body: { url: 'ftp://example.com/hook' } }, 400, 'WEBHOOK_INVALID_URL'],
    ['credentials in the URL', { body: { url: 'https://user:pw@8.8.8.8/hook' } }, 400, 'WEBHOOK_INVALID_URL'],
    ['a 3000-character URL', { body: { url: `https://8.8.8.8/${'a'.repeat(3000)}` } }, 400, 'WEBHOOK_INVALID_URL'],
    ['a private address', { body: { url: 'https://10.0.0.1/hook' } }, 400, 'WEBHOOK_ADDRESS_REFUSED'],
    ['the metadata service', { body: { url: 'http://169.254.169.254/latest/meta-data' } }, 400, 'WEBHOOK_ADDRESS_REFUSED'],
    ['an IPv4-mapped private address', { body: { url: 'https://[::ffff:192.168.1.1]/hook' } }, 400, 'WEBHOOK_ADDRESS_REFUSED'],
    ['an unresolvable host', { body: { url: 'https://no-such-host.invalid/hook' } }, 400, 'WEBHOOK_UNRESOLVABLE'],
    ['an oversized body', { raw: JSON.stringify({ url: `https://8.8.8.8/${'a'.repeat(20_000)}` }) }, 413, 'PLATFORM_BODY_TOO_LARGE'],
    ['a form body', { raw: 'url=https://8.8.8.8', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'PLATFORM_UNSUPPORTED_MEDIA_TYPE'],
  ];
  for (const [what, call, status, code] of cases) {
    const response = await acmeApi('POST', '', call);
    assert.equal(response.status, status, `${what}: ${JSON.stringify(response.body)}`);
    assert.equal(response.body.error.code, code, what);
    assert.equal(typeof response.body.error.message, 'string');
  }
  assert.equal((await acmeApi('GET', '')).body.webhooks.length, 0, 'nothing was created');

  const created = await acmeApi('POST', '', { body: { url: 'https://8.8.8.8/hook' } });
  for (const [what, method, path, call, status, code] of [
    ['empty update', 'PATCH', `/${created.body.id}`, { body: {} }, 400, 'PLATFORM_INVALID_REQUEST'],
    ['not a uuid', 'GET', '/not-a-uuid', {}, 404, 'WEBHOOK_NOT_FOUND'],
    ['not a uuid', 'DELETE', "/1' or '1'='1", {}, 404, 'WEBHOOK_NOT_FOUND'],
    ['unknown delivery', 'POST', `/${created.body.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`, {}, 404, 'WEBHOOK_DELIVERY_NOT_FOUND'],
    ['bad limit', 'GET', `/${created.body.id}/deliveries?limit=0`, {}, 400, 'PLATFORM_INVALID_REQUEST'],
    ['huge limit', 'GET', `/${created.body.id}/deliveries?limit=100000`, {}, 400, 'PLATFORM_INVALID_REQUEST'],
    ['bad status', 'GET', `/${created.body.id}/deliveries?status=failed`, {}, 400, 'PLATFORM_INVALID_REQUEST'],
  ] as const) {
    const response = await acmeApi(method, path, call);
    assert.equal(response.status, status, `${what}: ${JSON.stringify(response.body)}`);
    assert.equal(response.body.error.code, code, what);
  }
  const after = await acmeApi('GET', `/${created.body.id}`);
  assert.equal(after.body.url, 'https://8.8.8.8/hook');
  await acmeApi('DELETE', `/${created.body.id}`);
});

test('test event, delivery log and redelivery through the API; disabled subscriptions refuse both', async () => {
  const receiver = await startReceiver();
  const { body: created } = await acmeApi('POST', '', { body: { url: receiver.url } });
  const sent = await acmeApi('POST', `/${created.id}/test`);
  assert.equal(sent.status, 202);
  const log = await waitFor(async () => {
    const { body } = await acmeApi('GET', `/${created.id}/deliveries`);
    return body.deliveries[0]?.status === 'delivered' ? body.deliveries : undefined;
  }, 10_000, () => 'not delivered');
  assert.equal(log[0].event_id, sent.body.event_id);
  assert.equal(log[0].event, 'webhook_test');
  assert.equal(log[0].attempts[0].status_code, 200);
  assert.equal(log[0].attempts[0].response_body, 'ok');
  assert.equal(receiver.received[0]!.headers['webhook-id'], sent.body.event_id);

  const again = await acmeApi('POST', `/${created.id}/deliveries/${log[0].id}/redeliver`);
  assert.equal(again.status, 202);
  await waitFor(async () => (receiver.received.length === 2 ? true : undefined), 10_000, () => 'not redelivered');
  assert.equal(receiver.received[1]!.headers['webhook-id'], sent.body.event_id);
  assert.equal((await acmeApi('GET', `/${created.id}/deliveries?status=dead`)).body.deliveries.length, 0);

  const disabled = await acmeApi('PATCH', `/${created.id}`, { body: { enabled: false } });
  assert.equal(disabled.body.enabled, false);
  assert.equal(disabled.body.disabled_reason, 'Disabled by hand.');
  const refused = await acmeApi('POST', `/${created.id}/test`);
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, 'WEBHOOK_DISABLED');
  const enabled = await acmeApi('PATCH', `/${created.id}`, { body: { enabled: true } });
  assert.deepEqual([enabled.body.enabled, enabled.body.disabled_reason], [true, null]);
  await acmeApi('DELETE', `/${created.id}`);
});

test('tenant isolation: another workspace can neither see nor touch a subscription or its log', async () => {
  const receiver = await startReceiver();
  const { body: mine } = await acmeApi('POST', '', { body: { url: receiver.url } });
  const { body: sent } = await acmeApi('POST', `/${mine.id}/test`);
  const delivered = await waitFor(async () => {
    const { body } = await acmeApi('GET', `/${mine.id}/deliveries`);
    return body.deliveries[0]?.status === 'delivered' ? body.deliveries[0] : undefined;
  }, 10_000, () => 'not delivered');
  const globexApi = (method: string, path: string, call: Call = {}) => api(method, path, { token: globexToken, ...call });
  assert.deepEqual((await globexApi('GET', '')).body.webhooks, []);
  for (const [method, path, call] of [
    ['GET', `/${mine.id}`, {}],
    ['PATCH', `/${mine.id}`, { body: { url: 'https://8.8.4.4/stolen' } }],
    ['POST', `/${mine.id}/rotate-secret`, {}],
    ['POST', `/${mine.id}/test`, {}],
    ['GET', `/${mine.id}/deliveries`, {}],
    ['POST', `/${mine.id}/deliveries/${delivered.id}/redeliver`, {}],
    ['DELETE', `/${mine.id}`, {}],
  ] as const) {
    const response = await globexApi(method, path, call);
    assert.equal(response.status, 404, `${method} ${path}`);
    assert.equal(response.body.error.code, 'WEBHOOK_NOT_FOUND');
    assert.ok(!JSON.stringify(response.body).includes(receiver.url));
  }
  const globexOwn = await globexApi('POST', '', { body: { url: receiver.url } });
  assert.equal((await globexApi('GET', `/${globexOwn.body.id}/deliveries/${delivered.id}/redeliver`)).status, 405, 'redeliver is a POST');
  assert.equal((await globexApi('POST', `/${globexOwn.body.id}/deliveries/${delivered.id}/redeliver`)).status, 404, 'a delivery of another workspace, through one’s own subscription');

  const still = await acmeApi('GET', `/${mine.id}`);
  assert.equal(still.body.url, receiver.url);
  assert.equal(receiver.received.length, 1, 'nothing was sent on the other workspace’s behalf');
  assert.equal(receiver.received[0]!.headers['webhook-id'], sent.event_id);
});
