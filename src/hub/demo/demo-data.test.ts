import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createLogger } from '../../platform/logging/logger.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { workspace } from '../../test-support/hub.ts';
import { ENTITY_SETS } from '../odata/model/registry.ts';
import { loadDemoData } from './demo-data.ts';
import { SCALES } from './scales.ts';

const database = await createTestDatabase();
const { db } = database;
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const other = await workspace(db, 'Other', 'olga@other.test');
const result = await loadDemoData(database.pool, acme.tenantId, SCALES.small, createLogger('silent'));

test('every set gets rows, all in the demo workspace', async () => {
  for (const set of ENTITY_SETS) {
    const { rows } = await sql<{ n: number; tenants: number }>`select count(*)::int as n, count(distinct tenant_id)::int as tenants from ${sql.table(set.table)}`.execute(db);
    assert.ok(rows[0]!.n > 0, `${set.name} is empty`);
    assert.equal(rows[0]!.tenants, 1, set.name);
  }
  assert.equal(result.rows.conversations, 300);
  assert.equal(result.rows.insights, 300);
  assert.equal(result.rows.contacts, 60);
});

test('the data is internally consistent: every reference points at a row that exists', async () => {
  const dangling = async (label: string, query: ReturnType<typeof sql<{ n: number }>>) => {
    const { rows } = await query.execute(db);
    assert.equal(rows[0]!.n, 0, label);
  };
  await dangling('contacts → accounts', sql<{ n: number }>`select count(*)::int as n from contacts c where not exists (select 1 from accounts a where a.tenant_id = c.tenant_id and a.id = c.account_id)`);
  await dangling('participants → conversations', sql<{ n: number }>`select count(*)::int as n from participants p where not exists (select 1 from conversations c where c.tenant_id = p.tenant_id and c.id = p.conversation_id)`);
  await dangling('participants → contacts', sql<{ n: number }>`select count(*)::int as n from participants p where p.contact_id is not null and not exists (select 1 from contacts c where c.tenant_id = p.tenant_id and c.id = p.contact_id)`);
  await dangling('fragments → participants', sql<{ n: number }>`select count(*)::int as n from fragments f where not exists (select 1 from participants p where p.tenant_id = f.tenant_id and p.id = f.participant_id)`);
  await dangling('insights → fragments', sql<{ n: number }>`select count(*)::int as n from insights i where i.fragment_id is not null and not exists (select 1 from fragments f where f.tenant_id = i.tenant_id and f.id = i.fragment_id)`);
  await dangling('insight_topics → topics', sql<{ n: number }>`select count(*)::int as n from insight_topics l where not exists (select 1 from topics t where t.tenant_id = l.tenant_id and t.id = l.topic_id)`);
  await dangling('calls → conversations', sql<{ n: number }>`select count(*)::int as n from calls k where not exists (select 1 from conversations c where c.tenant_id = k.tenant_id and c.id = k.conversation_id)`);
  await dangling('tracker_issue_insights → insights', sql<{ n: number }>`select count(*)::int as n from tracker_issue_insights l where not exists (select 1 from insights i where i.tenant_id = l.tenant_id and i.id = l.insight_id)`);
});

test('an insight quotes its customer\'s words from the conversation it came from', async () => {
  const { rows } = await sql<{ insight: string; fragment: string; role: string }>`
    select i.text as insight, f.text as fragment, p.role from insights i
    join fragments f on f.tenant_id = i.tenant_id and f.id = i.fragment_id
    join participants p on p.tenant_id = f.tenant_id and p.id = f.participant_id
    where i.tenant_id = ${acme.tenantId} limit 50`.execute(db);
  assert.ok(rows.length > 10);
  for (const row of rows) {
    assert.equal(row.insight, row.fragment);
    assert.equal(row.role, 'customer');
  }
});

test('the same seed gives the same data; a workspace with conversations is refused and left as it was', async () => {
  const again = await createTestDatabase();
  const w = await workspace(again.db, 'Acme', 'ada@acme.test');
  await loadDemoData(again.pool, w.tenantId, SCALES.small, createLogger('silent'));
  const pick = (d: typeof db, tenantId: string) => sql<{ title: string; text: string }>`select c.title, i.text from conversations c join insights i on i.tenant_id = c.tenant_id and i.conversation_id = c.id where c.tenant_id = ${tenantId} order by c.id limit 20`.execute(d);
  assert.deepEqual((await pick(again.db, w.tenantId)).rows, (await pick(db, acme.tenantId)).rows);

  await assert.rejects(loadDemoData(database.pool, acme.tenantId, SCALES.small, createLogger('silent')), /already has conversations/);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from accounts where tenant_id = ${acme.tenantId}`.execute(db);
  assert.equal(rows[0]!.n, result.rows.accounts, 'nothing was added');
  const { rows: untouched } = await sql<{ n: number }>`select count(*)::int as n from accounts where tenant_id = ${other.tenantId}`.execute(db);
  assert.equal(untouched[0]!.n, 0);
});
