import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppsApiClient, twoCenters } from '../../test-support/contact-center.ts';
import { isOnDnc } from './dnc.ts';

const { server, acme, globex, client } = await twoCenters();

test('numbers are added with an optional expiry, in E.164, one result per contact', async () => {
  const response = await client.post('/outbound_dialer/dnc', {
    contacts: [{ phone_number: '+1 415-555-0100' }, { phone_number: '(628) 555-0142', expires_at: '2099-10-29 00:00:00 UTC' }],
  });
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, [
    { phone_number: '+14155550100', status: 'created' },
    { phone_number: '+16285550142', expires_at: '2099-10-29 00:00:00 UTC', status: 'created' },
  ]);
  const again = await client.post('/outbound_dialer/dnc', { contacts: [{ phone_number: '+14155550100', expires_at: '2099-01-01T00:00:00Z' }] });
  assert.deepEqual(again.body, [{ phone_number: '+14155550100', expires_at: '2099-01-01 00:00:00 UTC', status: 'updated' }]);
});

test('bad entries fail alone with the documented errors; the good ones are stored', async () => {
  const response = await client.post('/outbound_dialer/dnc', {
    contacts: [{ phone_number: '911' }, { phone_number: 'not a number' }, { phone_number: '+1 212-555-0199', expires_at: '2001-01-01 00:00:00 UTC' }, { phone_number: '+1 212-555-0198' }],
  });
  assert.equal(response.status, 200);
  assert.deepEqual(response.body.map((r: any) => [r.status, r.error]), [
    ['failed', 'emergency phone number is not allowed'],
    ['failed', 'phone_number is invalid'],
    ['failed', 'expires_at cannot be past date/time'],
    ['created', undefined],
  ]);
  assert.equal(await isOnDnc(acme.db, acme.tenantId, '+12125550199'), false);
  assert.equal(await isOnDnc(acme.db, acme.tenantId, '+12125550198'), true);
});

test('check and remove; another center does not see the list', async () => {
  assert.deepEqual((await client.get('/outbound_dialer/dnc?phone_number=%2B1%20415-555-0100')).body, { phone_number: '+14155550100', dnc: true, expires_at: '2099-01-01 00:00:00 UTC' });
  assert.equal((await AppsApiClient.of(server, globex).get('/outbound_dialer/dnc?phone_number=%2B14155550100')).body.dnc, false);
  const removed = await client.post('/outbound_dialer/dnc/remove', { phone_numbers: ['+1 415-555-0100', '+1 999-555-0000x'] });
  assert.deepEqual(removed.body.map((r: any) => r.status), ['removed', 'failed']);
  assert.equal((await client.get('/outbound_dialer/dnc?phone_number=4155550100')).body.dnc, false);
  assert.deepEqual((await client.post('/outbound_dialer/dnc/remove', { phone_numbers: ['+14155550100'] })).body, [{ phone_number: '+14155550100', status: 'not_found' }]);
});

test('hostile DNC input is a 4xx in the Apps API body and writes nothing', async () => {
  for (const body of [{}, { contacts: [] }, { contacts: 'x' }, { contacts: [1] }, { contacts: Array.from({ length: 1001 }, () => ({ phone_number: '+14155550100' })) }]) {
    const response = await client.post('/outbound_dialer/dnc', body);
    assert.equal(response.status, 400, JSON.stringify(body).slice(0, 80));
    assert.deepEqual(Object.keys(response.body), ['message']);
  }
  assert.equal((await client.get('/outbound_dialer/dnc')).status, 400);
  assert.deepEqual((await client.get('/outbound_dialer/dnc?phone_number=abc')).body, { message: 'phone_number is invalid' });
  assert.equal((await client.post('/outbound_dialer/dnc/remove', { phone_numbers: {} })).status, 400);
  assert.equal((await client.request('POST', '/outbound_dialer/dnc', '{"contacts": [', { 'content-type': 'application/json' })).status, 400);
  const count = await acme.db.selectFrom('cc_dnc_numbers').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', acme.tenantId).executeTakeFirstOrThrow();
  assert.equal(count.n, '2');
});
