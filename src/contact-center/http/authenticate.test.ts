import { test } from 'node:test';
import assert from 'node:assert/strict';
import { revokeCredential, createCredential } from '../centers/api-credentials.ts';
import { AppsApiClient, demoTenant, startContactCenter } from '../../test-support/contact-center.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { RawRequest } from '../../test-support/raw-request.ts';
import { waitFor } from '../../test-support/processes.ts';
import { CENTER_CONCURRENCY } from './authenticate.ts';

const database = await createTestDatabase();
const server = await startContactCenter(database.db);
const acme = await demoTenant(database.db, 'Acme');
const globex = await demoTenant(database.db, 'Globex');

test('the subdomain and an API token as Basic credentials open the Apps API', async () => {
  const response = await AppsApiClient.of(server, acme).post('/end_users', { identifier: 'cust-1' });
  assert.equal(response.status, 200);
  assert.equal(response.body.identifier, 'cust-1');
});

test('no credentials, a wrong token, a revoked token or another center\'s token are 401 in the Apps API body', async () => {
  const bare = await fetch(`${server.url}/apps/api/v1/end_users?identifier=x`);
  assert.equal(bare.status, 401);
  assert.match(bare.headers.get('www-authenticate') ?? '', /^Basic realm="Apps API"/);
  assert.match(((await bare.json()) as { message: string }).message, /^Unauthorized/);
  for (const client of [new AppsApiClient(server.url, acme.subdomain, 'nope'), new AppsApiClient(server.url, acme.subdomain, globex.token)]) {
    const response = await client.get('/end_users?identifier=x');
    assert.equal(response.status, 401);
    assert.deepEqual(Object.keys(response.body), ['message']);
  }
  const { id, token } = await createCredential(acme.db, acme.tenantId, 'to revoke');
  assert.equal((await new AppsApiClient(server.url, acme.subdomain, token).get('/end_users?identifier=cust-1')).status, 200);
  await revokeCredential(acme.db, acme.tenantId, id);
  assert.equal((await new AppsApiClient(server.url, acme.subdomain, token).get('/end_users?identifier=cust-1')).status, 401);
});

test('an unknown subdomain is the seed\'s 404', async () => {
  const response = await new AppsApiClient(server.url, 'initech', acme.token).get('/end_users?identifier=x');
  assert.equal(response.status, 404);
  assert.deepEqual(response.body, { message: 'Resource not found - Please check your subdomain' });
  const byHost = await new AppsApiClient(server.url, 'initech', acme.token).request('GET', '/end_users?identifier=x', undefined, { host: 'initech.localhost', authorization: '' });
  assert.equal(byHost.status, 404);
});

test('a Host of {subdomain}.localhost must agree with the credentials', async () => {
  const client = AppsApiClient.of(server, acme);
  assert.equal((await client.request('GET', '/end_users?identifier=cust-1', undefined, { host: `${acme.subdomain}.localhost:4001` })).status, 200);
  const mismatch = await client.request('GET', '/end_users?identifier=cust-1', undefined, { host: `${globex.subdomain}.localhost` });
  assert.equal(mismatch.status, 401);
  assert.match(mismatch.body.message, /credentials are for subdomain acme, but the request was sent to "globex"/);
});

test('end users: upsert on identifier keeps fields left out; lookup by id or identifier; another center\'s id is 404', async () => {
  const client = AppsApiClient.of(server, acme);
  const first = await client.post('/end_users', { identifier: 'cust-2', name: 'Ada', email: 'ada@example.org', phone: '+14155550101' });
  const again = await client.post('/end_users', { identifier: 'cust-2', name: 'Ada Lovelace' });
  assert.equal(again.body.id, first.body.id);
  const row = await acme.db.selectFrom('cc_end_users').selectAll().where('tenant_id', '=', acme.tenantId).where('identifier', '=', 'cust-2').executeTakeFirstOrThrow();
  assert.deepEqual([row.name, row.email, row.phone], ['Ada Lovelace', 'ada@example.org', '+14155550101']);
  assert.deepEqual((await client.get(`/end_users?id=${first.body.id}`)).body, { id: first.body.id, identifier: 'cust-2' });
  assert.deepEqual((await client.get('/end_users?identifier=cust-2')).body, { id: first.body.id, identifier: 'cust-2' });
  const other = AppsApiClient.of(server, globex);
  assert.deepEqual(await other.get(`/end_users?id=${first.body.id}`).then((r) => [r.status, r.body]), [404, { message: 'Not Found' }]);
});

test('bad end-user input: missing identifier, wrong types, malformed JSON, both or neither lookup key', async () => {
  const client = AppsApiClient.of(server, acme);
  assert.deepEqual(await client.post('/end_users', { name: 'x' }).then((r) => [r.status, r.body]), [400, { message: 'param is missing or the value is empty: identifier' }]);
  assert.equal((await client.post('/end_users', { identifier: 42 })).status, 400);
  assert.equal((await client.post('/end_users', [1, 2])).status, 400);
  const malformed = await client.request('POST', '/end_users', '{"identifier":', { 'content-type': 'application/json' });
  assert.equal(malformed.status, 400);
  assert.deepEqual(Object.keys(malformed.body), ['message']);
  assert.equal((await client.get('/end_users')).status, 400);
  assert.equal((await client.get('/end_users?id=1&identifier=x')).status, 400);
  assert.equal((await client.get('/end_users?id=abc')).status, 404);
  const huge = await client.post('/end_users', { identifier: 'x'.repeat(20_000) });
  assert.equal(huge.status, 413);
});

test('the rate limit is per customer: over it a 429 with Retry-After, other centers unaffected', async () => {
  const limited = await startContactCenter(database.db, { CC_RATE_LIMIT: '1' });
  const initech = await demoTenant(database.db, 'Initech');
  const client = AppsApiClient.of(limited, initech);
  const answers = await Promise.all([1, 2, 3].map(() => client.get('/end_users?identifier=demo-customer-1')));
  const refused = answers.filter((r) => r.status === 429);
  assert.ok(refused.length >= 2, `statuses ${answers.map((r) => r.status)}`);
  assert.equal(refused[0]!.headers.get('retry-after'), '1');
  assert.match(refused[0]!.body.message, /^Too many requests: the limit is 1 per second per customer/);
  assert.equal((await AppsApiClient.of(limited, globex).get('/end_users?identifier=demo-customer-1')).status, 200);
});

test('one center\'s slow requests hold at most its own slots: the next gets a 429, other centers are served, and the slots come back', async () => {
  const auth = `Basic ${Buffer.from(`${acme.subdomain}:${acme.token}`).toString('base64')}`;
  const head = `POST /apps/api/v1/end_users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"identifier":`;
  const slow = await Promise.all(Array.from({ length: CENTER_CONCURRENCY.perKey }, () => RawRequest.open(server.url, head)));
  const client = AppsApiClient.of(server, acme);
  const refused = await waitFor(async () => {
    const response = await client.get('/end_users?identifier=cust-1');
    return response.status === 429 ? response : undefined;
  }, 10_000, () => 'no 429 while the slow requests hold every slot');
  assert.match(refused.body.message, /^Too many Apps API requests at once \(the limit is 8 per workspace\)/);
  assert.equal(refused.headers.get('retry-after'), '1');
  assert.equal((await AppsApiClient.of(server, globex).get('/end_users?identifier=demo-customer-1')).status, 200);
  for (const request of slow) request.socket.destroy();
  await waitFor(async () => ((await client.get('/end_users?identifier=cust-1')).status === 200 ? true : undefined), 10_000, () => 'the slots did not come back');
});
