/** The shared session-data routes (session-data/) served for chats: customer_flag, custom_data and the mid-session end_user. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { findCenter } from '../centers/centers.ts';
import { AppsApiClient, twoCenters } from '../../test-support/contact-center.ts';

const { server, acme, globex, client } = await twoCenters();
const webChat = acme.demo.menus.find((menu) => menu.name === 'Web Chat')!.id;
const newChat = async () => (await client.post('/chats', { chat: { menu_id: webChat } })).body.id as number;

test('customer_flag reads false flags, takes PATCH and PUT, and is Not Found for another center', async () => {
  const id = await newChat();
  assert.deepEqual((await client.get(`/chats/${id}/customer_flag`)).body, { verified_customer: false, bad_actor: false, repeat_customer: false });
  const patched = await client.patch(`/chats/${id}/customer_flag`, { verified_customer: true, repeat_customers: true });
  assert.equal(patched.status, 200);
  assert.deepEqual((await client.get(`/chats/${id}/customer_flag`)).body, { verified_customer: true, bad_actor: false, repeat_customer: true });
  assert.equal((await client.put(`/chats/${id}/customer_flag`, { bad_actor: true })).status, 200);
  assert.equal((await client.get(`/chats/${id}/customer_flag`)).body.bad_actor, true);
  assert.equal((await client.patch(`/chats/${id}/customer_flag`, { bad_actor: 'yes' })).status, 400);
  assert.equal((await AppsApiClient.of(server, globex).patch(`/chats/${id}/customer_flag`, { bad_actor: true })).status, 404);
});

test("custom_data: the seed's unsigned body, and a body signed with the company secret", async () => {
  const id = await newChat();
  const unsigned = await client.post(`/chats/${id}/custom_data`, { signed: false, data: { reserved_bad_actor: { label: 'Bad', value: true }, field1: { label: 'Order', value: 'A-17' } } });
  assert.equal(unsigned.status, 200, JSON.stringify(unsigned.body));
  assert.equal((await client.get(`/chats/${id}/customer_flag`)).body.bad_actor, true);
  const { companySecret } = await findCenter(acme.db, acme.tenantId);
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ custom_data: { field2: { label: 'Plan', value: 'gold' } }, iat: now, exp: now + 300 }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(companySecret));
  assert.equal((await client.post(`/chats/${id}/custom_data`, { signed: true, signed_data: token })).status, 200);
  const forged = await new SignJWT({ custom_data: {}, exp: now + 300 }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('not the secret'));
  assert.equal((await client.post(`/chats/${id}/custom_data`, { signed: true, signed_data: forged })).status, 400);
  const row = await acme.db.selectFrom('cc_chats').select('custom_data').where('tenant_id', '=', acme.tenantId).where('id', '=', String(id)).executeTakeFirstOrThrow();
  assert.deepEqual(Object.keys(row.custom_data).sort(), ['field1', 'field2']);
});

test('the mid-session end_user is accepted for a live chat, keeps a phone already set, and is refused once the chat ended', async () => {
  const id = await newChat();
  const accepted = await client.post(`/chats/${id}/end_user`, { identifier: 'demo-customer-1', name: 'Jordan R.', phone: '+15550000000' });
  assert.equal(accepted.status, 202);
  assert.deepEqual(accepted.body, { message: 'accepted' });
  const chat = (await client.get(`/chats/${id}`)).body;
  assert.equal(chat.end_user.identifier, 'demo-customer-1');
  const person = await acme.db.selectFrom('cc_end_users').select(['name', 'phone']).where('tenant_id', '=', acme.tenantId).where('identifier', '=', 'demo-customer-1').executeTakeFirstOrThrow();
  assert.deepEqual(person, { name: 'Jordan R.', phone: '+14155550100' });
  assert.deepEqual((await client.post(`/chats/${id}/end_user`, {})).body, { message: 'param is missing or the value is empty: identifier' });
  await client.patch(`/chats/${id}`, { chat: { status: 'finished' } });
  assert.deepEqual((await client.post(`/chats/${id}/end_user`, { identifier: 'someone-else' })).body, { message: 'Chat is already ended' });
});
