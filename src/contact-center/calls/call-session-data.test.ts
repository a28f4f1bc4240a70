import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { AppsApiClient, demoMenuId, demoTenant, startContactCenter } from '../../test-support/contact-center.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';

// The shared session-data routes (session-data/), as served for calls.
const database = await createTestDatabase();
const server = await startContactCenter(database.db);
const acme = await demoTenant(database.db, 'Acme');
const globex = await demoTenant(database.db, 'Globex');
const client = AppsApiClient.of(server, acme);
const support = demoMenuId(acme, 'Support');
const newCall = async (body: Record<string, unknown> = {}) =>
  (await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: support, end_user_number: '+1 212-555-0111', ...body })).body;

test('customer_flag of a call: read, PATCH and PUT; the call object shows verified', async () => {
  const call = await newCall();
  assert.deepEqual((await client.get(`/calls/${call.id}/customer_flag`)).body, { verified_customer: false, bad_actor: false, repeat_customer: false });
  assert.deepEqual((await client.patch(`/calls/${call.id}/customer_flag`, { verified_customer: true })).body, { verified_customer: true, bad_actor: false, repeat_customer: false });
  assert.deepEqual((await client.put(`/calls/${call.id}/customer_flag`, { repeat_customers: true })).body, { verified_customer: true, bad_actor: false, repeat_customer: true });
  const after = (await client.get(`/calls/${call.id}`)).body;
  assert.equal(after.verified, true);
  assert.ok(after.updated_at > call.updated_at, 'a flag change moves updated_at, so GET /calls?updated_since= sees it');
  assert.equal((await client.patch(`/calls/${call.id}/customer_flag`, { verified_customer: 'yes' })).status, 400);
  assert.deepEqual((await AppsApiClient.of(server, globex).get(`/calls/${call.id}/customer_flag`)).body, { message: 'Not Found' });
});

test('custom_data of a call, unsigned and signed with the company secret', async () => {
  const call = await newCall();
  const unsigned = await client.post(`/calls/${call.id}/custom_data`, { signed: false, data: { reserved_bad_actor: { label: 'Bad', value: true }, plan: { label: 'Plan', value: 'Gold' } } });
  assert.equal(unsigned.status, 200);
  assert.deepEqual(unsigned.body.custom_data, { plan: { label: 'Plan', value: 'Gold' } });
  assert.equal(unsigned.body.customer_flag.bad_actor, true);
  const secret = (await acme.db.selectFrom('cc_centers').select('company_secret').where('tenant_id', '=', acme.tenantId).executeTakeFirstOrThrow()).company_secret;
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ custom_data: { account: { label: 'Account', value: 'A-42' } }, iat: now, exp: now + 600 }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
  const signed = await client.post(`/calls/${call.id}/custom_data`, { signed: true, signed_data: token });
  assert.deepEqual(signed.body.custom_data, { plan: { label: 'Plan', value: 'Gold' }, account: { label: 'Account', value: 'A-42' } });
  const forged = await new SignJWT({ custom_data: {}, iat: now, exp: now + 600 }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('not the secret'));
  assert.equal((await client.post(`/calls/${call.id}/custom_data`, { signed: true, signed_data: forged })).status, 400);
});

test('the mid-session end_user of a call links it (202), and an ended call refuses it', async () => {
  const call = await newCall();
  assert.equal(call.end_user, null);
  const response = await client.post(`/calls/${call.id}/end_user`, { identifier: 'caller-77', name: 'Sam Lee', phone: '+12125550111' });
  assert.deepEqual([response.status, response.body], [202, { message: 'accepted' }]);
  assert.equal((await client.get(`/calls/${call.id}`)).body.end_user.identifier, 'caller-77');
  assert.deepEqual((await client.post(`/calls/${call.id}/end_user`, {})).body, { message: 'param is missing or the value is empty: identifier' });
  await acme.db.updateTable('cc_calls').set({ status: 'finished' }).where('tenant_id', '=', acme.tenantId).where('id', '=', String(call.id)).execute();
  assert.deepEqual((await client.post(`/calls/${call.id}/end_user`, { identifier: 'caller-78' })).body, { message: 'Call is already ended' });
  assert.equal((await AppsApiClient.of(server, globex).post(`/calls/${call.id}/end_user`, { identifier: 'x' })).status, 404);
});
