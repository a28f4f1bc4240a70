/**
 * Tracker linking end to end (docs/processing.md, "Tracker linking"):
 * issues imported through `POST /import/trackers` over HTTP, conversations
 * processed by a worker running the process's own task list
 * (src/services.ts), links read back through OData. The relink job is
 * waited for by its disappearance from the queue, never by a sleep.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createToken } from '../../identity/personal-access-tokens.ts';
import { loadConfig } from '../../../platform/config/config.ts';
import { startWorker } from '../../../platform/jobs/worker.ts';
import { createLogger } from '../../../platform/logging/logger.ts';
import { taskList } from '../../../services.ts';
import { onCleanup } from '../../../test-support/cleanup.ts';
import { eventually } from '../../../test-support/eventually.ts';
import { workspace } from '../../../test-support/hub.ts';
import { importerFixture } from '../../../test-support/importer-fixture.ts';
import { trackerRecordId } from '../../importer/tracker-ids.ts';
import { SERVICE } from '../../odata/model/services.ts';
import { ingestConversation } from '../ingestion/ingest-conversations.ts';
import { RELINK_TASK, trackerIssuesChanged } from './tracker-changes.ts';

const { db, database, acme, request } = await importerFixture({ worker: false });
const worker = await startWorker(database, createLogger('silent'), taskList(db, loadConfig({ LOG_LEVEL: 'silent' })), { concurrency: 2, pollIntervalMs: 100 });
onCleanup(() => worker.stop());
const reader = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'read', scopes: ['api:read'] })).token;
const globex = await workspace(db, 'Globex', 'gil@globex.test');
const globexToken = (await createToken(db, { tenantId: globex.tenantId, userId: globex.userId, name: 'g', scopes: ['import'] })).token;

const issueId = (trackerId: string) => trackerRecordId(SERVICE.manualUpload, 'issue', trackerId);
const relinksPending = async () => (await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = ${RELINK_TASK}`.execute(db)).rows[0]!.n;

async function importTrackers(body: unknown, bearer = undefined as string | undefined) {
  const reply = await request('POST', '/import/trackers', JSON.stringify(body), { 'content-type': 'application/json' }, bearer);
  assert.equal(reply.status, 200, reply.text);
  await eventually(async () => (await relinksPending()) === 0, 'the relink job ran', 30_000);
}

async function processConversation(tenantId: string, id: string, customer: readonly string[]) {
  const { id: conversationId } = await db.transaction().execute((trx) =>
    ingestConversation(trx, tenantId, {
      id,
      type: 'call',
      started_at: '2026-03-01T10:00:00Z',
      participants: [{ name: 'Ada', role: 'customer' }, { name: 'Bob', role: 'agent' }],
      utterances: customer.flatMap((text, k) => [
        { speaker: 'Ada', start_ms: k * 2000, end_ms: k * 2000 + 900, text },
        { speaker: 'Bob', start_ms: k * 2000 + 1000, end_ms: k * 2000 + 1900, text: 'I see.' },
      ]),
    }),
  );
  await eventually(async () => (await sql<{ status: string }>`select status from conversations where tenant_id = ${tenantId} and id = ${conversationId}`.execute(db)).rows[0]?.status === 'processed', `conversation ${id} processed`, 30_000);
  return conversationId;
}

/** Every link of the conversation's insights, as [insight text, issue key], and of every tenant's rows, the tenant. */
async function links(tenantId: string, conversationId: string) {
  const { rows } = await sql<{ text: string; key: string; link_tenant: string; issue_tenant: string }>`
    select s.text, i.key, l.tenant_id::text as link_tenant, i.tenant_id::text as issue_tenant
    from insights s join tracker_issue_insights l on l.insight_id = s.id and l.tenant_id = s.tenant_id
      left join tracker_issues i on i.id = l.issue_id and i.tenant_id = l.tenant_id
    where s.tenant_id = ${tenantId} and s.conversation_id = ${conversationId} order by s.id, i.key`.execute(db);
  for (const row of rows) assert.equal(row.issue_tenant, tenantId, 'a link names an issue of its own tenant');
  return rows.map((row) => [row.text, row.key]);
}

/** insight_count as OData serves it, beside the true number of links, for every issue of the tenant. */
async function counts(tenantId: string) {
  const { rows } = await sql<{ key: string; insight_count: number; links: number }>`
    select i.key, i.insight_count, (select count(*)::int from tracker_issue_insights l where l.tenant_id = i.tenant_id and l.issue_id = i.id) as links
    from tracker_issues i where i.tenant_id = ${tenantId} order by i.key`.execute(db);
  for (const row of rows) assert.equal(row.insight_count, row.links, `${row.key}: insight_count is the number of its links`);
  return Object.fromEntries(rows.map((row) => [row.key, row.insight_count]));
}

const PROJECT = { id: 'P1', key: 'ENG', name: 'Engineering' };
const SSO = { id: 'I1', project_id: 'P1', key: 'ENG-1', title: 'Support SAML SSO (Okta, Azure AD)', description: 'Enterprise customers need single sign-on.', issue_type: 'Story' };
const DARK = { id: 'I2', project_id: 'P1', key: 'ENG-2', title: 'Dark mode', description: 'A dark theme for the dashboards.', issue_type: 'Story' };
const SSO_TEXT = 'We really need SSO login with Okta before we can roll this out.';
let sso: string;

test('an insight about SSO login with Okta links to "Support SAML SSO (Okta, Azure AD)" and not to "Dark mode"; OData reads the link', async () => {
  await importTrackers({ projects: [PROJECT], issues: [SSO, DARK], comments: [{ id: 'C1', issue_id: 'I1', body: 'Okta first, then Azure AD.' }] });
  sso = await processConversation(acme.tenantId, 'sso-call', [SSO_TEXT]);
  assert.deepEqual(await links(acme.tenantId, sso), [[SSO_TEXT, 'ENG-1']]);
  assert.deepEqual(await counts(acme.tenantId), { 'ENG-1': 1, 'ENG-2': 0 });
  const reply = await request('GET', `/odata/TrackerIssues('${issueId('I1')}')/Insights?$select=text`, undefined, {}, reader);
  assert.equal(reply.status, 200, reply.text);
  assert.deepEqual(reply.json.value.map((i: { text: string }) => i.text), [SSO_TEXT]);
});

test('reprocessing a conversation leaves exactly one set of links, and insight_count follows', async () => {
  const darkText = 'Please add a dark theme, my eyes hurt after a day in the editor.';
  await processConversation(acme.tenantId, 'sso-call', [SSO_TEXT, darkText]);
  assert.deepEqual(await links(acme.tenantId, sso), [[SSO_TEXT, 'ENG-1'], [darkText, 'ENG-2']]);
  assert.deepEqual(await counts(acme.tenantId), { 'ENG-1': 1, 'ENG-2': 1 });
  await processConversation(acme.tenantId, 'sso-call', [SSO_TEXT, darkText]);
  assert.deepEqual(await links(acme.tenantId, sso), [[SSO_TEXT, 'ENG-1'], [darkText, 'ENG-2']], 'the same links, once');
  // Fewer insights than before: the removed insight's link goes with it.
  await processConversation(acme.tenantId, 'sso-call', [darkText]);
  assert.deepEqual(await links(acme.tenantId, sso), [[darkText, 'ENG-2']]);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from tracker_issue_insights l where l.tenant_id = ${acme.tenantId}
    and not exists (select 1 from insights s where s.tenant_id = l.tenant_id and s.id = l.insight_id)`.execute(db);
  assert.equal(rows[0]!.n, 0, 'no link outlives its insight');
  assert.deepEqual(await counts(acme.tenantId), { 'ENG-1': 0, 'ENG-2': 1 });
  await processConversation(acme.tenantId, 'sso-call', [SSO_TEXT]);
  assert.deepEqual(await counts(acme.tenantId), { 'ENG-1': 1, 'ENG-2': 0 });
});

test('issues imported after the insights exist get linked by the relink job', async () => {
  const text = 'When I export the table to CSV I only get the first 10,000 rows.';
  const early = await processConversation(acme.tenantId, 'csv-call', [text]);
  assert.deepEqual(await links(acme.tenantId, early), [], 'no issue about it yet');
  await importTrackers({ issues: [{ id: 'I3', project_id: 'P1', key: 'ENG-3', title: 'CSV export truncates at 10,000 rows' }] });
  assert.deepEqual(await links(acme.tenantId, early), [[text, 'ENG-3']]);
  assert.deepEqual(await counts(acme.tenantId), { 'ENG-1': 1, 'ENG-2': 0, 'ENG-3': 1 });
});

test("another workspace's issues are never linked, even with the same tracker ids and words", async () => {
  await importTrackers({ projects: [PROJECT], issues: [{ ...SSO, key: 'GLX-1' }, { ...DARK, key: 'GLX-2' }] }, globexToken);
  assert.equal(issueId('I1'), issueId('I1'), 'the same tracker id gives the same issue id in both workspaces');
  assert.deepEqual(await links(acme.tenantId, sso), [[SSO_TEXT, 'ENG-1']]);
  assert.deepEqual(await counts(globex.tenantId), { 'GLX-1': 0, 'GLX-2': 0 });
  const theirs = await processConversation(globex.tenantId, 'glx-call', [SSO_TEXT]);
  assert.deepEqual(await links(globex.tenantId, theirs), [[SSO_TEXT, 'GLX-1']]);
  assert.deepEqual(await counts(acme.tenantId), { 'ENG-1': 1, 'ENG-2': 0, 'ENG-3': 1 }, "Acme's counts untouched");
});

test('an issue changed by a re-import is linked anew; a deleted one loses its links at the next relink', async () => {
  await importTrackers({ issues: [{ ...DARK, title: 'Okta SSO login for admins', description: null }] });
  assert.deepEqual(await links(acme.tenantId, sso), [[SSO_TEXT, 'ENG-1'], [SSO_TEXT, 'ENG-2']]);
  assert.deepEqual(await counts(acme.tenantId), { 'ENG-1': 1, 'ENG-2': 1, 'ENG-3': 1 });
  await importTrackers({ issues: [{ ...SSO, title: 'Audit log retention', description: 'Keep audit logs for seven years.' }] });
  assert.deepEqual(await links(acme.tenantId, sso), [[SSO_TEXT, 'ENG-2']]);
  // The import deletes nothing; a connector (or an operator) may, and tells tracker linking as the import does.
  await db.transaction().execute(async (trx) => {
    await sql`delete from tracker_issues where tenant_id = ${acme.tenantId} and id = ${issueId('I2')}`.execute(trx);
  });
  await importTrackers({ comments: [{ id: 'C9', issue_id: 'I3', body: 'Reproduced with 12,000 rows.' }] });
  assert.deepEqual(await links(acme.tenantId, sso), []);
  assert.deepEqual(await counts(acme.tenantId), { 'ENG-1': 0, 'ENG-3': 1 });
});

test('a huge description and hostile text are imported, indexed and linked without harm', async () => {
  const hostile = '\u0007\uFFFD<script>alert(1)</script> __proto__ constructor 🤖 \u202Eevil\u202C ((((((( '.repeat(500);
  await importTrackers({
    issues: [
      { id: 'I4', project_id: 'P1', key: 'ENG-4', title: 'Salesforce two-way sync', description: `Sync contacts with Salesforce. ${'Field mapping and conflicts. '.repeat(3_000)}` },
      { id: 'I5', project_id: 'P1', key: 'ENG-5', title: hostile.slice(0, 10_000), description: hostile },
    ],
  });
  const id = await processConversation(acme.tenantId, 'sf-call', ['Our sales team lives in Salesforce, they need the sync to work both ways.', hostile.slice(0, 5_000)]);
  assert.ok((await links(acme.tenantId, id)).some(([, key]) => key === 'ENG-4'));
  await counts(acme.tenantId);
});

test('a burst of changes is one pending relink; an import of projects alone asks for none', async () => {
  await db.transaction().execute(async (trx) => {
    for (let k = 0; k < 5; k++) await trackerIssuesChanged(trx, acme.tenantId);
  });
  assert.equal(await relinksPending(), 1);
  await eventually(async () => (await relinksPending()) === 0, 'the relink job ran', 30_000);
  const reply = await request('POST', '/import/trackers', JSON.stringify({ projects: [{ ...PROJECT, name: 'Engineering (core)' }] }), { 'content-type': 'application/json' });
  assert.equal(reply.status, 200, reply.text);
  assert.equal(await relinksPending(), 0, 'projects hold no words linking reads');
});
