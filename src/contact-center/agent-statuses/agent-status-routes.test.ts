import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppsApiClient, demoTenant, startContactCenter } from '../../test-support/contact-center.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';

const database = await createTestDatabase();
const server = await startContactCenter(database.db);
const acme = await demoTenant(database.db, 'Acme');
const globex = await demoTenant(database.db, 'Globex');
const client = AppsApiClient.of(server, acme);

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
