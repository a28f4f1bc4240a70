import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../platform/config/config.ts';
import { AppsApiClient, demoTenant, startContactCenter, startContactCenterWorker, type DemoTenant } from '../../test-support/contact-center.ts';
import { eventually } from '../../test-support/eventually.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { insertContacts } from './campaign-contacts.ts';
import { setCampaignStatus } from './campaigns.ts';

const database = await createTestDatabase();
const server = await startContactCenter(database.db);
await startContactCenterWorker(database);
const config = loadConfig({ LOG_LEVEL: 'silent' });

/** A demo center whose simulated time runs 2,000 times faster, with fixed outcomes where the test needs them. */
async function center(name: string, simulation: Record<string, unknown>) {
  const tenant = await demoTenant(database.db, name);
  await tenant.db.updateTable('cc_centers').set({ simulation: JSON.stringify({ timeScale: 2000, seed: name, providerFailureRate: 0, ...simulation }) }).where('tenant_id', '=', tenant.tenantId).execute();
  const client = AppsApiClient.of(server, tenant);
  const campaign = (await client.get('/outbound_dialer/campaigns')).body[0];
  return { tenant, client, campaign };
}

async function contacts(client: AppsApiClient, campaignId: number): Promise<any[]> {
  return (await client.get(`/outbound_dialer/campaigns/${campaignId}/contacts?per=1000`)).body;
}

async function untilCompleted(client: AppsApiClient, campaignId: number) {
  await eventually(async () => (await client.get(`/outbound_dialer/campaigns/${campaignId}`)).body.status === 'completed', `campaign ${campaignId} completed`, 60_000);
}

async function agentsIdle(tenant: DemoTenant) {
  const busy = await tenant.db.selectFrom('cc_agents').select('id').where('tenant_id', '=', tenant.tenantId).where((eb) => eb.or([eb('active_calls', '>', 0), eb('status', '=', 'In-Call')])).execute();
  return busy.length === 0;
}

test('a progressive campaign dials every contact through the queue\'s agents, refuses the numbers it must not dial, and completes', async () => {
  const { tenant, client, campaign } = await center('Progressive', { answerRate: 1 });
  await tenant.db.insertInto('cc_dnc_numbers').values({ tenant_id: tenant.tenantId, phone_number: '+14155550160' }).execute();
  await insertContacts(tenant.db, tenant.tenantId, String(campaign.id), [
    { name: 'On the DNC list', phone_number: '+14155550160' },
    { name: 'Abroad', phone_number: '+442071838750' },
    { name: 'Wrong line', phone_number: '+14155550161', outbound_number: '+15005550006' },
  ]);
  // Nothing is dialled while the campaign is paused.
  assert.ok((await contacts(client, campaign.id)).every((c) => c.status === 'Upcoming'));
  await setCampaignStatus(tenant.db, tenant.tenantId, String(campaign.id), 'running', config);
  await untilCompleted(client, campaign.id);

  const byName = Object.fromEntries((await contacts(client, campaign.id)).map((c) => [c.name, c]));
  assert.equal(byName['Casey Lindqvist'].status, 'Invalid Number');
  assert.equal(byName['On the DNC list'].status, 'Do Not Call');
  assert.equal(byName['Abroad'].status, 'Blocked Phone Number');
  assert.equal(byName['Wrong line'].status, 'Invalid Outbound Number');
  for (const name of ['Avery Chen', 'Sam Okafor', 'Riley Novak', 'Morgan Diaz']) {
    assert.ok(['Finished', 'Abandoned by Contact'].includes(byName[name].status), `${name}: ${byName[name].status}`);
    assert.equal(byName[name].attempts, 1);
    if (byName[name].status !== 'Finished') continue;
    // The answered dial became a call of the Calls API, which ended the contact when it finished.
    const call = (await client.get(`/calls/${byName[name].assigned_call_id}`)).body;
    assert.deepEqual([call.call_type, call.status, call.participants[0].type, call.participants[0].id], ['Voice Outbound (API)', 'finished', 'end_user', byName[name].assigned_participant_id]);
    assert.ok(call.agent_info.id > 0 && call.call_duration > 0);
    assert.equal((await client.get(`/calls/${call.id}/transcript`)).status, 200);
  }
  assert.equal((await client.get(`/outbound_dialer/campaigns/${campaign.id}`)).body.contact_stats.total, 8);
  assert.ok(await agentsIdle(tenant), 'every agent the dialer took is given back');
});

test('unanswered contacts are redialled max_redial_count times, then Not Picked Up', async () => {
  const { tenant, client, campaign } = await center('Redial', { answerRate: 0 });
  await tenant.db.updateTable('cc_campaigns').set({ max_redial_count: 2, redial_interval_minutes: 1 }).where('tenant_id', '=', tenant.tenantId).execute();
  await setCampaignStatus(tenant.db, tenant.tenantId, String(campaign.id), 'running', config);
  await untilCompleted(client, campaign.id);
  const dialled = (await contacts(client, campaign.id)).filter((c) => c.status !== 'Invalid Number');
  assert.equal(dialled.length, 4);
  for (const contact of dialled) assert.deepEqual([contact.status, contact.attempts], ['Not Picked Up', 3]);
  assert.ok(await agentsIdle(tenant));
});

test('a predictive campaign dials ahead of its agents; answered calls with no agent free are Abandoned by Dialer', async () => {
  const { tenant, client, campaign } = await center('Predictive', { answerRate: 1, voicemailRate: 0 });
  // One agent for many lines: three lines per available agent.
  const agents = await tenant.db.selectFrom('cc_agents').select('id').where('tenant_id', '=', tenant.tenantId).where('status', '=', 'Available').orderBy('id').execute();
  await tenant.db.updateTable('cc_agents').set({ status: 'Break' }).where('tenant_id', '=', tenant.tenantId).where('id', 'in', agents.slice(1).map((a) => a.id)).execute();
  await tenant.db.updateTable('cc_campaigns').set({ mode: 'predictive', dial_ratio: 3, max_abandonment_percent: 100 }).where('tenant_id', '=', tenant.tenantId).execute();
  await insertContacts(tenant.db, tenant.tenantId, String(campaign.id), Array.from({ length: 8 }, (_, i) => ({ name: `Lead ${i}`, phone_number: `+1415555017${i}` })));
  await setCampaignStatus(tenant.db, tenant.tenantId, String(campaign.id), 'running', config);
  await untilCompleted(client, campaign.id);
  const statuses = (await contacts(client, campaign.id)).filter((c) => c.status !== 'Invalid Number').map((c) => c.status);
  assert.equal(statuses.length, 12);
  assert.ok(statuses.includes('Abandoned by Dialer'), statuses.join(', '));
  assert.ok(statuses.some((s) => s === 'Finished' || s === 'Abandoned by Contact'), statuses.join(', '));
  assert.ok(statuses.every((s) => ['Finished', 'Abandoned by Contact', 'Abandoned by Dialer'].includes(s)), statuses.join(', '));
  assert.ok(await agentsIdle(tenant));
});

test('a paused campaign stops opening lines', async () => {
  const { tenant, client, campaign } = await center('Paused', { answerRate: 1, talkSeconds: [14400, 14400] });
  await setCampaignStatus(tenant.db, tenant.tenantId, String(campaign.id), 'running', config);
  // Three agents Available: the first three contacts go to a call of four hours (7.2 s here); the other two wait.
  await eventually(async () => (await contacts(client, campaign.id)).filter((c) => c.status === 'Connected').length === 3, 'three contacts connected');
  await setCampaignStatus(tenant.db, tenant.tenantId, String(campaign.id), 'paused', config);
  await eventually(async () => (await contacts(client, campaign.id)).filter((c) => c.status === 'Finished').length === 3, 'the calls under way end', 30_000);
  assert.deepEqual((await contacts(client, campaign.id)).filter((c) => c.status === 'Upcoming').map((c) => c.name), ['Morgan Diaz', 'Casey Lindqvist'], 'the paused campaign dialled no one else');
  assert.equal((await client.get(`/outbound_dialer/campaigns/${campaign.id}`)).body.status, 'paused');
});
