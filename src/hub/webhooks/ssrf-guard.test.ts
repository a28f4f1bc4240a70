/**
 * The SSRF guard: targets refused when saved (private, metadata, a name
 * resolving to loopback without ALLOW_INSECURE_WEBHOOKS) and again at
 * delivery time, where the connection goes only to the checked address.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { AppError } from '../../platform/errors/app-error.ts';
import { workspace } from '../../test-support/hub.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { startReceiver } from '../../test-support/webhook-receiver.ts';
import { startWebhookWorker, waitForLog } from '../../test-support/webhooks.ts';
import { sendAttempt } from './send-attempt.ts';
import { checkTargetUrl, deliveryGuard, guardedLookup, refusedRange } from '../../platform/http/ssrf-guard.ts';
import { createSubscription, sendTestEvent } from './subscriptions.ts';

const strict = { allowLoopback: false };
const development = { allowLoopback: true };

async function refusal(url: string, policy = strict): Promise<string> {
  try {
    await checkTargetUrl(url, policy);
  } catch (error) {
    assert.ok(error instanceof AppError);
    return `${error.code}: ${error.message}`;
  }
  return 'allowed';
}

test('private, loopback, link-local, metadata and other internal addresses are refused when a subscription is saved', async () => {
  for (const url of [
    'https://10.0.0.1/hook',
    'https://172.16.5.4/hook',
    'https://192.168.0.10/hook',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.100.100.200/latest/meta-data/',
    'https://[fd00:ec2::254]/latest/meta-data/',
    'https://[fe80::1]/hook',
    'https://0.0.0.0/hook',
    'https://[::]/hook',
    'https://224.0.0.1/hook',
    'https://[::ffff:10.0.0.1]/hook',
    'https://[64:ff9b::a00:1]/hook',
  ]) {
    assert.match(await refusal(url), /^WEBHOOK_ADDRESS_REFUSED: /, url);
    assert.match(await refusal(url, development), /^WEBHOOK_ADDRESS_REFUSED: /, `${url} also in development`);
  }
  for (const url of ['https://127.0.0.1/hook', 'https://127.8.9.10/hook', 'https://[::1]/hook', 'https://0x7f000001/hook', 'https://2130706433/hook']) {
    assert.match(await refusal(url), /^WEBHOOK_ADDRESS_REFUSED: .*loopback/, url);
    assert.equal(await refusal(url, development), 'allowed', `${url} in development`);
  }
  assert.match(await refusal('https://169.254.169.254/'), /169\.254\.169\.254, a linkLocal address/);
});

test('a name resolving to 127.0.0.1 is refused without the development flag, allowed with it; http only to loopback', async () => {
  assert.match(await refusal('https://localhost:8443/hook'), /^WEBHOOK_ADDRESS_REFUSED: .*127\.0\.0\.1|::1/);
  assert.equal(await refusal('https://localhost:8443/hook', development), 'allowed');
  assert.equal(await refusal('http://127.0.0.1:8080/hook', development), 'allowed');
  assert.match(await refusal('http://127.0.0.1:8080/hook'), /^WEBHOOK_INVALID_URL: .*must use https/);
  assert.match(await refusal('http://8.8.8.8/hook', development), /^WEBHOOK_ADDRESS_REFUSED: .*plain http is allowed only to loopback/);
  assert.equal(await refusal('https://8.8.8.8/hook'), 'allowed');
});

test('a name with any internal address among its answers is refused (round-robin tricks)', async () => {
  const resolve = async (): Promise<LookupAddress[]> => [{ address: '93.184.215.14', family: 4 }, { address: '10.1.2.3', family: 4 }];
  await assert.rejects(checkTargetUrl('https://mixed.example/hook', strict, resolve), /10\.1\.2\.3, a private address/);
});

test('DNS rebinding: the connection-time lookup re-checks, and hands the socket only the address it checked', async () => {
  const answers: LookupAddress[][] = [[{ address: '93.184.215.14', family: 4 }], [{ address: '127.0.0.1', family: 4 }]];
  const resolve = async () => answers.shift()!;
  // Saved while the name pointed at a public address…
  assert.equal(await checkTargetUrl('https://rebind.example/hook', strict, resolve), 'https://rebind.example/hook');
  // …it now answers loopback: the connection is refused before a socket opens.
  const lookup = guardedLookup('https:', strict, resolve);
  const error = await new Promise<Error | null>((done) => lookup('rebind.example', { all: true }, (err) => done(err)));
  assert.match(String(error), /rebind\.example resolves to 127\.0\.0\.1, a loopback address/);

  // A real delivery through the guard: the receiver listens on loopback, the name resolves there, nothing is sent.
  const receiver = await startReceiver();
  const port = new URL(receiver.url).port;
  const guard = deliveryGuard(development, async () => [{ address: '127.0.0.1', family: 4 }]);
  const allowed = await sendAttempt(guard, `http://rebind.example:${port}/hook`, {}, '{}', 2_000);
  assert.equal(allowed.statusCode, 200, 'with the flag, the pinned address is used');
  const refusing = deliveryGuard(strict, async () => [{ address: '127.0.0.1', family: 4 }]);
  const refused = await sendAttempt(refusing, `https://rebind.example:${port}/hook`, {}, '{}', 2_000);
  assert.equal(refused.statusCode, null);
  assert.match(refused.error!, /^refused: rebind\.example resolves to 127\.0\.0\.1, a loopback address/);
  const literal = await sendAttempt(refusing, `https://127.0.0.1:${port}/hook`, {}, '{}', 2_000);
  assert.match(literal.error!, /^refused: 127\.0\.0\.1 is a loopback address/);
  assert.equal(receiver.received.length, 1);
  await Promise.all([guard.close(), refusing.close()]);
});

/** IPv6 forms that carry a private or loopback IPv4 address, and the range each is refused as. */
const EMBEDDED: readonly [string, RegExp][] = [
  ['::127.0.0.1', /ipv4Compatible/],
  ['::10.0.0.1', /ipv4Compatible/],
  ['::8.8.8.8', /ipv4Compatible/],
  ['::ffff:127.0.0.1', /loopback/],
  ['::ffff:192.168.1.1', /private/],
  ['::ffff:0:127.0.0.1', /rfc6145/],
  ['64:ff9b::127.0.0.1', /loopback \(carried in NAT64's 64:ff9b::\/96\)/],
  ['64:ff9b::169.254.169.254', /linkLocal \(carried in NAT64/],
  ['64:ff9b:1::7f00:1', /rfc6052/],
  ['64:ff9b:1:7f00:1::', /rfc6052/],
  ['2002:7f00:1::1', /6to4/],
  ['2002:a00:1::1', /6to4/],
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', /teredo/],
];

test('IPv6 forms that embed an IPv4 address are refused when they may carry an internal one, when saved and when connecting', async () => {
  for (const [address, range] of EMBEDDED) {
    const url = `https://[${address}]/hook`;
    // Save time, literal host (the URL parser rewrites the dotted form, as a client would send it).
    assert.match(await refusal(url), /^WEBHOOK_ADDRESS_REFUSED: /, url);
    assert.match(await refusal(url), range, url);
    if (!address.startsWith('::ffff:127.')) assert.match(await refusal(url, development), /^WEBHOOK_ADDRESS_REFUSED: /, `${url} also in development`);
    // Save time, a name that resolves to it.
    const resolve = async (): Promise<LookupAddress[]> => [{ address, family: 6 }];
    await assert.rejects(checkTargetUrl('https://embedded.example/hook', strict, resolve), range, address);
    // Connect time: a literal, and a name the lookup resolves to it.
    const guard = deliveryGuard(strict, resolve);
    assert.match(guard.refusal(new URL(url)) ?? 'allowed', range, url);
    const lookup = guardedLookup('https:', strict, resolve);
    const error = await new Promise<Error | null>((done) => lookup('embedded.example', { all: true }, (err) => done(err)));
    assert.match(String(error), range, address);
    await guard.close();
  }
  // Public IPv4 addresses behind NAT64's well-known prefix (what DNS64 answers on an IPv6-only network) stay reachable.
  assert.equal(await refusal('https://[64:ff9b::8.8.8.8]/hook'), 'allowed');
  assert.equal(await refusal('https://[::ffff:8.8.8.8]/hook'), 'allowed');
});

test('a real delivery to an IPv4-compatible form of loopback is refused before a socket opens', async () => {
  const receiver = await startReceiver();
  const port = new URL(receiver.url).port;
  const guard = deliveryGuard(strict, async () => [{ address: '::7f00:1', family: 6 }]);
  const literal = await sendAttempt(guard, `https://[::127.0.0.1]:${port}/hook`, {}, '{}', 2_000);
  assert.match(literal.error!, /^refused: ::7f00:1 is a ipv4Compatible address/);
  const named = await sendAttempt(guard, `https://compatible.example:${port}/hook`, {}, '{}', 2_000);
  assert.match(named.error!, /^refused: compatible\.example resolves to ::7f00:1, a ipv4Compatible address/);
  assert.equal(receiver.received.length, 0);
  await guard.close();
});

test('a subscription saved in development is refused at delivery time by a worker without the flag', async () => {
  const database = await createTestDatabase();
  const acme = await workspace(database.db, 'Acme', 'ada@acme.test');
  const receiver = await startReceiver();
  const { subscription } = await createSubscription(database.db, acme.tenantId, { url: receiver.url }, development);
  await startWebhookWorker(database, { WEBHOOK_RETRY_SCHEDULE: '0.1', LOG_LEVEL: 'silent' });
  await sendTestEvent(database.db, acme.tenantId, subscription.id);
  const [dead] = await waitForLog(database, acme.tenantId, subscription.id, (log) => log[0]?.status === 'dead');
  assert.deepEqual(dead!.attempts.map((a) => a.error), ['refused: http: is not allowed', 'refused: http: is not allowed']);
  assert.equal(receiver.received.length, 0);
});

test('the address classes follow ipaddr.js, IPv4-mapped addresses unwrapped', () => {
  assert.equal(refusedRange('8.8.8.8', 'https:', strict), undefined);
  assert.equal(refusedRange('2001:4860:4860::8888', 'https:', strict), undefined);
  assert.equal(refusedRange('::ffff:127.0.0.1', 'https:', strict), 'loopback');
  assert.equal(refusedRange('::ffff:127.0.0.1', 'https:', development), undefined);
  assert.equal(refusedRange('100.64.0.1', 'https:', strict), 'carrierGradeNat');
  assert.equal(refusedRange('not an address', 'https:', development), 'invalid');
});
