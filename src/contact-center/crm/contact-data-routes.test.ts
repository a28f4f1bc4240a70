import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppsApiClient, demoMenuId, twoCenters } from '../../test-support/contact-center.ts';

const { server, acme, globex, client } = await twoCenters();
const other = AppsApiClient.of(server, globex);
// Seed 003's body, word for word.
const SEED = { call_id: '1917', agent_id: '1', lcm_key: '2922|1|2|39|2|0|1', dnis: '8001992999', org_id: 'tenant1', contact: { first_name: 'Alex', last_name: 'Phil', account_no: '10002-2989', crm_id: '220-39307-92', address: '', city: '', loan_type: '', due_date: '' }, pacing_mode: 'Predictive', call_type: 'OB_Regular' };
const agent = acme.demo.agents[0]!;
const call = (await client.post('/calls', { call_type: 'Voice Outbound (API)', menu_id: demoMenuId(acme, 'Support'), agent_email: agent.email, outbound_number: '+1 760-867-5309', end_user_number: '+1 415-555-0100' })).body;
const stored = async (id: number) => (await acme.db.selectFrom('cc_calls').select('crm_contact_data').where('tenant_id', '=', acme.tenantId).where('id', '=', String(id)).executeTakeFirstOrThrow()).crm_contact_data;

test("the seed's body, naming one of the center's calls, is kept with the call and answered as kept", async () => {
  const response = await client.post('/crm/contact_data', { ...SEED, call_id: String(call.id), agent_id: String(agent.id) });
  assert.equal(response.status, 200);
  const { updated_at, ...kept } = response.body;
  assert.deepEqual(kept, { call_id: call.id, agent_id: agent.id, lcm_key: SEED.lcm_key, dnis: SEED.dnis, org_id: SEED.org_id, pacing_mode: 'Predictive', call_type: 'OB_Regular', contact: SEED.contact });
  assert.ok(!Number.isNaN(Date.parse(updated_at)));
  assert.deepEqual(await stored(call.id), response.body);
  const again = await client.post('/crm/contact_data', { call_id: call.id, contact: { first_name: 'Alexandra' } });
  assert.deepEqual([again.status, (await stored(call.id))?.contact], [200, { first_name: 'Alexandra' }], 'a later request replaces the data');
  assert.equal((await client.post('/crm/contact_data', SEED)).status, 404, "the seed's own call id names no call here");
});

test("malformed, hostile and another center's requests are precise 4xx and keep nothing", async () => {
  const before = await stored(call.id);
  const cases: [unknown, number, string][] = [
    [{ contact: SEED.contact }, 400, 'call_id is required'],
    [{ call_id: { $gt: 0 }, contact: SEED.contact }, 400, 'call_id is not well formed'],
    [{ call_id: call.id, agent_id: 'x', contact: SEED.contact }, 400, 'agent_id is not well formed'],
    [{ call_id: call.id }, 400, "contact is required: an object of the contact's fields, such as first_name, last_name, account_no, crm_id"],
    [{ call_id: call.id, contact: ['Alex'] }, 400, "contact is required: an object of the contact's fields, such as first_name, last_name, account_no, crm_id"],
    [{ call_id: call.id, contact: { first_name: { nested: true } } }, 400, 'contact.first_name must be a string of at most 255 characters, a number, a boolean or null'],
    [{ call_id: call.id, contact: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, 'x'])) }, 400, 'contact has more than 50 fields'],
    [{ call_id: call.id, lcm_key: 'k'.repeat(256), contact: {} }, 400, 'lcm_key is longer than 255 characters'],
    [{ call_id: call.id, dnis: ['8001992999'], contact: {} }, 400, 'dnis must be a string'],
    [{ call_id: call.id, agent_id: String(acme.demo.agents[2]!.id), contact: {} }, 400, `agent_id ${acme.demo.agents[2]!.id} is not the agent of call ${call.id}`],
    [{ call_id: call.id, contact: { note: 'x'.repeat(20_000) } }, 413, 'The request body is larger than the limit of 16384 bytes'],
  ];
  for (const [body, status, message] of cases) {
    const response = await client.post('/crm/contact_data', body);
    assert.deepEqual([response.status, response.body], [status, { message }], JSON.stringify(body).slice(0, 80));
  }
  assert.equal((await client.request('POST', '/crm/contact_data', '{"call_id": ', { 'content-type': 'application/json' })).status, 400);
  const foreign = await other.post('/crm/contact_data', { ...SEED, call_id: call.id, agent_id: undefined });
  assert.deepEqual([foreign.status, foreign.body], [404, { message: 'Not Found' }]);
  assert.deepEqual(await stored(call.id), before, 'nothing was kept');
});
