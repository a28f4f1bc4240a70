import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppsApiClient, twoCenters } from '../../test-support/contact-center.ts';
import { eventually } from '../../test-support/eventually.ts';
import { FORCE_LOGOUT_JOB_THRESHOLD } from './force-logout.ts';

const { server, acme, globex, client } = await twoCenters({ worker: true });

test('a forced logout of more agents than the threshold is a job: 202 at once, then every agent Offline with its entry', async () => {
  const count = FORCE_LOGOUT_JOB_THRESHOLD + 1;
  await acme.db.insertInto('cc_agents').values(Array.from({ length: count }, (_, i) => ({
    tenant_id: acme.tenantId, email: `night${i}@acme.example`, first_name: 'Night', last_name: `Shift ${i}`, online: true, status: 'Available', last_login_ip: `10.20.${Math.floor(i / 200)}.${(i % 200) + 1}`,
  }))).execute();
  const response = await client.post('/agent_statuses/force_logout', { ip_addrs: ['10.20.0.0/16'] });
  assert.equal(response.status, 202, JSON.stringify(response.body));
  assert.equal(response.body.status, 'created');
  const jobPath = `/agent_statuses/force_logout/jobs/${response.body.job_id}`;
  await eventually(async () => (await client.get(jobPath)).body.status === 'finished', 'the job finishes');
  const job = (await client.get(jobPath)).body;
  assert.equal(job.results.length, count);
  assert.ok(job.results.every((entry: any) => entry.current_status === 'Offline' && entry.previous_status === 'Available'));
  const online = await acme.db.selectFrom('cc_agents').select('id').where('tenant_id', '=', acme.tenantId).where('first_name', '=', 'Night').where('online', '=', true).execute();
  assert.equal(online.length, 0);

  assert.deepEqual((await AppsApiClient.of(server, globex).get(jobPath)).body, { message: 'Not Found' }, "another tenant's job is not found");
  assert.equal((await client.get('/agent_statuses/force_logout/jobs/9999999')).status, 404);
});
