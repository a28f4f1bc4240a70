import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { workspace } from '../../test-support/hub.ts';
import { ENTITY_SETS } from '../odata/model/registry.ts';
import { loadDemo } from '../../test-support/demo-fixture.ts';
import { SCALES } from './scales.ts';

const database = await createTestDatabase();
const { db } = database;
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const other = await workspace(db, 'Other', 'olga@other.test');
const result = await loadDemo(database, acme.tenantId, SCALES.small);

test('every set gets rows, all in the demo workspace; every conversation is processed into insights', async () => {
  for (const set of ENTITY_SETS) {
    const { rows } = await sql<{ n: number; tenants: number }>`select count(*)::int as n, count(distinct tenant_id)::int as tenants from ${sql.table(set.table)}`.execute(db);
    assert.ok(rows[0]!.n > 0, `${set.name} is empty`);
    assert.equal(rows[0]!.tenants, 1, set.name);
  }
  assert.equal(result.rows.conversations, 300);
  assert.equal(result.rows.contacts, 60);
  const { rows: [status] } = await sql<{ processed: number; with_insights: number; with_sentiment: number }>`
    select count(*) filter (where status = 'processed')::int as processed,
      count(*) filter (where exists (select 1 from insights i where i.tenant_id = c.tenant_id and i.conversation_id = c.id))::int as with_insights,
      count(*) filter (where sentiment is not null and summary is not null)::int as with_sentiment
    from conversations c where tenant_id = ${acme.tenantId}`.execute(db);
  assert.deepEqual(status, { processed: 300, with_insights: 300, with_sentiment: 300 });
  assert.equal(result.rows.insights, (await sql<{ n: number }>`select count(*)::int as n from insights`.execute(db)).rows[0]!.n);
  assert.ok(result.seconds.total >= result.seconds.load + result.seconds.processing);
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

test('every insight is its customer\'s words from a fragment of its own conversation, as the pipeline stores them', async () => {
  const { rows } = await sql<{ insight: string; fragment: string | null; role: string | null; same: boolean }>`
    select i.text as insight, f.text as fragment, p.role, f.conversation_id = i.conversation_id as same from insights i
    left join fragments f on f.tenant_id = i.tenant_id and f.id = i.fragment_id
    left join participants p on p.tenant_id = f.tenant_id and p.id = f.participant_id
    where i.tenant_id = ${acme.tenantId}`.execute(db);
  assert.equal(rows.length, result.rows.insights);
  for (const row of rows) {
    assert.ok(row.fragment?.includes(row.insight), `${JSON.stringify(row.insight)} is words of its fragment ${JSON.stringify(row.fragment)}`);
    assert.equal(row.role, 'customer');
    assert.equal(row.same, true);
  }
  const { rows: types } = await sql<{ type: string }>`select distinct type from insights where tenant_id = ${acme.tenantId} order by type`.execute(db);
  assert.deepEqual(types.map((t) => t.type), ['bug', 'churn_risk', 'competitor', 'feature_request', 'objection', 'pain_point', 'praise', 'pricing', 'question']);
});

test('the default topic model is built: its topics count exactly the insights linked to them, and nearly every insight has one', async () => {
  const { rows: [model] } = await sql<{ status: string; built: boolean }>`select status, built_at is not null as built from topic_models where tenant_id = ${acme.tenantId} and id = 'all-insights'`.execute(db);
  assert.deepEqual(model, { status: 'ready', built: true });
  const { rows } = await sql<{ id: string; insight_count: number; links: number }>`
    select t.id, t.insight_count, (select count(*)::int from insight_topics l where l.tenant_id = t.tenant_id and l.topic_id = t.id) as links
    from topics t where t.tenant_id = ${acme.tenantId}`.execute(db);
  assert.ok(rows.length >= 5, `${rows.length} topics`);
  for (const row of rows) assert.equal(row.insight_count, row.links, row.id);
  const linked = rows.reduce((sum, row) => sum + row.links, 0);
  assert.ok(linked >= 0.8 * result.rows.insights!, `${linked} of ${result.rows.insights} insights have a topic`);
});

test('CRM matching found the demo\'s contacts, accounts and owners; tracker linking its issues', async () => {
  const { rows: [matches] } = await sql<{ accounts: number; opportunities: number; contacts: number; owners: number }>`
    select (select count(*)::int from conversations where tenant_id = ${acme.tenantId} and account_id is not null) as accounts,
      (select count(*)::int from conversations where tenant_id = ${acme.tenantId} and opportunity_id is not null) as opportunities,
      (select count(*)::int from participants where tenant_id = ${acme.tenantId} and contact_id is not null) as contacts,
      (select count(*)::int from participants where tenant_id = ${acme.tenantId} and owner_id is not null) as owners`.execute(db);
  assert.ok(matches!.accounts > 250, `${matches!.accounts} of 300 conversations have their account`);
  assert.ok(matches!.opportunities > 0 && matches!.contacts > 200 && matches!.owners === 300, JSON.stringify(matches));
  const { rows: mismatched } = await sql<{ id: string }>`
    select c.id from conversations c join participants p on p.tenant_id = c.tenant_id and p.conversation_id = c.id
    join contacts k on k.tenant_id = p.tenant_id and k.id = p.contact_id
    where c.tenant_id = ${acme.tenantId} and c.account_id is distinct from k.account_id`.execute(db);
  assert.deepEqual(mismatched, [], 'a conversation\'s account is its contacts\'');
  const { rows: issues } = await sql<{ id: string; insight_count: number; links: number }>`
    select t.id, t.insight_count, (select count(*)::int from tracker_issue_insights l where l.tenant_id = t.tenant_id and l.issue_id = t.id) as links
    from tracker_issues t where t.tenant_id = ${acme.tenantId}`.execute(db);
  for (const issue of issues) assert.equal(issue.insight_count, issue.links, issue.id);
  assert.ok(issues.reduce((sum, issue) => sum + issue.links, 0) > 0, 'some insights are linked to tracker issues');
});

test('the same seed gives the same data; a workspace with conversations is refused and left as it was', async () => {
  const again = await createTestDatabase();
  const w = await workspace(again.db, 'Acme', 'ada@acme.test');
  await loadDemo(again, w.tenantId, SCALES.small);
  const pick = (d: typeof db, tenantId: string) => sql<{ id: string; title: string; account_id: string | null; text: string; type: string; topic: string }>`
    select c.id, c.title, c.account_id, i.text, i.type, t.name as topic from conversations c
    join insights i on i.tenant_id = c.tenant_id and i.conversation_id = c.id
    join insight_topics l on l.tenant_id = i.tenant_id and l.insight_id = i.id
    join topics t on t.tenant_id = l.tenant_id and t.id = l.topic_id
    where c.tenant_id = ${tenantId} order by i.id`.execute(d);
  const first = (await pick(db, acme.tenantId)).rows;
  assert.equal(first.length, result.rows.insights);
  assert.deepEqual((await pick(again.db, w.tenantId)).rows, first);

  await assert.rejects(loadDemo(database, acme.tenantId, SCALES.small), /already has conversations/);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from accounts where tenant_id = ${acme.tenantId}`.execute(db);
  assert.equal(rows[0]!.n, result.rows.accounts, 'nothing was added');
  const { rows: untouched } = await sql<{ n: number }>`select count(*)::int as n from accounts where tenant_id = ${other.tenantId}`.execute(db);
  assert.equal(untouched[0]!.n, 0);
});
