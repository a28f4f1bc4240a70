import { test } from 'node:test';
import assert from 'node:assert/strict';
import { twoCenters } from '../../test-support/contact-center.ts';
import { releaseAgent } from '../simulation/agent-routing.ts';

const { acme, globex, client } = await twoCenters();

async function teamId(tenant: typeof acme, name: string): Promise<number> {
  const row = await tenant.db.selectFrom('cc_teams').select('id').where('tenant_id', '=', tenant.tenantId).where('name', '=', name).executeTakeFirstOrThrow();
  return Number(row.id);
}

async function statuses(tenant: typeof acme): Promise<Record<string, string>> {
  const rows = await tenant.db.selectFrom('cc_agents').select(['first_name', 'status']).where('tenant_id', '=', tenant.tenantId).execute();
  return Object.fromEntries(rows.map((row) => [row.first_name, row.status]));
}

test('a team goes to Lunch; an agent on a call keeps In-Call with the reference message', async () => {
  await acme.db.updateTable('cc_agents').set({ status: 'In-Call' }).where('tenant_id', '=', acme.tenantId).where('first_name', '=', 'Liam').execute();
  const response = await client.post('/agent_statuses', { status: 'lunch', team_ids: [await teamId(acme, 'Support')] });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.deepEqual(response.body.map((r: any) => [r.name, r.previous_status, r.current_status, r.message]), [
    ['Maya Okafor', 'Available', 'Lunch', undefined],
    ['Liam Brennan', 'In-Call', 'In-Call', "Agent can't be changed from system status 'In-call'"],
  ]);
  assert.equal(typeof response.body[0].agent_id, 'number');
  assert.match(response.body[0].email, /@/);
  const now = await statuses(acme);
  assert.equal(now.Maya, 'Lunch');
  assert.equal(now.Liam, 'In-Call');

  const back = await client.post('/agent_statuses', { status: 'Available', agent_ids: [response.body[0].agent_id] });
  assert.deepEqual(back.body.map((r: any) => [r.previous_status, r.current_status]), [['Lunch', 'Available']]);
});

test("another tenant's agents and teams match nothing and never change", async () => {
  const before = await statuses(globex);
  const response = await client.post('/agent_statuses', { status: 'Break', agent_ids: globex.demo.agents.map((a) => a.id), team_ids: [await teamId(globex, 'Sales')] });
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, []);
  assert.deepEqual(await statuses(globex), before);
});

test('bad input is a precise 400 in the Apps API body, and nothing changes', async () => {
  const before = await statuses(acme);
  const agent = acme.demo.agents[0]!.id;
  const cases: [unknown, string][] = [
    [{ agent_ids: [agent] }, 'status is required'],
    [{ status: 7, agent_ids: [agent] }, 'status is required'],
    [{ status: 'In-Call', agent_ids: [agent] }, "status 'In-Call' is neither 'Available' nor one of the center's custom statuses"],
    [{ status: 'Sleeping', agent_ids: [agent] }, "status 'Sleeping' is neither 'Available' nor one of the center's custom statuses"],
    [{ status: 'Break' }, 'agent_ids and team_ids must be lists of ids naming 1 to 1000 agents and teams in all'],
    [{ status: 'Break', agent_ids: 'all' }, 'agent_ids and team_ids must be lists of ids naming 1 to 1000 agents and teams in all'],
    [{ status: 'Break', agent_ids: [agent, "1; drop table cc_agents"] }, 'agent_ids and team_ids must be lists of ids naming 1 to 1000 agents and teams in all'],
    [{ status: 'Break', agent_ids: Array.from({ length: 1001 }, (_, i) => i + 1) }, 'agent_ids and team_ids must be lists of ids naming 1 to 1000 agents and teams in all'],
    [[1, 2], 'The body must be a JSON object'],
  ];
  for (const [body, message] of cases) {
    const response = await client.post('/agent_statuses', body);
    assert.equal(response.status, 400, JSON.stringify(body).slice(0, 80));
    assert.deepEqual(response.body, { message });
  }
  assert.deepEqual(await statuses(acme), before);
});

async function agent(tenant: typeof acme, firstName: string) {
  return tenant.db.selectFrom('cc_agents').selectAll().where('tenant_id', '=', tenant.tenantId).where('first_name', '=', firstName).executeTakeFirstOrThrow();
}

async function logIn(tenant: typeof acme, firstName: string, ip: string, work: { active_calls?: number } = {}) {
  await tenant.db.updateTable('cc_agents').set({ online: true, status: work.active_calls ? 'In-Call' : 'Available', last_login_ip: ip, logout_pending: false, active_calls: work.active_calls ?? 0 })
    .where('tenant_id', '=', tenant.tenantId).where('first_name', '=', firstName).execute();
}

test('force logout by CIDR, address and range: idle agents go Offline now, a busy one when its call ends', async () => {
  await logIn(acme, 'Maya', '34.211.11.20');
  await logIn(acme, 'Liam', '10.0.0.7', { active_calls: 1 });
  await logIn(acme, 'Sofia', '2001:db8::5');
  await logIn(acme, 'Kenji', '192.168.1.1');
  await logIn(globex, 'Maya', '34.211.11.21');
  const response = await client.post('/agent_statuses/force_logout', { agent_ids: [], team_ids: [], ip_addrs: ['34.211.11.0/24', '10.0.0.1-10.0.0.20', '2001:db8::5'] });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.deepEqual(response.body.map((r: any) => [r.name, r.previous_status, r.current_status, r.message]), [
    ['Maya Okafor', 'Available', 'Offline', undefined],
    ['Liam Brennan', 'In-Call', 'Offline', 'Agent will be logged out when the current call or chat ends'],
    ['Sofia Marchetti', 'Available', 'Offline', undefined],
  ]);
  assert.deepEqual([(await agent(acme, 'Maya')).online, (await agent(acme, 'Maya')).status], [false, 'Offline']);
  const liam = await agent(acme, 'Liam');
  assert.deepEqual([liam.online, liam.status, liam.logout_pending], [true, 'In-Call', true]);
  assert.equal((await agent(acme, 'Kenji')).online, true, 'an address outside every pattern stays');
  assert.equal((await agent(globex, 'Maya')).online, true, "another tenant's agent in the same block stays");

  await acme.db.transaction().execute((trx) => releaseAgent(trx, acme.tenantId, liam.id, 'call'));
  const released = await agent(acme, 'Liam');
  assert.deepEqual([released.online, released.status, released.logout_pending], [false, 'Offline', false]);
});

test('force logout by team and id; an agent not logged in is said so; bad addresses are a 400 that logs nobody out', async () => {
  await logIn(acme, 'Sofia', '10.1.1.1');
  await logIn(acme, 'Maya', '10.1.1.2');
  await acme.db.updateTable('cc_agents').set({ online: false, status: 'Offline' }).where('tenant_id', '=', acme.tenantId).where('first_name', '=', 'Kenji').execute();
  const hostile = ['10.0.0.0/33', '0x7f.1', '10.0.0.1-2001:db8::1', 'fe80::1%eth0', "1.2.3.4'; drop table cc_agents; --", 7];
  for (const ip of hostile) {
    const response = await client.post('/agent_statuses/force_logout', { ip_addrs: [ip] });
    assert.equal(response.status, 400, String(ip));
    assert.deepEqual(response.body, { message: 'ip_addrs must be up to 1000 IPv4 or IPv6 addresses, CIDR blocks such as 34.211.11.0/24, or ranges such as 10.0.0.1-10.0.0.20' });
  }
  assert.deepEqual((await client.post('/agent_statuses/force_logout', {})).body, { message: 'agent_ids, team_ids and ip_addrs must be lists naming 1 to 1000 agents, teams and addresses in all' });
  assert.equal((await agent(acme, 'Sofia')).online, true);
  const response = await client.post('/agent_statuses/force_logout', { team_ids: [await teamId(acme, 'Sales')], agent_ids: [], ip_addrs: '10.1.1.2, 10.9.9.9' });
  assert.deepEqual(response.body.map((r: any) => [r.name, r.current_status, r.message]), [
    ['Maya Okafor', 'Offline', undefined],
    ['Sofia Marchetti', 'Offline', undefined],
    ['Kenji Watanabe', 'Offline', 'Agent is not logged in'],
  ]);
});
