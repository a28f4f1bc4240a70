import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppsApiClient, demoTenant, startContactCenter, startContactCenterWorker } from '../../test-support/contact-center.ts';
import { eventually } from '../../test-support/eventually.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { CONTACT_STATUSES } from './campaign-tables.ts';

const database = await createTestDatabase();
const server = await startContactCenter(database.db);
await startContactCenterWorker(database);
const acme = await demoTenant(database.db, 'Acme');
const globex = await demoTenant(database.db, 'Globex');
const client = AppsApiClient.of(server, acme);
const other = AppsApiClient.of(server, globex);

const campaigns = (await client.get('/outbound_dialer/campaigns')).body;
const campaignId = campaigns[0].id as number;
const base = `/outbound_dialer/campaigns/${campaignId}`;

test("the demo's campaign is listed with its queue and its contacts counted by status", async () => {
  assert.equal(campaigns.length, 1);
  const [campaign] = campaigns;
  assert.equal(campaign.name, 'Renewals outreach');
  assert.equal(campaign.mode, 'progressive');
  assert.equal(campaign.status, 'paused');
  assert.equal(campaign.queue.menu_type, 'ivr_menu');
  assert.equal(campaign.contact_stats.total, 5);
  assert.equal(campaign.contact_stats.Upcoming, 5);
  assert.deepEqual((await client.get(base)).body.id, campaignId);
});

test("a contact added with the seed's body answers the seed's contact object", async () => {
  const response = await client.post(`${base}/contacts`, { name: 'Jo Park', email: 'customer@somedomain.com', phone_number: '+1 111-111-1111', outbound_number: '+1 760-867-5309', external_unique_id: 'UID_123456' });
  assert.equal(response.status, 201);
  const contact = response.body;
  for (const key of ['assigned_call_id', 'assigned_participant_id', 'campaign_id', 'created_at', 'id', 'name', 'outbound_number', 'priority', 'status', 'unique_id', 'updated_at']) assert.ok(key in contact, key);
  assert.equal(contact.campaign_id, campaignId);
  assert.equal(contact.status, 'Upcoming');
  assert.equal(contact.unique_id, 'UID_123456');
  assert.equal(contact.outbound_number, '+17608675309');
  assert.equal(contact.assigned_call_id, null);
  assert.ok(CONTACT_STATUSES.includes(contact.status));

  const duplicate = await client.post(`${base}/contacts`, { phone_number: '+1 415-555-0111', external_unique_id: 'UID_123456' });
  assert.deepEqual(duplicate, { status: 400, headers: duplicate.headers, body: { message: 'external_unique_id UID_123456 is already used in this campaign' } });

  const listed = (await client.get(`${base}/contacts`)).body;
  assert.equal(listed.length, 6);
  assert.deepEqual(listed.at(-1), contact);
  assert.equal((await client.get(`${base}/contacts?per=2&page=2`)).body[0].id, listed[2].id);
  assert.equal((await client.get(`${base}/contacts?status=Finished`)).body.length, 0);
});

test('update by contact_id, delete by contact_id, external_unique_id or phone number', async () => {
  const added = (await client.post(`${base}/contacts`, { name: 'Lee', phone_number: '+1 415-555-0120', external_unique_id: 'UID_X' })).body;
  const updated = await client.patch(`${base}/contact`, { contact_id: added.id, name: 'Lee Updated', email: 'lee@somedomain.com', phone_number: '+1 415-555-0121', external_unique_id: 'UID_Y' });
  assert.equal(updated.status, 200);
  assert.equal(updated.body.name, 'Lee Updated');
  assert.equal(updated.body.phone_number, '+14155550121');
  assert.equal(updated.body.unique_id, 'UID_Y');

  assert.equal((await client.patch(`${base}/contact`, { name: 'no id' })).body.message, 'contact_id is required');
  assert.equal((await client.delete(`${base}/contact`, {})).body.message, 'contact_id, external_unique_id or phone_number is required');
  // The keys given must name the same contact.
  assert.equal((await client.delete(`${base}/contact`, { contact_id: added.id, external_unique_id: 'UID_123456' })).status, 404);

  const removed = await client.delete(`${base}/contact`, { contact_id: added.id, phone_number: '+1 415-555-0121', external_unique_id: 'UID_Y' });
  assert.equal(removed.status, 200);
  assert.equal(removed.body.id, added.id);
  assert.equal((await client.delete(`${base}/contact`, { contact_id: added.id })).status, 404);
  const byUid = await client.delete(`${base}/contact`, { external_unique_id: 'CRM-1004' });
  assert.equal(byUid.body.name, 'Morgan Diaz');
  const byPhone = await client.delete(`${base}/contact`, { phone_number: '(415) 555-0103' });
  assert.equal(byPhone.body.name, 'Riley Novak');
});

test('a contact on a call cannot be changed until the call ends', async () => {
  const added = (await client.post(`${base}/contacts`, { phone_number: '+1 415-555-0130' })).body;
  await acme.db.updateTable('cc_campaign_contacts').set({ status: 'Connected' }).where('tenant_id', '=', acme.tenantId).where('id', '=', String(added.id)).execute();
  assert.deepEqual((await client.patch(`${base}/contact`, { contact_id: added.id, name: 'x' })).body, { message: `Contact ${added.id} is Connected: it can change once its call ends` });
  assert.equal((await client.delete(`${base}/contact`, { contact_id: added.id })).status, 400);
});

const importFile = (name: string, content: string) => {
  const form = new FormData();
  form.append('file', new Blob([content]), name);
  return form;
};

async function finished(jobId: number) {
  let job: any;
  await eventually(async () => {
    job = (await client.get(`${base}/contacts/jobs/${jobId}`)).body;
    return job.status === 'finished';
  }, `import job ${jobId} finished`, 30_000);
  return job;
}

test('an import job adds the valid rows of a JSON or CSV file and reports the others by row', async () => {
  const json = JSON.stringify([
    { name: 'Imported One', phone_number: '+1 415-555-0141', external_unique_id: 'IMP-1' },
    { name: 'No phone' },
    { name: 'Imported Two', phone_number: '+1 415-555-0142', external_unique_id: 'IMP-1' },
    { name: 'Bad email', phone_number: '+1 415-555-0143', email: 'not-an-email' },
    'not an object',
  ]);
  const submitted = await client.request('POST', `${base}/contacts/import`, importFile('multi_contacts.json', json));
  assert.equal(submitted.status, 202);
  assert.equal(submitted.body.status, 'created');
  assert.equal(submitted.headers.get('location'), `/apps/api/v1${base}/contacts/jobs/${submitted.body.id}`);
  const job = await finished(submitted.body.id);
  assert.equal(job.total_rows, 5);
  assert.equal(job.created_rows, 1);
  assert.equal(job.failed_rows, 4);
  assert.deepEqual(job.errors, [
    { row: 2, message: 'phone_number is required' },
    { row: 3, message: 'external_unique_id IMP-1 is already used in this campaign' },
    { row: 4, message: 'email is not a valid email address' },
    { row: 5, message: 'phone_number is required' },
  ]);

  const csv = 'Name,Email,Phone_Number,External_Unique_Id\nCsv One,csv1@example.org,+1 415-555-0151,CSV-1\nCsv Two,,415-555-0152,CSV-2\n';
  const csvJob = (await client.request('POST', `${base}/contacts/import`, importFile('contacts.csv', csv))).body;
  const done = await finished(csvJob.id);
  assert.equal(done.created_rows, 2);
  const phones = (await client.get(`${base}/contacts?per=1000`)).body.map((c: any) => c.phone_number);
  assert.ok(phones.includes('+14155550152'), 'a national number is stored in E.164');
});

test('unreadable import files are refused at once and nothing is queued', async () => {
  for (const [name, content] of [['x.json', '{"not": "an array"'], ['x.json', '[]'], ['x.csv', 'a,b\n"unterminated'], ['x.json', JSON.stringify(Array.from({ length: 10_001 }, () => ({ phone_number: '1' })))]] as const) {
    const response = await client.request('POST', `${base}/contacts/import`, importFile(name, content));
    assert.equal(response.status, 400, `${name}: ${content.slice(0, 30)}`);
    assert.match(response.body.message, /^file must be a JSON array of contacts or a CSV file/);
  }
  assert.equal((await client.request('POST', `${base}/contacts/import`, new FormData())).status, 400);
  assert.equal((await client.post(`${base}/contacts/import`, { file: 'inline' })).status, 400);
  const jobs = await acme.db.selectFrom('cc_campaign_imports').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', acme.tenantId).executeTakeFirstOrThrow();
  assert.equal(Number(jobs.n), 2, 'only the two readable files of the previous test made jobs');
});

test("another center's campaign, contacts and jobs are Not Found, and hostile input is a 4xx that writes nothing", async () => {
  const otherCampaign = (await other.get('/outbound_dialer/campaigns')).body[0].id;
  assert.notEqual(otherCampaign, campaignId);
  for (const response of [
    await client.get(`/outbound_dialer/campaigns/${otherCampaign}`),
    await client.get(`/outbound_dialer/campaigns/${otherCampaign}/contacts`),
    await client.post(`/outbound_dialer/campaigns/${otherCampaign}/contacts`, { phone_number: '+14155550100' }),
    await client.get(`${base.replace(String(campaignId), String(otherCampaign))}/contacts/jobs/1`),
    await client.get(`/outbound_dialer/campaigns/99999999999`),
    await client.get(`/outbound_dialer/campaigns/abc`),
  ]) {
    assert.deepEqual([response.status, response.body], [404, { message: 'Not Found' }]);
  }
  const otherContact = (await other.get(`/outbound_dialer/campaigns/${otherCampaign}/contacts`)).body[0].id;
  assert.equal((await client.patch(`${base}/contact`, { contact_id: otherContact, name: 'stolen' })).status, 404);
  assert.equal((await client.delete(`${base}/contact`, { contact_id: otherContact })).status, 404);
  assert.notEqual((await other.get(`/outbound_dialer/campaigns/${otherCampaign}/contacts`)).body[0].name, 'stolen');

  const before = (await client.get(`${base}/contacts?per=1000`)).body.length;
  for (const body of [[], 'x', { phone_number: {} }, { phone_number: '' }, { phone_number: '+14155550100', name: 'x'.repeat(256) }, { phone_number: '+14155550100', outbound_number: 'abc' }, { phone_number: '+14155550100', priority: 1.5 }]) {
    const response = await client.post(`${base}/contacts`, body);
    assert.equal(response.status, 400, JSON.stringify(body).slice(0, 60));
    assert.deepEqual(Object.keys(response.body), ['message']);
  }
  assert.equal((await client.request('POST', `${base}/contacts`, '{"phone_number":', { 'content-type': 'application/json' })).status, 400);
  assert.equal((await client.get(`${base}/contacts?per=1001`)).status, 400);
  assert.equal((await client.get(`${base}/contacts?status=Lost`)).status, 400);
  assert.equal((await client.get(`${base}/contacts?per=1000`)).body.length, before);
});
