/**
 * The per-process index cache (issue-index-cache.ts) against a real
 * database: no row, no index; the cached index is used while the
 * tenant's version holds and rebuilt once it moves, as another process's
 * change makes it move; each tenant has its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { workspace } from '../../../test-support/hub.ts';
import { tenantIssueIndex } from './issue-index-cache.ts';
import { trackerIssuesChanged } from './tracker-changes.ts';

const { db } = await createTestDatabase();
const data = db as unknown as Kysely<any>;
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const globex = await workspace(db, 'Globex', 'gil@globex.test');

async function issue(tenantId: string, id: string, title: string) {
  await data.insertInto('tracker_issues').values({ tenant_id: tenantId, id, project_id: 'p', key: id, title, insight_count: 0, updated: new Date() })
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet({ title })).execute();
}

const best = async (tenantId: string, text: string) => (await tenantIssueIndex(db, tenantId))?.match(text).map((m) => m.issueId);

test('a tenant that never had tracker issues has no index', async () => {
  assert.equal(await tenantIssueIndex(db, acme.tenantId), null);
});

test('the cached index holds until the version moves, then the new issues are read', async () => {
  await issue(acme.tenantId, 'sso', 'Support SAML SSO (Okta, Azure AD)');
  await db.transaction().execute((trx) => trackerIssuesChanged(trx, acme.tenantId));
  const first = await tenantIssueIndex(db, acme.tenantId);
  assert.deepEqual(first?.match('SSO login with Okta').map((m) => m.issueId), ['sso']);
  assert.equal(await tenantIssueIndex(db, acme.tenantId), first, 'the same version: the same index, nothing read again');

  // Another process writes an issue and raises the version in its transaction.
  await db.transaction().execute(async (trx) => {
    await sql`insert into tracker_issues (tenant_id, id, project_id, key, title, insight_count, updated) values (${acme.tenantId}, 'dark', 'p', 'dark', 'Dark mode', 0, now())`.execute(trx);
    await trackerIssuesChanged(trx, acme.tenantId);
  });
  assert.notEqual(await tenantIssueIndex(db, acme.tenantId), first);
  assert.deepEqual(await best(acme.tenantId, 'Please add a dark mode'), ['dark']);
});

test("each tenant's index holds only its own issues", async () => {
  await issue(globex.tenantId, 'glx', 'Dark mode for the mobile app');
  await db.transaction().execute((trx) => trackerIssuesChanged(trx, globex.tenantId));
  assert.deepEqual(await best(globex.tenantId, 'Please add a dark mode'), ['glx']);
  assert.deepEqual(await best(acme.tenantId, 'Please add a dark mode'), ['dark']);
  assert.equal((await tenantIssueIndex(db, globex.tenantId))?.size, 1);
});
