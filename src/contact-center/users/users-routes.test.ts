import { test } from 'node:test';
import assert from 'node:assert/strict';
import { twoCenters } from '../../test-support/contact-center.ts';

const { acme, globex, client } = await twoCenters();
const names = (body: any[]) => body.map((user) => user.first_name);

test("the seed's user object for each of the center's agents, and none of another's", async () => {
  const response = await client.get('/users');
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.deepEqual(names(response.body), ['Maya', 'Liam', 'Sofia', 'Kenji']);
  const maya = response.body[0];
  assert.deepEqual(Object.keys(maya), ['id', 'email', 'first_name', 'last_name', 'agent_number', 'location', 'max_chat_limit', 'max_chat_limit_enabled', 'unrestricted_international_calling', 'deactivated_at', 'ucaas_user_name', 'ucaas_sip_uri', 'external_user', 'phone_numbers', 'extension_numbers', 'teams', 'roles']);
  assert.equal(maya.location, 'Remote');
  assert.deepEqual(maya.teams, [{ name: 'Support' }]);
  assert.equal(maya.deactivated_at, null);
  const foreign = globex.demo.agents.map((a) => a.id);
  assert.deepEqual((await client.get(`/users?${foreign.map((id) => `id[]=${id}`).join('&')}`)).body, []);
});

test('paging and each filter, one at a time', async () => {
  assert.deepEqual(names((await client.get('/users?per=2&page=2')).body), ['Sofia', 'Kenji']);
  const [maya, liam] = acme.demo.agents;
  assert.deepEqual(names((await client.get(`/users?id[]=${liam!.id}&id[]=${maya!.id}`)).body), ['Maya', 'Liam']);
  assert.deepEqual(names((await client.get('/users?location[]=hq')).body), ['Liam', 'Sofia']);
  const brk = await acme.db.selectFrom('cc_statuses').select('id').where('tenant_id', '=', acme.tenantId).where('name', '=', 'Break').executeTakeFirstOrThrow();
  assert.deepEqual(names((await client.get(`/users?status_id[]=${brk.id}`)).body), ['Kenji']);
  await acme.db.updateTable('cc_agents').set({ last_login_at: new Date('2026-06-01T10:00:00Z') }).where('tenant_id', '=', acme.tenantId).where('first_name', '=', 'Sofia').execute();
  assert.deepEqual(names((await client.get('/users?last_login_time[from]=2026-05-31T00:00:00Z&last_login_time[to]=2026-06-02T00:00:00Z')).body), ['Sofia']);
  const online = (await client.get('/users?online[]=true')).body;
  const stored = await acme.db.selectFrom('cc_agents').select('first_name').where('tenant_id', '=', acme.tenantId).where('online', '=', true).orderBy('id').execute();
  assert.deepEqual(names(online), stored.map((row) => row.first_name));
});

test("the seed's four 400s word for word, and a precise one for an unreadable value", async () => {
  const cases: [string, string][] = [
    ['per=1001', 'Invalid page size request - check to ensure the max page size is a valid integer less than 1000'],
    ['per=ten', 'Invalid page size request - check to ensure the max page size is a valid integer less than 1000'],
    ['id[]=1&page=2', 'Cannot paginate filtered results - ensure that you are not using a filter and pagination parameters'],
    ['id[]=1&location[]=HQ', 'Only one filter should be configured at a time'],
    // Without the brackets, so that 1,001 values fit in a URL the server reads.
    [Array.from({ length: 1001 }, (_, i) => `id=${i}`).join('&'), 'Ensure you are not filtering more than 1000 values at a time'],
    ['online[]=maybe', 'online[] must be true or false'],
    ["id[]=1%27%20or%201=1", 'id[] must be ids'],
    ['status_updated_at[from]=yesterday', 'status_updated_at[from] must be a time in UTC such as 2026-01-31T12:00:00Z'],
    ['page=0', 'page must be a whole number from 1'],
  ];
  for (const [query, message] of cases) {
    const response = await client.get(`/users?${query}`);
    assert.equal(response.status, 400, query.slice(0, 60));
    assert.deepEqual(response.body, { message });
  }
});
