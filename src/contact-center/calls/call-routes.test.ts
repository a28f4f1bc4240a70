import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppsApiClient, demoMenuId, demoTenant, twoCenters } from '../../test-support/contact-center.ts';

// No worker runs here: calls stay where POST /calls put them.
const { database, server, acme, globex, client } = await twoCenters();
const menu = (name: string) => demoMenuId(acme, name);
const agentEmail = (first: string) => acme.demo.agents.find((a) => a.email.startsWith(`${first}@`))!.email;
const calls = async () => (await acme.db.selectFrom('cc_calls').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', acme.tenantId).executeTakeFirstOrThrow()).n;

const SEED_CALL_KEYS = [
  'id', 'parent_id', 'lang', 'call_type', 'status', 'created_at', 'queued_at', 'assigned_at', 'connected_at', 'ends_at', 'scheduled_at',
  'wait_duration', 'call_duration', 'hold_duration', 'rating', 'has_feedback', 'voip_provider', 'out_ticket_id', 'out_ticket_url', 'verified',
  'recording_url', 'recording_permission', 'voicemail_reason', 'deflection', 'disconnected_by', 'fail_details', 'fail_reason', 'support_number',
  'selected_menu', 'menu_path', 'agent_info', 'end_user', 'photos', 'videos', 'transfers', 'participants',
];

test('an outbound call takes the named agent: 201 "assigned" with agent_info and the seed object', async () => {
  const response = await client.post('/calls', { call_type: 'Voice Outbound (API)', menu_id: menu('Sales'), agent_email: agentEmail('sofia').toUpperCase(), outbound_number: '+1 760-867-5309', end_user_number: '+1 415-555-0100', lang: 'en' });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  const call = response.body;
  for (const key of SEED_CALL_KEYS) assert.ok(key in call, `the call object has ${key}`);
  assert.equal(call.status, 'assigned');
  assert.equal(call.call_type, 'Voice Outbound (API)');
  assert.equal(call.agent_info.first_name, 'Sofia');
  assert.equal(call.support_number, '+17608675309');
  assert.deepEqual(call.end_user, { id: call.end_user.id, identifier: 'demo-customer-1', out_contact_id: '' });
  assert.equal(call.selected_menu.name, 'Sales');
  assert.match(call.menu_path.materialized_path, /^\d+\/\d+$/);
  assert.equal(call.recording_permission, 'not_asked');
  assert.deepEqual([call.photos, call.videos, call.transfers], [[], [], []]);
  assert.deepEqual(call.participants.map((p: any) => [p.type, p.status]), [['end_user', 'waiting'], ['agent', 'waiting']]);
  assert.equal(typeof call.assigned_at, 'string');
  const agent = await acme.db.selectFrom('cc_agents').select(['status', 'active_calls']).where('tenant_id', '=', acme.tenantId).where('email', '=', agentEmail('sofia')).executeTakeFirstOrThrow();
  assert.deepEqual(agent, { status: 'In-Call', active_calls: 1 });

  const again = await client.post('/calls', { call_type: 'OutboundCall', agent_email: agentEmail('sofia'), end_user_number: '4155550100' });
  assert.deepEqual([again.status, again.body], [400, { message: 'Agent is not available to take this call' }]);
  const onBreak = await client.post('/calls', { call_type: 'OutboundCall', agent_email: agentEmail('kenji'), end_user_number: '4155550100' });
  assert.deepEqual(onBreak.body, { message: 'Agent is not available to take this call' });
});

test('a ticket has precedence over end_user_number; the default number is used when none is given', async () => {
  const response = await client.post('/calls', { call_type: 'Voice Outbound (API)', agent_email: agentEmail('liam'), ticket_id: '76517', end_user_number: '+1 415-555-0100' });
  assert.equal(response.status, 201);
  assert.equal(response.body.out_ticket_id, '76517');
  assert.equal(response.body.support_number, '+16285550199');
  const row = await acme.db.selectFrom('cc_calls').select('end_user_number').where('tenant_id', '=', acme.tenantId).where('id', '=', String(response.body.id)).executeTakeFirstOrThrow();
  assert.equal(row.end_user_number, '+18596579625');
});

test('an inbound call queues in its menu: 201 "queued" with selected_menu; above a leaf it is "selecting"', async () => {
  const response = await client.post('/calls', { call_type: 'Voice Inbound (API)', lang: 'es', menu_id: String(menu('Support')), end_user_number: '+1 859-657-9625', recording_permission: 'recording_permission_granted' });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  assert.equal(response.body.status, 'queued');
  assert.equal(response.body.selected_menu.id, menu('Support'));
  assert.equal(response.body.recording_permission, 'granted');
  assert.equal(response.body.agent_info, null);
  assert.equal(typeof response.body.queued_at, 'string');
  const deprecated = await client.post('/calls', { call_type: 'IncomingCall', menu_id: menu('Phone'), end_user_number: '+1 859-657-9625' });
  assert.equal(deprecated.body.status, 'selecting');
  assert.equal(deprecated.body.call_type, 'Voice Inbound (API)');
});

test('a scheduled call waits for its time; call_id makes menu_id optional and links the parent', async () => {
  const at = new Date(Date.now() + 3_600_000).toISOString();
  const response = await client.post('/calls', { call_type: 'Voice Scheduled (API)', menu_id: menu('Web Callback'), end_user_number: '+1 859-657-9625', scheduled_at: at });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  assert.equal(response.body.status, 'scheduled');
  assert.equal(response.body.scheduled_at, at);
  const child = await client.post('/calls', { call_type: 'ScheduledCall', call_id: response.body.id, scheduled_at: at });
  assert.equal(child.status, 201, JSON.stringify(child.body));
  assert.equal(child.body.parent_id, response.body.id);
  assert.equal(child.body.selected_menu.id, menu('Web Callback'));
});

test('every documented 400 of POST /calls, word for word, and nothing written', async () => {
  const before = await calls();
  const future = new Date(Date.now() + 3_600_000).toISOString();
  const cases: [Record<string, unknown>, string][] = [
    [{}, 'invalid call type - ensure call_type is supported'],
    [{ call_type: 7 }, 'invalid call type - ensure call_type is supported'],
    [{ call_type: 'Voice Carrier Pigeon' }, 'Invalid call type'],
    [{ call_type: 'constructor' }, 'Invalid call type'],
    [{ call_type: 'Voice Outbound (API)', end_user_number: '+14155550100' }, 'Agent email required'],
    [{ call_type: 'Voice Outbound (API)', agent_email: 'not-an-email', end_user_number: '+14155550100' }, 'Not a valid agent email'],
    [{ call_type: 'Voice Outbound (API)', agent_email: 'nobody@acme.example.com', end_user_number: '+14155550100' }, 'Not a valid agent email'],
    [{ call_type: 'Voice Outbound (API)', agent_email: agentEmail('maya') }, 'ticket_id or end_user_number required'],
    [{ call_type: 'Voice Outbound (API)', agent_email: agentEmail('maya'), end_user_number: 'call me maybe' }, 'end_user_number is not well-formed'],
    [{ call_type: 'Voice Outbound (API)', agent_email: agentEmail('maya'), end_user_number: '911' }, 'end_user_number is not well-formed'],
    [{ call_type: 'Voice Outbound (API)', agent_email: agentEmail('maya'), ticket_id: 'no-such-ticket' }, 'Contact not found'],
    [{ call_type: 'Voice Outbound (API)', agent_email: agentEmail('maya'), end_user_number: '+14155550100', outbound_number: '+1 212-555-0000' }, "outbound_number is not one of the center's outbound numbers"],
    [{ call_type: 'Voice Outbound (API)', agent_email: agentEmail('maya'), end_user_number: '+14155550100', menu_id: 9999 }, 'menu_id 9999 is not found'],
    [{ call_type: 'Voice Outbound (API)', agent_email: agentEmail('maya'), end_user_number: '+14155550100', menu_id: 'eleven' }, 'menu_id is not well formed'],
    [{ call_type: 'Voice Inbound (API)', end_user_number: '+14155550100' }, 'menu_id is required'],
    [{ call_type: 'Voice Inbound (API)', menu_id: menu('Support'), end_user_number: '+14155550100', lang: 'fr' }, "Language 'fr' is not available"],
    [{ call_type: 'Voice Inbound (API)', menu_id: menu('Support'), end_user_number: '+14155550100', lang: 'xy' }, "Language 'xy' is not found"],
    [{ call_type: 'Voice Inbound (API)', menu_id: menu('Web Chat'), end_user_number: '+14155550100' }, 'Only IVR and mobile menu IDs are permitted'],
    [{ call_type: 'Voice Inbound (API)', menu_id: menu('Support'), end_user_number: '+14155550100', recording_permission: 'yes' }, 'recording_permission must be recording_permission_not_asked, recording_permission_granted or recording_permission_denied'],
    [{ call_type: 'Voice Scheduled (API)', menu_id: menu('Support'), end_user_number: '+14155550100', scheduled_at: future }, 'Only mobile and web menu IDs are permitted'],
    [{ call_type: 'Voice Scheduled (API)', menu_id: menu('App Support'), end_user_number: '+14155550100' }, 'scheduled_at is required'],
    [{ call_type: 'Voice Scheduled (API)', menu_id: menu('App Support'), end_user_number: '+14155550100', scheduled_at: '2001-01-01T00:00:00Z' }, 'scheduled_at must be a future time in ISO 8601, such as 2030-09-15T00:19:14.421Z'],
    [{ call_type: 'Voice Scheduled (API)', menu_id: menu('App Support'), end_user_number: '+14155550100', scheduled_at: 'tomorrow' }, 'scheduled_at must be a future time in ISO 8601, such as 2030-09-15T00:19:14.421Z'],
    [{ call_type: 'Voice Scheduled (API)', end_user_number: '+14155550100', scheduled_at: future }, 'menu_id is required'],
    [{ call_type: 'Voice Inbound (API)', menu_id: menu('Support'), lang: { en: true }, end_user_number: '+14155550100' }, 'lang must be a string'],
  ];
  for (const [body, message] of cases) {
    const response = await client.post('/calls', body);
    assert.deepEqual([response.status, response.body], [400, { message }], JSON.stringify(body));
  }
  assert.equal(await calls(), before);
});

test('after hours and manual redirection refuse calls; a deflecting menu deflects them', async () => {
  const closed = { timezone: 'UTC', days: {} };
  await acme.db.updateTable('cc_menus').set({ hours: JSON.stringify(closed), after_hours_deflection: 'none' }).where('tenant_id', '=', acme.tenantId).where('name', '=', 'Billing').execute();
  const refused = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('Billing'), end_user_number: '+14155550100' });
  assert.deepEqual([refused.status, refused.body], [400, { message: "Menu is in 'after hours' state, can't accept incoming calls" }]);
  await acme.db.updateTable('cc_menus').set({ after_hours_deflection: 'voicemail' }).where('tenant_id', '=', acme.tenantId).where('name', '=', 'Billing').execute();
  const deflected = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('Billing'), end_user_number: '+14155550100' });
  assert.deepEqual([deflected.status, deflected.body.status, deflected.body.deflection], [201, 'deflected', 'after_hours']);

  await acme.db.updateTable('cc_menus').set({ hours: null, overcapacity_limit: 0, overcapacity_deflection: 'voicemail' }).where('tenant_id', '=', acme.tenantId).where('name', '=', 'Billing').execute();
  const over = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('Billing'), end_user_number: '+14155550100' });
  assert.deepEqual([over.body.status, over.body.deflection], ['deflected', 'over_capacity']);

  await acme.db.updateTable('cc_menus').set({ manual_redirection: true }).where('tenant_id', '=', acme.tenantId).where('name', '=', 'App Support').execute();
  const redirected = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('App Support'), end_user_number: '+14155550100' });
  assert.deepEqual([redirected.status, redirected.body], [400, { message: "Menu is in 'manual redirection' state, can't accept calls" }]);
});

test('the company DNC list blocks outbound and scheduled calls, not inbound ones', async () => {
  await client.post('/outbound_dialer/dnc', { contacts: [{ phone_number: '+1 212-555-0198' }] });
  const outbound = await client.post('/calls', { call_type: 'Voice Outbound (API)', agent_email: agentEmail('maya'), end_user_number: '(212) 555-0198' });
  assert.deepEqual([outbound.status, outbound.body], [400, { message: 'end_user_number +12125550198 is on the company Do Not Call list' }]);
  const scheduled = await client.post('/calls', { call_type: 'Voice Scheduled (API)', menu_id: menu('Web Callback'), end_user_number: '+12125550198', scheduled_at: new Date(Date.now() + 60_000).toISOString() });
  assert.equal(scheduled.status, 400);
  const maya = await acme.db.selectFrom('cc_agents').select('status').where('tenant_id', '=', acme.tenantId).where('email', '=', agentEmail('maya')).executeTakeFirstOrThrow();
  assert.equal(maya.status, 'Available', 'a refused call holds no agent');
  const inbound = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('Support'), end_user_number: '+12125550198' });
  assert.equal(inbound.status, 201);
});

test('an outbound call with no number to call from is 202: the agent must pick one in the widget', async () => {
  const bare = await demoTenant(database.db, 'Initech');
  await bare.db.deleteFrom('cc_phone_numbers').where('tenant_id', '=', bare.tenantId).execute();
  const response = await AppsApiClient.of(server, bare).post('/calls', { call_type: 'Voice Outbound (API)', agent_email: bare.demo.agents[0]!.email, end_user_number: '+14155550100' });
  assert.equal(response.status, 202, JSON.stringify(response.body));
  assert.equal(response.body.status, 'assigned');
  assert.equal(response.body.support_number, null);
});

test('GET /calls/:id and GET /calls: the call object, a stable order, bounded pages; another center sees none of it', async () => {
  const list = await client.get('/calls?per=2');
  assert.equal(list.status, 200);
  assert.equal(list.body.length, 2);
  const all = await client.get('/calls?per=1000');
  const order = all.body.map((c: any) => [c.updated_at, c.id]);
  assert.deepEqual(order, [...order].sort((a: any, b: any) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1)));
  const second = await client.get('/calls?per=2&page=2');
  assert.deepEqual(second.body.map((c: any) => c.id), all.body.slice(2, 4).map((c: any) => c.id));
  const queued = await client.get('/calls?status=queued');
  assert.ok(queued.body.length >= 1 && queued.body.every((c: any) => c.status === 'queued'));
  const since = await client.get(`/calls?updated_since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
  assert.deepEqual(since.body, []);

  const one = await client.get(`/calls/${all.body[0].id}`);
  assert.deepEqual(one.body, all.body[0]);
  const other = AppsApiClient.of(server, globex);
  assert.deepEqual((await other.get(`/calls/${all.body[0].id}`)).body, { message: 'Not Found' });
  assert.equal((await other.get(`/calls/${all.body[0].id}/transcript`)).status, 404);
  assert.equal((await other.get(`/calls/${all.body[0].id}/recording`)).status, 404);
  assert.deepEqual((await other.get('/calls')).body, []);
  const crossParent = await other.post('/calls', { call_type: 'Voice Scheduled (API)', call_id: all.body[0].id, end_user_number: '+14155550100', scheduled_at: new Date(Date.now() + 60_000).toISOString() });
  assert.deepEqual([crossParent.status, crossParent.body], [404, { message: 'Not Found' }]);
  for (const bad of ['per=0', 'per=1001', 'page=-1', 'status=ringing', 'updated_since=yesterday', 'per=1e3', 'per=1000&page=102']) {
    const response = await client.get(`/calls?${bad}`);
    assert.equal(response.status, 400, bad);
    assert.deepEqual(Object.keys(response.body), ['message']);
  }
  for (const id of ['abc', '0', '99999999999999999999', '1%27%20or%201=1']) assert.deepEqual((await client.get(`/calls/${id}`)).body, { message: 'Not Found' });
  const pending = await client.get(`/calls/${all.body[0].id}/transcript`);
  assert.deepEqual([pending.status, pending.body], [404, { message: 'This call has no transcript: it has not been connected' }]);
});

test('hostile bodies are 4xx in the Apps API body', async () => {
  const before = await calls();
  for (const body of ['[]', '"x"', 'null', '{"call_type": "Voice Inbound (API)",', '{"call_type": "Voice Inbound (API)", "menu_id": {"$gt": 0}}']) {
    const response = await client.request('POST', '/calls', body, { 'content-type': 'application/json' });
    assert.ok(response.status >= 400 && response.status < 500, `${body}: ${response.status}`);
    assert.deepEqual(Object.keys(response.body), ['message']);
  }
  const huge = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('Support'), end_user_number: '+14155550100', padding: 'x'.repeat(20_000) });
  assert.equal(huge.status, 413);
  const long = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('Support'), end_user_number: '+1'.padEnd(41, '5') });
  assert.equal(long.status, 400);
  assert.equal(await calls(), before);
});
