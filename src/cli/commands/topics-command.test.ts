/**
 * `commontime topics rebuild` on a workspace with processed conversations:
 * it builds every model here and now and prints what each build made; an
 * unknown workspace or model is an error that changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { runCli } from '../../test-support/processes.ts';
import { conversationsFixture } from '../../test-support/conversations-fixture.ts';

const { db, database, acme, uploadAndWait } = await conversationsFixture();
const env = { DATABASE_URL: database.url, LOG_LEVEL: 'warn' };

const LINES = [
  'Our CSV export crashes every single morning.',
  'The export to CSV fails with an error for big reports.',
  'We need single sign-on with Okta for the whole team.',
  'Please add SSO through Okta, logins are a pain.',
];
const job = await uploadAndWait(JSON.stringify(LINES.map((text, i) => ({
  id: `cli-topics-${i}`,
  type: 'chat',
  started_at: '2026-02-01T09:00:00Z',
  participants: [{ name: 'Pat', role: 'customer' }, { name: 'Sam', role: 'internal' }],
  utterances: [{ speaker: 'Sam', text: 'Hi, how can I help?' }, { speaker: 'Pat', text }],
}))), 'application/json');
assert.equal(job.status, 'completed');

test('topics rebuild builds every model of the workspace and prints each build as JSON', async () => {
  const result = await runCli(['topics', 'rebuild', '--tenant', acme.tenantId], env);
  assert.equal(result.code, 0, result.stderr);
  const out = result.json as { tenant_id: string; models: { model: string; status: string; insights: number; topics: number; linked: number }[] };
  assert.equal(out.tenant_id, acme.tenantId);
  assert.equal(out.models.length, 1);
  const [built] = out.models;
  assert.equal(built!.model, 'all-insights');
  assert.equal(built!.status, 'ready');
  assert.equal(built!.insights, LINES.length);
  assert.ok(built!.topics >= 1 && built!.linked >= 1);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from topics where tenant_id = ${acme.tenantId}::uuid`.execute(db);
  assert.equal(rows[0]!.n, built!.topics);
});

test('an unknown workspace or model is an error saying so, with exit code 1', async () => {
  const noTenant = await runCli(['topics', 'rebuild', '--tenant', '00000000-0000-0000-0000-000000000000'], env);
  assert.equal(noTenant.code, 1);
  assert.match(noTenant.stderr, /No tenant 00000000-0000-0000-0000-000000000000/);
  const noModel = await runCli(['topics', 'rebuild', '--tenant', acme.tenantId, '--model', 'nope'], env);
  assert.equal(noModel.code, 1);
  assert.match(noModel.stderr, /no topic model "nope"/);
});
