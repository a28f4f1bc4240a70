import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { AppsApiClient, twoCenters, type DemoTenant } from '../../test-support/contact-center.ts';
import { eventually } from '../../test-support/eventually.ts';

const { server, acme, globex, client } = await twoCenters({ worker: true });
const other = AppsApiClient.of(server, globex);
const [maya, liam, sofia] = acme.demo.agents;

function upload(rows: unknown, options: { id?: number | string; name?: string } = {}): FormData {
  const form = new FormData();
  form.append('file', new Blob([typeof rows === 'string' ? rows : JSON.stringify(rows)], { type: 'application/json' }), options.name ?? 'users.json');
  if (options.id !== undefined) form.append('id', String(options.id));
  return form;
}

async function settled(id: number, statuses: readonly string[], api = client) {
  let job: any;
  await eventually(async () => statuses.includes((job = (await api.get(`/bulk/users/jobs/${id}`)).body).status), `bulk job ${id} reaches ${statuses.join(' or ')}`, 20_000);
  return job;
}

const agent = (tenant: DemoTenant, email: string) =>
  tenant.db.selectFrom('cc_agents').selectAll().where('tenant_id', '=', tenant.tenantId).where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();

async function teamsOf(tenant: DemoTenant, agentId: string) {
  const rows = await tenant.db
    .selectFrom('cc_agent_teams as m')
    .innerJoin('cc_teams as t', (join) => join.onRef('t.tenant_id', '=', 'm.tenant_id').onRef('t.id', '=', 'm.team_id'))
    .select('t.name')
    .where('m.tenant_id', '=', tenant.tenantId)
    .where('m.agent_id', '=', agentId)
    .orderBy('t.name')
    .execute();
  return rows.map((r) => r.name);
}

test("the template is a row of the file's format, naming the center's roles and teams; uploaded as it is, it creates its user", async () => {
  const response = await client.get('/bulk/users/template');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-disposition')!, /attachment; filename="bulk_users_template\.json"/);
  const [row] = response.body;
  assert.deepEqual(Object.keys(row), ['email', 'new_email', 'agent_number', 'first_name', 'last_name', 'status', 'location', 'max_chat_limit', 'max_chat_limit_enabled', 'roles', 'teams']);
  assert.deepEqual(row.teams, [{ name: 'Sales', value: 0 }, { name: 'Support', value: 0 }]);
  assert.deepEqual(row.roles.map((r: any) => r.name), ['Admin', 'Manager', 'Agent']);
  const created = await client.post('/bulk/users/upload', upload(response.body, { name: 'template.json' }));
  assert.equal(created.status, 200);
  assert.deepEqual(created.body, { id: created.body.id, status: 'created', link: `/apps/api/v1/bulk/users/jobs/${created.body.id}` });
  await settled(created.body.id, ['valid_scheme']);
  const proceeded = await client.post('/bulk/users/proceed', { id: created.body.id });
  assert.deepEqual(proceeded.body, { id: created.body.id, status: 'valid_scheme', link: created.body.link });
  const job = await settled(created.body.id, ['finished']);
  assert.deepEqual([job.filename, job.total_rows, job.affected_rows, job.failed_rows, job.update_errors], ['template.json', 1, 1, 0, []]);
  assert.ok(job.process_requested_at);
  const jane = await agent(acme, 'jane.doe@example.com');
  assert.deepEqual([jane?.first_name, jane?.roles, jane?.deactivated_at, jane?.agent_number], ['Jane', ['Agent'], null, '1001']);
});

test('a valid file creates and updates users: renames, teams, roles, locations, limits and deactivation; a row that cannot be applied fails alone', async () => {
  const rows = [
    { email: maya!.email, new_email: 'maya.okafor@acme.example', first_name: 'Maya', last_name: 'Okafor-Reid', location: 'hq', max_chat_limit: 4, max_chat_limit_enabled: '1', roles: [{ name: 'Admin', value: 0 }], teams: [{ name: 'Sales', value: 1 }, { name: 'Support', value: 0 }] },
    { email: liam!.email, first_name: 'Liam', last_name: 'Brennan', status: 'Inactive' },
    { email: 'new.hire@acme.example', first_name: 'Nia', last_name: 'Hire', agent_number: '2001', teams: [{ name: 'Support', value: 1 }] },
    { email: sofia!.email, new_email: 'New.Hire@acme.example', first_name: 'Sofia', last_name: 'Marchetti' },
  ];
  // Row 4 renames Sofia to the address row 3 gives the new hire: the scheme check cannot know, the update finds it taken.
  const created = (await client.post('/bulk/users/upload', upload(rows))).body;
  assert.equal((await settled(created.id, ['valid_scheme', 'invalid_scheme'])).status, 'valid_scheme');
  await client.post('/bulk/users/proceed', { id: created.id });
  const job = await settled(created.id, ['finished']);
  assert.deepEqual([job.total_rows, job.affected_rows, job.failed_rows], [4, 3, 1]);
  assert.deepEqual(job.update_errors, [{ message: 'Has already been taken by another user', column: 'new_email', row: 4, error_type: 'update' }]);
  assert.deepEqual((await client.get(`/bulk/users/errors/update/${created.id}`)).body, job.update_errors);

  const renamed = await agent(acme, 'maya.okafor@acme.example');
  assert.equal(renamed?.id, String(maya!.id), 'the same user, renamed');
  assert.deepEqual([renamed?.last_name, renamed?.location, renamed?.max_chat_limit, renamed?.max_chat_limit_enabled], ['Okafor-Reid', 'HQ', 4, true]);
  assert.deepEqual(renamed?.roles.sort(), ['Agent', 'Manager']);
  assert.deepEqual(await teamsOf(acme, renamed!.id), ['Sales']);
  const deactivated = await agent(acme, liam!.email);
  assert.ok(deactivated?.deactivated_at, 'Inactive deactivates');
  assert.deepEqual([deactivated?.status, deactivated?.online], ['Offline', false], 'and logs the idle agent out');
  const hire = await agent(acme, 'new.hire@acme.example');
  assert.deepEqual([hire?.first_name, hire?.agent_number, hire?.roles], ['Nia', '2001', ['Agent']]);
  assert.deepEqual(await teamsOf(acme, hire!.id), ['Support']);
  assert.equal((await agent(acme, sofia!.email))?.last_name, 'Marchetti', 'the failed row changed nothing');

  const users = (await client.get('/users')).body;
  assert.ok(users.some((u: any) => u.email === 'maya.okafor@acme.example' && u.teams[0].name === 'Sales'), 'GET /users shows the change');
  const back = (await client.post('/bulk/users/upload', upload([{ email: liam!.email, first_name: 'Liam', last_name: 'Brennan', status: 'Active' }]))).body;
  await settled(back.id, ['valid_scheme']);
  await client.post('/bulk/users/proceed', { id: back.id });
  await settled(back.id, ['finished']);
  assert.equal((await agent(acme, liam!.email))?.deactivated_at, null, 'Active brings the user back');
});

test('a file that fails the scheme check is invalid_scheme with its error log; it cannot proceed until a corrected file replaces it', async () => {
  const rows = [
    { email: 'bad', first_name: 'X', last_name: 'Y' },
    { email: 'ok@acme.example', first_name: 'Ok', last_name: 'Fine', location: 'Atlantis', max_chat_limit: 11 },
  ];
  const created = (await client.post('/bulk/users/upload', upload(rows))).body;
  const job = await settled(created.id, ['valid_scheme', 'invalid_scheme']);
  assert.equal(job.status, 'invalid_scheme');
  const log = (await client.get(`/bulk/users/errors/scheme/${created.id}`)).body;
  assert.deepEqual(log, [
    { message: 'Must be a valid email', column: 'email', row: 1 },
    { message: 'Must exactly match one of the existing locations (case-insensitive), or Null, or empty', column: 'location', row: 2 },
    { message: 'Must be 1 to 10 (inclusively), or empty', column: 'max_chat_limit', row: 2 },
  ]);
  assert.deepEqual(job.scheme_errors, log);
  const refused = await client.post('/bulk/users/proceed', { id: created.id });
  assert.deepEqual([refused.status, refused.body], [409, { message: 'The job is invalid_scheme: only a job whose file passed the scheme check (valid_scheme) can proceed' }]);

  rows[0]!.email = 'fixed@acme.example';
  delete (rows[1] as any).location;
  (rows[1] as any).max_chat_limit = 10;
  const replaced = await client.put('/bulk/users/upload', upload(rows, { id: created.id, name: 'fixed.json' }));
  assert.deepEqual([replaced.status, replaced.body.status], [200, 'created']);
  const fixed = await settled(created.id, ['valid_scheme', 'invalid_scheme']);
  assert.deepEqual([fixed.status, fixed.filename, fixed.scheme_errors], ['valid_scheme', 'fixed.json', []]);
  assert.equal((await client.post('/bulk/users/proceed', `id=${created.id}`)).status, 400, 'a body that is neither JSON nor a form is refused');
  const form = new FormData();
  form.append('id', String(created.id));
  assert.equal((await client.post('/bulk/users/proceed', form)).status, 200, 'the id may come as a form field, as the seed shows it');
  await settled(created.id, ['in_progress', 'finished']);
  const late = await client.put('/bulk/users/upload', upload(rows, { id: created.id }));
  assert.equal(late.status, 409);
  assert.match(late.body.message, /^The job is (in_progress|finished): its file can no longer be replaced or proceed again$/);
  const again = await client.post('/bulk/users/proceed', { id: created.id });
  assert.equal(again.status, 409, 'proceeds once');
  await settled(created.id, ['finished']);
  assert.ok(await agent(acme, 'fixed@acme.example'));
});

test('malformed, oversized and hostile uploads are precise 400s and leave no job behind', async () => {
  const count = async () => Number((await acme.db.selectFrom('cc_bulk_user_jobs').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', acme.tenantId).executeTakeFirstOrThrow()).n);
  const before = await count();
  const cases: [unknown, number, RegExp][] = [
    [upload('{"email": "a@b.c"}'), 400, /it is not an array$/],
    [upload('[]'), 400, /it has no rows$/],
    [upload('[{"email": '), 400, /it is not JSON/],
    [new FormData(), 400, /the field "file" is missing or empty$/],
    [{ file: '[]' }, 400, /no multipart\/form-data body$/],
    [upload(`[${'"x",'.repeat(1_400_000)}"x"]`), 413, /larger than the limit/],
  ];
  for (const [body, status, message] of cases) {
    const response = await client.post('/bulk/users/upload', body);
    assert.equal(response.status, status, JSON.stringify(response.body).slice(0, 200));
    assert.match(response.body.message, message);
    assert.deepEqual(Object.keys(response.body), ['message']);
  }
  const broken = await client.request('POST', '/bulk/users/upload', '--x\r\nContent-Disposition: form-data; name="file"', { 'content-type': 'multipart/form-data; boundary=x' });
  assert.equal(broken.status, 400);
  assert.equal(await count(), before);
  assert.deepEqual((await client.post('/bulk/users/proceed', {})).body, { message: 'id is required: the id of the bulk user job' });
  assert.equal((await client.post('/bulk/users/proceed', { id: 'DROP TABLE' })).status, 400);
  assert.equal((await client.post('/bulk/users/proceed', { id: 99999999 })).status, 404);
  assert.equal((await client.put('/bulk/users/upload', upload([{ email: 'a@b.co', first_name: 'A', last_name: 'B' }]))).status, 400, 'PUT names its job');
  for (const path of ['/bulk/users/jobs/abc', '/bulk/users/errors/scheme/0', '/bulk/users/errors/update/99999999']) assert.equal((await client.get(path)).status, 404, path);
  assert.equal((await client.get('/bulk/users/jobs?per_page=101')).status, 400);
});

test("another center's jobs are not found: not listed, read, replaced or proceeded", async () => {
  const created = (await client.post('/bulk/users/upload', upload([{ email: 'cross@acme.example', first_name: 'C', last_name: 'T' }]))).body;
  await settled(created.id, ['valid_scheme']);
  assert.equal((await other.get(`/bulk/users/jobs/${created.id}`)).status, 404);
  assert.equal((await other.get(`/bulk/users/errors/scheme/${created.id}`)).status, 404);
  assert.equal((await other.post('/bulk/users/proceed', { id: created.id })).status, 404);
  assert.equal((await other.put('/bulk/users/upload', upload([{ email: 'x@globex.example', first_name: 'X', last_name: 'Y' }], { id: created.id }))).status, 404);
  assert.deepEqual((await other.get('/bulk/users/jobs')).body, []);
  assert.equal((await client.get(`/bulk/users/jobs/${created.id}`)).body.status, 'valid_scheme', "untouched by the other center's attempts");
  // Globex's file names Acme's team and user: checked against Globex's own directory only.
  const foreign = (await other.post('/bulk/users/upload', upload([{ email: maya!.email, first_name: 'M', last_name: 'O', location: 'HQ' }]))).body;
  await settled(foreign.id, ['valid_scheme'], other);
  await other.post('/bulk/users/proceed', { id: foreign.id });
  await settled(foreign.id, ['finished'], other);
  assert.ok(await agent(globex, maya!.email), 'created in Globex');
  assert.equal((await agent(acme, 'maya.okafor@acme.example'))?.first_name, 'Maya', "Acme's user is untouched");
});

test('jobs are listed newest first, a page at a time, with Link, Total and Per-Page', async () => {
  const total = Number((await client.get('/bulk/users/jobs')).headers.get('total'));
  assert.ok(total >= 3);
  const first = await client.get('/bulk/users/jobs?page=1&per_page=2');
  assert.deepEqual([first.headers.get('total'), first.headers.get('per-page')], [String(total), '2']);
  const last = Math.ceil(total / 2);
  assert.equal(first.headers.get('link'), `</apps/api/v1/bulk/users/jobs?page=1&per_page=2>; rel="first", </apps/api/v1/bulk/users/jobs?page=2&per_page=2>; rel="next", </apps/api/v1/bulk/users/jobs?page=${last}&per_page=2>; rel="last"`);
  const second = await client.get('/bulk/users/jobs?page=2&per_page=2');
  assert.match(second.headers.get('link')!, /rel="prev"/);
  const ids = [...first.body, ...second.body].map((j: any) => j.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
  assert.equal(first.body[0].content, undefined, 'the file itself is not part of the job');
});
