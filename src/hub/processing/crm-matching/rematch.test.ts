/**
 * Matches recomputed when CRM records arrive after the conversation
 * (docs/processing.md, "CRM matching"): records imported through the real
 * CSV importer over HTTP, applied and rematched by a job worker running the
 * process's own task list (src/services.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { createToken } from '../../identity/personal-access-tokens.ts';
import { loadConfig } from '../../../platform/config/config.ts';
import { startWorker } from '../../../platform/jobs/worker.ts';
import { createLogger } from '../../../platform/logging/logger.ts';
import { taskList } from '../../../services.ts';
import { onCleanup } from '../../../test-support/cleanup.ts';
import { crmRecords } from '../../../test-support/crm-records.ts';
import { eventually } from '../../../test-support/eventually.ts';
import { workspace } from '../../../test-support/hub.ts';
import { importerFixture } from '../../../test-support/importer-fixture.ts';
import { matchConversations } from './match-conversations.ts';
import { REMATCH_TASK, requestRematch } from './rematch-task.ts';

const { db, database, acme, importer } = await importerFixture({ worker: false });
const worker = await startWorker(database, createLogger('silent'), taskList(db, loadConfig({ PHONE_DEFAULT_REGION: 'GB' })), { concurrency: 2, pollIntervalMs: 100 });
onCleanup(() => worker.stop());
const data = db as unknown as Kysely<any>;
const globex = await workspace(db, 'Globex', 'gil@globex.test');
const globexToken = (await createToken(db, { tenantId: globex.tenantId, userId: globex.userId, name: 'g', scopes: ['import'] })).token;

const conversation = (id: string) => data.selectFrom('conversations').select(['account_id', 'opportunity_id', 'updated_at']).where('tenant_id', '=', acme.tenantId).where('id', '=', id).executeTakeFirstOrThrow();
const participant = (id: string) => data.selectFrom('participants').select(['contact_id']).where('tenant_id', '=', acme.tenantId).where('id', '=', id).executeTakeFirstOrThrow();
const rematchesPending = async () => (await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = ${REMATCH_TASK}`.execute(db)).rows[0]!.n;

await crmRecords(db, acme.tenantId).conversation({
  id: 'c-late',
  started_at: new Date('2026-03-01T10:00:00Z'),
  participants: [{ id: 'p-grace', role: 'customer', email: 'grace@hopper.test' }, { id: 'p-caller', role: 'customer', phone: '020 7946 0958' }],
});

test('a contact imported after the conversation gets its participant; its account, imported later still, becomes the conversation\u2019s', async () => {
  assert.equal((await importer.run('contact', 'id,email,account_id\ncon-grace,Grace@Hopper.test,acc-hopper\ncon-caller,,acc-hopper')).status, 'completed');
  await eventually(async () => (await participant('p-grace')).contact_id === 'con-grace', 'the participant matched to the imported contact', 30_000);
  assert.equal((await conversation('c-late')).account_id, null, 'the contact\u2019s account does not exist yet');

  const before = await conversation('c-late');
  assert.equal((await importer.run('account', 'id,name\nacc-hopper,Hopper Inc')).status, 'completed');
  await eventually(async () => (await conversation('c-late')).account_id === 'acc-hopper', 'the conversation given the imported account', 30_000);
  assert.ok((await conversation('c-late')).updated_at > (before.updated_at ?? new Date(0)), 'updated_at bumped for incremental readers');

  assert.equal((await importer.run('opportunity', 'id,account_id,is_closed,close_date\nopp-hopper,acc-hopper,false,2026-03-20')).status, 'completed');
  await eventually(async () => (await conversation('c-late')).opportunity_id === 'opp-hopper', 'the conversation given the imported opportunity', 30_000);
});

test('a phone number imported later matches, in another format, with the configured default region', async () => {
  assert.equal((await importer.run('contact', 'id,phone,account_id\ncon-caller,+44 20 7946 0958,acc-hopper')).status, 'completed');
  await eventually(async () => (await participant('p-caller')).contact_id === 'con-caller', 'the caller matched by phone', 30_000);
});

test('a deleted contact is unmatched by the rematch that follows its deletion', async () => {
  assert.equal((await importer.run('contact', 'id\ncon-grace\ncon-caller', 'DELETE')).status, 'completed');
  await eventually(async () => (await participant('p-grace')).contact_id === null && (await participant('p-caller')).contact_id === null, 'both participants unmatched', 30_000);
  await eventually(async () => (await conversation('c-late')).account_id === null, 'no account without the contacts', 30_000);
});

test("another workspace's import never matches this workspace's conversations", async () => {
  assert.equal((await importer.run('contact', 'id,email,account_id\nx-grace,grace@hopper.test,x-acc', 'PUT', globexToken)).status, 'completed');
  assert.equal((await importer.run('account', 'id,domain\nx-acc,hopper.test', 'PUT', globexToken)).status, 'completed');
  await eventually(async () => (await rematchesPending()) === 0, 'the rematches run', 30_000);
  assert.equal((await participant('p-grace')).contact_id, null);
  assert.equal((await conversation('c-late')).account_id, null);
});

test('a conversation matched while its workspace had no CRM records is matched once its first records are imported', async () => {
  const initech = await workspace(db, 'Initech', 'bill@initech.test');
  const initechToken = (await createToken(db, { tenantId: initech.tenantId, userId: initech.userId, name: 'i', scopes: ['import'] })).token;
  await crmRecords(db, initech.tenantId).conversation({ id: 'c-early', participants: [{ id: 'p-milton', role: 'customer', email: 'milton@basement.test' }] });
  const counts = await db.transaction().execute((trx) => matchConversations(trx, initech.tenantId, { conversationIds: ['c-early'] }, { phoneRegion: 'GB' }));
  assert.deepEqual(counts, { conversations: 0, participants: 0, insights: 0 }, 'no records: nothing to match');
  const milton = () => data.selectFrom('participants').select('contact_id').where('tenant_id', '=', initech.tenantId).where('id', '=', 'p-milton').executeTakeFirstOrThrow();
  assert.equal((await importer.run('contact', 'id,email\ncon-milton,Milton@Basement.test', 'PUT', initechToken)).status, 'completed');
  await eventually(async () => (await milton()).contact_id === 'con-milton', 'the first contact imported matched by the rematch', 30_000);
});

test('an import of records matching does not read (leads) asks for no rematch', async () => {
  // The last test's rematch job row outlives the match it made by a moment: graphile-worker removes it after commit.
  await eventually(async () => (await rematchesPending()) === 0, 'earlier rematches finished', 30_000);
  assert.equal((await importer.run('lead', 'id,email\nlead-1,grace@hopper.test')).status, 'completed');
  assert.equal(await rematchesPending(), 0, 'a rematch would wait a second after the job committed');
});

test('a burst of requests for one tenant is one pending rematch job', async () => {
  await db.transaction().execute(async (trx) => {
    for (let k = 0; k < 5; k++) await requestRematch(trx, acme.tenantId);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = ${REMATCH_TASK} and key = ${`crm-matching:rematch:${acme.tenantId}`}`.execute(trx);
    assert.equal(rows[0]!.n, 1);
  });
  await eventually(async () => (await rematchesPending()) === 0, 'the rematch runs', 30_000);
});
