import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppsApiClient, twoCenters } from '../../../test-support/contact-center.ts';
import { eventually } from '../../../test-support/eventually.ts';

const { server, acme, globex, client } = await twoCenters({ worker: true });
await acme.db.updateTable('cc_centers').set({ simulation: JSON.stringify({ timeScale: 200, seed: 'sms-tests', selectingSeconds: [1, 1], connectingSeconds: [1, 1], chatReplySeconds: [1, 1], chatTurns: [5, 5] }) }).where('tenant_id', '=', acme.tenantId).execute();

const SEED_BODY = { chat_type: 'Messaging (SMS)', end_user_number: '+1 415-555-0100', outbound_number: '+1 628-555-0199', message: 'lorem ipsum', ticket_id: '76517' };

test("the seed's example opens an SMS session with the ticket's end user; the simulation queues it for an agent", async () => {
  const response = await client.post('/sms', SEED_BODY);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  const sms = response.body;
  assert.equal(sms.chat_type, 'Messaging (SMS)');
  assert.equal(sms.status, 'selecting');
  assert.equal(sms.outbound_number, '+16285550199');
  assert.equal(sms.end_user_number, '+14155550100');
  assert.equal(sms.end_user.identifier, 'demo-customer-1', 'the CRM ticket names the end user');
  assert.equal(sms.ticket_id, '76517');
  assert.deepEqual(sms.participants.map((p: any) => [p.type, p.status, p.chat_id]), [['end_user', 'active', sms.id]]);
  const messages = (await client.get(`/chats/${sms.id}/messages`)).body;
  assert.deepEqual(messages.map((m: any) => [m.sender, m.text]), [['agent', 'lorem ipsum']]);

  await eventually(async () => (await client.get(`/chats/${sms.id}`)).body.status === 'in_progress', 'the session reaches an agent');
  assert.deepEqual((await client.post('/sms', { ...SEED_BODY, end_user_number: '(415) 555-0100' })).body, { message: 'Outbound SMS failed. Consumer is already in an active SMS session.' });
  await client.post(`/chats/${sms.id}/message`, { message: { type: 'text', content: 'Yes, that works' } });
  await eventually(async () => (await client.get(`/chats/${sms.id}/messages`)).body.length === 3, 'the agent answers the text');
  await client.patch(`/chats/${sms.id}`, { chat: { status: 'finished' } });
  const again = await client.post('/sms', { ...SEED_BODY, ticket_id: undefined });
  assert.equal(again.status, 200, 'a finished session frees the consumer');
  // Leaves every agent as free as it found them, for the next test's claims.
  await client.patch(`/chats/${again.body.id}`, { chat: { status: 'finished' } });
});

test('an agent named by email takes the session at once', async () => {
  const agent = acme.demo.agents.find((a) => a.status === 'Available')!;
  const response = await client.post('/sms', { chat_type: 'Messaging (API)', end_user_number: '+1 212-555-0142', outbound_number: '+17608675309', message: 'Your order shipped', agentEmail: agent.email.toUpperCase() });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.status, 'assigned');
  assert.equal(response.body.agent.id, agent.id);
  assert.equal(response.body.end_user.identifier, '+12125550142', 'a new end user is made for an unknown number');
  const busy = acme.demo.agents.find((a) => a.status !== 'Available')!;
  assert.deepEqual((await client.post('/sms', { chat_type: 'SMS', end_user_number: '+1 212-555-0143', outbound_number: '+16285550199', message: 'hi', agentId: busy.id })).body, { message: 'Agent is not available to take this SMS session' });
  assert.deepEqual((await client.post('/sms', { chat_type: 'SMS', end_user_number: '+1 212-555-0143', outbound_number: '+16285550199', message: 'hi', agentEmail: 'nobody@example.com' })).body, { message: 'Not a valid agent email' });
});

test("the reference's 400 messages, word for word, and nothing written", async () => {
  const base = { chat_type: 'Messaging (API)', end_user_number: '+1 415-555-0177', outbound_number: '+16285550199', message: 'hello' };
  const cases: [Record<string, unknown>, string][] = [
    [{ ...base, chat_type: undefined }, 'chat_type needs to be provided'],
    [{ ...base, chat_type: 'Carrier pigeon' }, 'valid chat type needs to be provided'],
    [{ ...base, end_user_number: '' }, 'end_user_number is required'],
    [{ ...base, end_user_number: 'call me' }, 'end_user_number is invalid'],
    [{ ...base, end_user_number: '+44 20 7946 0958' }, 'Non-US phone number not allowed'],
    [{ ...base, outbound_number: undefined }, 'outbound_number is required'],
    [{ ...base, outbound_number: '12' }, 'outbound_number is invalid'],
    [{ ...base, outbound_number: '+1 415-555-0199' }, 'outbound_number not found'],
    [{ ...base, message: '' }, 'message is required'],
    [{ ...base, message: 'x'.repeat(1601) }, 'message is longer than 1600 characters'],
    [{ ...base, message: 7 }, 'message must be a string'],
  ];
  for (const [body, message] of cases) {
    const response = await client.post('/sms', body);
    assert.equal(response.status, 400, JSON.stringify(body).slice(0, 100));
    assert.deepEqual(response.body, { message });
  }
  await acme.db.updateTable('cc_centers').set({ sms_enabled: false }).where('tenant_id', '=', acme.tenantId).execute();
  assert.deepEqual((await client.post('/sms', base)).body, { message: '(Outbound) SMS is not enabled' });
  await acme.db.updateTable('cc_centers').set({ sms_enabled: true }).where('tenant_id', '=', acme.tenantId).execute();
  const rows = await acme.db.selectFrom('cc_chats').select('id').where('tenant_id', '=', acme.tenantId).where('end_user_number', '=', '+14155550177').execute();
  assert.equal(rows.length, 0);
  assert.deepEqual((await AppsApiClient.of(server, globex).post('/sms', { ...base, outbound_number: '+1 628-555-0199' })).status, 200, "each center sends from its own numbers");
});
