import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { AppsApiClient, demoMenuId, demoTenant, startContactCenter, startContactCenterWorker, type DemoTenant } from '../../test-support/contact-center.ts';
import { eventually } from '../../test-support/eventually.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { loadConfig } from '../../platform/config/config.ts';
import { createLogger } from '../../platform/logging/logger.ts';
import { callStep } from './call-steps.ts';
import { chance } from './sim-random.ts';

const database = await createTestDatabase();
const server = await startContactCenter(database.db);
await startContactCenterWorker(database, { CC_TIME_SCALE: '200' });

/** Short, fixed stages: at time scale 200 a 60-second talk takes 300 ms. */
const FAST = {
  timeScale: 200, seed: 'lifecycle-test',
  selectingSeconds: [4, 4], ringSeconds: [4, 4], connectingSeconds: [2, 2], talkSeconds: [60, 60], wrapUpSeconds: [40, 40],
  patienceSeconds: [100_000, 100_000], voicemailSeconds: [10, 10],
  answerRate: 1, abandonRate: 0, voicemailRate: 0, providerFailureRate: 0, switchSuccessRate: 1,
};

async function center(name: string, overrides: Record<string, unknown> = {}) {
  const tenant = await demoTenant(database.db, name);
  await tenant.db.updateTable('cc_centers').set({ simulation: JSON.stringify({ ...FAST, ...overrides }) }).where('tenant_id', '=', tenant.tenantId).execute();
  return { tenant, client: AppsApiClient.of(server, tenant), menu: (n: string) => demoMenuId(tenant, n) };
}

/** Polls the call until `done`, recording each status it was seen in. */
async function follow(client: AppsApiClient, id: number, done: (call: any) => boolean, ms = 20_000) {
  const seen: string[] = [];
  let call: any;
  await eventually(async () => {
    call = (await client.get(`/calls/${id}`)).body;
    if (seen.at(-1) !== call.status) seen.push(call.status);
    return done(call);
  }, `call ${id} reaches its end`, ms);
  return { call, seen };
}

const isSubsequence = (seen: readonly string[], path: readonly string[]) => {
  let i = 0;
  for (const status of seen) {
    i = path.indexOf(status, i);
    if (i < 0) return false;
  }
  return true;
};

const agentStatus = async (tenant: DemoTenant, id: number) =>
  (await tenant.db.selectFrom('cc_agents').select(['status', 'wrap_up', 'active_calls']).where('tenant_id', '=', tenant.tenantId).where('id', '=', String(id)).executeTakeFirstOrThrow());

test('an inbound call goes selecting → queued → assigned → connecting → connected → finished, with a transcript, a recording and a wrap-up', async () => {
  const { tenant, client, menu } = await center('Inbound');
  const created = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('Phone'), end_user_number: '+1 415-555-0100', recording_permission: 'recording_permission_granted' });
  assert.equal(created.body.status, 'selecting');
  const { call, seen } = await follow(client, created.body.id, (c) => c.status === 'finished');
  assert.ok(isSubsequence(seen, ['selecting', 'queued', 'assigned', 'connecting', 'connected', 'finished']), seen.join(' → '));
  assert.ok(['Support', 'Sales', 'Billing'].includes(call.selected_menu.name), 'the caller reached a leaf of the IVR');
  const times = ['queued_at', 'assigned_at', 'connected_at', 'ends_at'].map((k) => Date.parse(call[k]));
  assert.deepEqual(times, [...times].sort((a, b) => a - b));
  assert.ok(call.call_duration >= 50 && call.call_duration < 200, `call_duration ${call.call_duration}`);
  assert.ok(call.hold_duration <= call.call_duration / 4);
  assert.equal(call.agent_info.first_name.length > 0, true);
  assert.deepEqual(call.participants.map((p: any) => [p.type, p.status]), [['end_user', 'finished'], ['agent', 'finished']]);
  assert.equal(call.end_user.identifier, 'demo-customer-1');

  const transcript = (await client.get(`/calls/${call.id}/transcript`)).body;
  assert.ok(transcript.turns.length >= 8);
  assert.deepEqual([...new Set(transcript.turns.map((t: any) => t.speaker))].sort(), ['agent', 'end_user']);
  assert.equal(transcript.turns.at(-1).end_ms, call.call_duration * 1000);
  assert.ok(transcript.turns.every((t: any, i: number, all: any[]) => t.start_ms <= t.end_ms && (i === 0 || all[i - 1].end_ms <= t.start_ms)));
  assert.ok(transcript.turns.some((t: any) => t.speaker === 'end_user' && t.name === 'Jordan Reyes'));
  assert.ok(transcript.turns[0].text.includes('Inbound'), 'the workspace name is filled in');
  assert.match(call.recording_url, new RegExp(`/apps/api/v1/calls/${call.id}/recording$`));

  const recording = await client.get(`/calls/${call.id}/recording`);
  assert.equal(recording.status, 200);
  assert.equal(recording.headers.get('content-type'), 'audio/wav');
  const wav = Buffer.from(recording.body, 'latin1');
  assert.equal(wav.subarray(0, 4).toString('ascii'), 'RIFF');

  const agentId = call.agent_info.id;
  // The agent wraps up, then is Available again.
  await eventually(async () => (await agentStatus(tenant, agentId)).status === 'Available', 'the agent is Available after wrap-up');
  assert.deepEqual(await agentStatus(tenant, agentId), { status: 'Available', wrap_up: false, active_calls: 0 });
});

test('while connected, the transcript grows as the conversation goes on; when the call ends it is whole and the recording exists', async () => {
  // 600 simulated seconds of talk: 3 real seconds at time scale 200.
  const { client, menu } = await center('Live transcript', { talkSeconds: [600, 600] });
  const created = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('Support'), end_user_number: '+1 415-555-0100', recording_permission: 'recording_permission_granted' });
  await follow(client, created.body.id, (c) => c.status === 'connected' || c.status === 'finished');
  const early = (await client.get(`/calls/${created.body.id}/transcript`)).body;
  const { call } = await follow(client, created.body.id, (c) => c.status !== 'connected');
  assert.equal(call.status, 'finished', 'the call was seen connected before it finished');
  const whole = (await client.get(`/calls/${created.body.id}/transcript`)).body;
  assert.equal(early.call_duration, null, 'a connected call has no duration yet');
  assert.ok(early.turns.length >= 1 && early.turns.length < whole.turns.length, `${early.turns.length} turns said early of ${whole.turns.length}`);
  assert.equal(early.scenario, whole.scenario, 'the conversation planned at connect is the one the call had');
  assert.deepEqual(early.turns.slice(0, -1).map((t: any) => t.text), whole.turns.slice(0, early.turns.length - 1).map((t: any) => t.text));
  assert.ok(whole.turns[early.turns.length - 1].text.startsWith(early.turns.at(-1).text), 'the turn under way was cut to the words said so far');
  assert.equal(whole.turns.at(-1).end_ms, call.call_duration * 1000);
  assert.equal((await client.get(`/calls/${created.body.id}/recording`)).status, 200);
});

test('an outbound call nobody answers fails with no_answer and frees its agent at once, with no transcript', async () => {
  const { tenant, client } = await center('Outbound', { answerRate: 0 });
  const agent = tenant.demo.agents[0]!;
  const created = await client.post('/calls', { call_type: 'Voice Outbound (API)', agent_email: agent.email, end_user_number: '+1 415-555-0100' });
  const { call, seen } = await follow(client, created.body.id, (c) => c.status === 'failed');
  assert.ok(isSubsequence(seen, ['assigned', 'connecting', 'failed']), seen.join(' → '));
  assert.equal(call.fail_reason, 'no_answer');
  assert.equal(call.connected_at, null);
  assert.equal(call.recording_url, null);
  assert.equal((await client.get(`/calls/${call.id}/transcript`)).status, 404);
  assert.deepEqual(await agentStatus(tenant, agent.id), { status: 'Available', wrap_up: false, active_calls: 0 });
});

test('a queued call waits until an agent is Available, then takes them', async () => {
  const { tenant, client, menu } = await center('Waiting');
  await tenant.db.updateTable('cc_agents').set({ status: 'Break' }).where('tenant_id', '=', tenant.tenantId).execute();
  const created = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('Support'), end_user_number: '+1 415-555-0100' });
  const key = `cc:call:${tenant.tenantId}:${created.body.id}`;
  const jobIds = new Set<string>();
  // The call looks for an agent again and again: each look replaces its pending step.
  await eventually(async () => {
    const { rows } = await sql<{ id: string }>`select id::text from graphile_worker.jobs where key = ${key}`.execute(tenant.db);
    for (const row of rows) jobIds.add(row.id);
    return jobIds.size >= 4;
  }, 'the queued call looked for an agent several times');
  assert.equal((await client.get(`/calls/${created.body.id}`)).body.status, 'queued');
  const maya = tenant.demo.agents[0]!;
  await tenant.db.updateTable('cc_agents').set({ status: 'Available' }).where('tenant_id', '=', tenant.tenantId).where('id', '=', String(maya.id)).execute();
  const { call } = await follow(client, created.body.id, (c) => c.status === 'finished');
  assert.equal(call.agent_info.id, maya.id);
  assert.ok(call.wait_duration > 0);
});

test('a freed agent goes to the longest-waiting caller first', async () => {
  const { tenant, client, menu } = await center('Order');
  const maya = tenant.demo.agents[0]!;
  await tenant.db.updateTable('cc_agents').set({ status: 'Break' }).where('tenant_id', '=', tenant.tenantId).where('id', '!=', String(maya.id)).execute();
  const inbound = () => client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('Support'), end_user_number: '+1 415-555-0100' });
  const first = (await inbound()).body;
  await follow(client, first.id, (c) => c.status !== 'queued');
  const second = (await inbound()).body;
  const third = (await inbound()).body;
  const [a, b] = await Promise.all([second, third].map(async (c) => (await follow(client, c.id, (x) => x.status === 'finished')).call));
  assert.deepEqual([a.agent_info.id, b.agent_info.id], [maya.id, maya.id]);
  assert.ok(Date.parse(a.assigned_at) < Date.parse(b.assigned_at), 'the caller who came first is served first');
});

test('a scheduled call queues at scheduled_at and is then served like an inbound one', async () => {
  const { client, menu } = await center('Scheduled');
  const at = new Date(Date.now() + 1500);
  const created = await client.post('/calls', { call_type: 'Voice Scheduled (API)', menu_id: menu('Web Callback'), end_user_number: '+1 415-555-0100', scheduled_at: at.toISOString() });
  assert.equal(created.body.status, 'scheduled');
  const { call, seen } = await follow(client, created.body.id, (c) => c.status === 'finished');
  assert.ok(isSubsequence(seen, ['scheduled', 'queued', 'assigned', 'connecting', 'connected', 'finished']), seen.join(' → '));
  assert.ok(Date.parse(call.queued_at) >= at.getTime());
});

test('callers past their patience abandon; deflected callers leave voicemails', async () => {
  const { tenant, client, menu } = await center('Patience', { patienceSeconds: [20, 20], abandonRate: 1 });
  await tenant.db.updateTable('cc_agents').set({ status: 'Break' }).where('tenant_id', '=', tenant.tenantId).execute();
  const abandoned = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('Support'), end_user_number: '+1 415-555-0100' });
  const { call } = await follow(client, abandoned.body.id, (c) => c.status === 'failed');
  assert.deepEqual([call.fail_reason, call.disconnected_by], ['abandoned', 'disconnected_by_end_user']);
  assert.ok(call.wait_duration >= 20);

  await tenant.db.updateTable('cc_centers').set({ simulation: JSON.stringify({ ...FAST, voicemailRate: 1 }) }).where('tenant_id', '=', tenant.tenantId).execute();
  await tenant.db.updateTable('cc_menus').set({ hours: JSON.stringify({ timezone: 'UTC', days: {} }) }).where('tenant_id', '=', tenant.tenantId).where('name', '=', 'Billing').execute();
  const deflected = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('Billing'), end_user_number: '+1 415-555-0100' });
  const voicemail = await follow(client, deflected.body.id, (c) => c.status === 'voicemail_received');
  assert.ok(isSubsequence(voicemail.seen, ['deflected', 'voicemail', 'voicemail_received']), voicemail.seen.join(' → '));
  assert.deepEqual([voicemail.call.deflection, voicemail.call.voicemail_reason], ['after_hours', 'after_hours']);
});

test('a provider failure switches providers; a failed inbound call is called back by a child call that ends recovered', async () => {
  // The draws are hashes of the seed and the call: find a seed under which the next call fails on both
  // providers and is called back, and its callback connects (the ids come from the table's sequence).
  const { tenant, client, menu } = await center('Recovery', { providerFailureRate: 0.5, switchSuccessRate: 0.5, answerRate: 0.5 });
  const { rows } = await sql<{ next: string }>`select (case when is_called then last_value + 1 else last_value end)::text as next from cc_calls_id_seq`.execute(tenant.db);
  const parent = Number(rows[0]!.next);
  let seed = '';
  for (let i = 0; !seed; i++) {
    const s = `recovery-${i}`;
    if (chance(s, `call:${parent}:provider-failure`, 0.5) && !chance(s, `call:${parent}:switched`, 0.5) && chance(s, `call:${parent}:callback`, 0.5) && !chance(s, `call:${parent + 1}:provider-failure`, 0.5)) seed = s;
  }
  await tenant.db.updateTable('cc_centers').set({ simulation: JSON.stringify({ ...FAST, seed, providerFailureRate: 0.5, switchSuccessRate: 0.5, answerRate: 0.5 }) }).where('tenant_id', '=', tenant.tenantId).execute();
  const created = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('Support'), end_user_number: '+1 415-555-0100' });
  assert.equal(created.body.id, parent);
  const failed = await follow(client, parent, (c) => c.status === 'failed');
  assert.ok(isSubsequence(failed.seen, ['queued', 'assigned', 'connecting', 'switching', 'failed']), failed.seen.join(' → '));
  assert.equal(failed.call.fail_reason, 'voip_provider_failure');
  const child = await follow(client, parent + 1, (c) => c.status === 'recovered');
  assert.equal(child.call.parent_id, parent);
  assert.notEqual(child.call.connected_at, null);
});

test('a step that lost a race does nothing', async () => {
  const { tenant, client, menu } = await center('Races');
  const created = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('Support'), end_user_number: '+1 415-555-0100' });
  const { call } = await follow(client, created.body.id, (c) => c.status === 'finished');
  const before = await tenant.db.selectFrom('cc_calls').selectAll().where('tenant_id', '=', tenant.tenantId).where('id', '=', String(call.id)).executeTakeFirstOrThrow();
  const context = { db: tenant.db, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: createLogger('silent') };
  for (const from of ['queued', 'assigned', 'connecting', 'connected', 'no-such-state']) await callStep(context, { tenantId: tenant.tenantId, kind: 'call', id: String(call.id), from });
  await callStep(context, { tenantId: tenant.tenantId, kind: 'call', id: '999999', from: 'queued' });
  const after = await tenant.db.selectFrom('cc_calls').selectAll().where('tenant_id', '=', tenant.tenantId).where('id', '=', String(call.id)).executeTakeFirstOrThrow();
  assert.deepEqual(after, before);
  const busy = await tenant.db.selectFrom('cc_agents').select('active_calls').where('tenant_id', '=', tenant.tenantId).where('active_calls', '>', 0).execute();
  assert.deepEqual(busy, []);
});
