/**
 * The CRM importer examples of Four/Four's documentation (docs/importer.md), reproduced over real HTTP against a hub
 * and a job worker: the curl requests as sent, the responses as printed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importerFixture } from '../../test-support/importer-fixture.ts';

const { hub, importer, request } = await importerFixture();

test('PUT /import/crm/account: 202 Accepted, Location of the job, {"job": "<uuid>"}', async () => {
  const body = 'id,name,website,industry,crm_segment\nacc-001,Acme Industries,https://acme.test,Robotics,Enterprise\nacc-002,TechCorp,https://techcorp.test,Software,Mid-Market';
  const response = await request('PUT', '/import/crm/account', body, { 'content-type': 'text/csv' });
  assert.equal(response.status, 202);
  assert.equal(response.headers.get('content-type'), 'application/json');
  const job = JSON.parse(response.text).job;
  assert.match(job, /^[0-9a-f-]{36}$/);
  assert.deepEqual(JSON.parse(response.text), { job });
  assert.equal(response.headers.get('location'), `${hub.url}/import/job/${job}`);

  const done = await importer.waitForJob(job);
  assert.deepEqual(Object.keys(done), ['status', 'processed', 'error', 'error_line', 'created_at', 'updated_at', 'started_at', 'completed_at']);
  assert.equal(done.status, 'completed');
  assert.equal(done.processed, 2);
  assert.equal(done.error, null);
  assert.equal(done.error_line, null);
  for (const key of ['created_at', 'updated_at', 'started_at', 'completed_at'] as const) assert.match(done[key]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);

  const read = await request('GET', '/import/crm/account/acc-001');
  assert.equal(read.status, 200);
  assert.match(read.headers.get('content-type')!, /^text\/csv/);
  assert.equal(read.text, 'id,name,website,industry,crm_segment\nacc-001,Acme Industries,https://acme.test,Robotics,Enterprise\n');

  const deleted = await request('DELETE', '/import/crm/account', 'id\nacc-001\nacc-002', { 'content-type': 'text/csv' });
  assert.equal(deleted.status, 202);
  assert.equal((await importer.waitForJob(JSON.parse(deleted.text).job)).status, 'completed');
  assert.equal((await request('GET', '/import/crm/account/acc-001')).status, 404);
});
