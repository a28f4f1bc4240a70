/**
 * Change tracking over real HTTP and PostgreSQL: a client that reads a set
 * with `Prefer: odata.track-changes`, then follows delta links and applies
 * what they say, must end with exactly what a fresh read returns, whatever
 * was inserted, updated, deleted or moved out of its filter in between
 * (also while it was paging).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { startHub, workspace } from '../../../test-support/hub.ts';
import { createToken } from '../../identity/personal-access-tokens.ts';
import { createTenant } from '../../../platform/tenancy/tenancy.ts';
import { eventually } from '../../../test-support/eventually.ts';
import { DELTA_RETENTION_DAYS, purgeTombstones } from '../maintenance/purge-tombstones.ts';
import { SCHEDULE, taskList } from '../../../services.ts';
import { loadConfig } from '../../../platform/config/config.ts';
import { odataClient } from '../../../test-support/odata-client.ts';

const { db } = await createTestDatabase();
const hub = await startHub(db);
const acme = await workspace(db, 'Acme Delta', 'ada@delta.test');
const globex = await workspace(db, 'Globex Delta', 'gil@delta.test');
const token = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'r', scopes: ['api:read'] })).token;
const globexToken = (await createToken(db, { tenantId: globex.tenantId, userId: globex.userId, name: 'g', scopes: ['api:read'] })).token;

const get = odataClient(hub.url, token);

async function account(tenantId: string, id: string, name: string, industry: string) {
  await sql`insert into accounts (tenant_id, id, name, industry, updated) values (${tenantId}, ${id}, ${name}, ${industry}, now())`.execute(db);
}

for (let i = 0; i < 7; i++) await account(acme.tenantId, `acc-${i}`, `Shop ${i}`, i < 5 ? 'Retail' : 'Energy');
await account(globex.tenantId, 'gx-1', 'Globex Retail', 'Retail');

const QUERY = `/odata/Accounts?$filter=industry eq 'Retail'&$select=id,name&$orderby=name desc`;
const PAGE = { prefer: 'odata.track-changes, odata.maxpagesize=2' };

type Replica = Map<string, { id: string; name: string }>;

/** Follows next links from `url` to the end, applying each page to `replica`; returns the pages and the delta link. */
async function sync(url: string, replica: Replica, between?: () => Promise<void>) {
  const pages = [];
  for (;;) {
    const page = await get(url, PAGE);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    pages.push(page);
    for (const item of page.body.value) {
      if (item['@removed']) replica.delete(item.id);
      else replica.set(item.id, item);
    }
    if (!page.body['@odata.nextLink']) return { pages, deltaLink: page.body['@odata.deltaLink'] as string };
    assert.ok(pages.length < 50, 'next links end');
    assert.equal(page.body['@odata.deltaLink'], undefined, 'only the last page carries the delta link');
    await between?.();
    url = page.body['@odata.nextLink'];
  }
}

async function expected(tenantId = acme.tenantId) {
  const { rows } = await sql<{ id: string; name: string }>`select id, name from accounts where tenant_id = ${tenantId} and industry = 'Retail' order by id`.execute(db);
  return rows;
}

const sorted = (replica: Replica) => [...replica.values()].sort((a, b) => a.id.localeCompare(b.id)).map(({ id, name }) => ({ id, name }));

test('a tracked read ends with a delta link; following it gives inserts, updates, deletions and rows that left the filter', async () => {
  const replica: Replica = new Map();
  const first = await sync(QUERY, replica);
  assert.equal(first.pages.length, 3);
  for (const page of first.pages) assert.match(page.headers.get('preference-applied') ?? '', /odata\.track-changes/);
  assert.deepEqual(sorted(replica), await expected());
  const link = new URL(first.deltaLink);
  assert.equal(link.origin, hub.url);
  assert.deepEqual([...link.searchParams.keys()], ['$filter', '$select', '$deltatoken'], 'the defining query only: no order, page size or skip token');
  assert.equal(first.pages.at(-1)!.body['@deltaLink'], first.deltaLink, 'the 4.01 spelling too');

  await account(acme.tenantId, 'acc-new', 'Newcomer', 'Retail');
  await sql`update accounts set name = 'Shop One Renamed' where tenant_id = ${acme.tenantId} and id = 'acc-1'`.execute(db);
  await sql`update accounts set industry = 'Energy' where tenant_id = ${acme.tenantId} and id = 'acc-2'`.execute(db);
  await sql`delete from accounts where tenant_id = ${acme.tenantId} and id = 'acc-3'`.execute(db);
  await sql`update accounts set name = 'Other tenant' where tenant_id = ${globex.tenantId}`.execute(db);

  const delta = await sync(first.deltaLink, replica);
  const items = delta.pages.flatMap((page) => page.body.value);
  assert.match(delta.pages[0]!.body['@odata.context'], /#Accounts\(id,name\)\/\$delta$/);
  assert.deepEqual(
    items.filter((item) => !item['@removed']).map((item) => item.id).sort(),
    ['acc-1', 'acc-new'],
  );
  assert.deepEqual(items.find((item) => item.id === 'acc-3'), { '@removed': { reason: 'deleted' }, id: 'acc-3' });
  assert.deepEqual(items.find((item) => item.id === 'acc-2'), { '@removed': { reason: 'changed' }, id: 'acc-2' });
  assert.ok(!items.some((item) => item.id === 'gx-1'), 'another tenant\'s change is not in the delta');
  assert.deepEqual(sorted(replica), await expected());

  const quiet = await sync(delta.deltaLink, replica);
  assert.deepEqual(quiet.pages.map((page) => page.body.value), [[]], 'nothing changed: an empty delta and a new link');
  assert.ok(quiet.deltaLink);
});

test('changes made while a client pages are delivered by the next delta, so nothing is lost', async () => {
  const replica: Replica = new Map();
  let step = 0;
  const first = await sync(QUERY, replica, async () => {
    step++;
    // Between pages: a row already served changes, one not yet served is deleted, a new one sorts before the cursor.
    if (step === 1) {
      await sql`update accounts set name = 'Zed moved up' where tenant_id = ${acme.tenantId} and id = 'acc-0'`.execute(db);
      await account(acme.tenantId, `acc-late-${Date.now()}`, 'Zzz late', 'Retail');
    }
    if (step === 2) await sql`delete from accounts where tenant_id = ${acme.tenantId} and id = 'acc-4'`.execute(db);
  });
  await sync(first.deltaLink, replica);
  assert.deepEqual(sorted(replica), await expected());
});

test('a large delta pages through next links by row version, then hands a new delta link', async () => {
  const replica: Replica = new Map();
  const first = await sync(QUERY, replica);
  for (let i = 0; i < 9; i++) await account(acme.tenantId, `bulk-${i}`, `Bulk ${i}`, 'Retail');
  await sql`delete from accounts where tenant_id = ${acme.tenantId} and id in ('bulk-1', 'bulk-2', 'acc-new')`.execute(db);
  const delta = await sync(first.deltaLink, replica);
  assert.ok(delta.pages.length >= 5, `${delta.pages.length} pages of 2`);
  assert.ok(delta.pages.every((page) => page.body.value.length <= 2));
  assert.deepEqual(sorted(replica), await expected());
});

test('a key deleted and created again is sent as the new entity, not as removed', async () => {
  const replica: Replica = new Map();
  const first = await sync(QUERY, replica);
  await sql`delete from accounts where tenant_id = ${acme.tenantId} and id = 'acc-1'`.execute(db);
  await account(acme.tenantId, 'acc-1', 'Shop One Reborn', 'Retail');
  const delta = await sync(first.deltaLink, replica);
  const items = delta.pages.flatMap((page) => page.body.value);
  assert.deepEqual(items.filter((item) => item.id === 'acc-1'), [{ id: 'acc-1', name: 'Shop One Reborn' }]);
});

test('OData 4.0 clients get the 4.0 deleted-entity form and only @odata. annotations', async () => {
  const start = await get(QUERY, { prefer: 'odata.track-changes', 'odata-maxversion': '4.0' });
  const link = start.body['@odata.deltaLink'];
  assert.equal(start.body['@deltaLink'], undefined);
  await sql`delete from accounts where tenant_id = ${acme.tenantId} and id = 'acc-0'`.execute(db);
  const delta = await get(link, { 'odata-maxversion': '4.0' });
  assert.equal(delta.status, 200);
  assert.deepEqual(delta.body.value, [
    { '@odata.context': `${hub.url}/odata/$metadata#Accounts/$deletedEntity`, id: `${hub.url}/odata/Accounts('acc-0')`, reason: 'deleted' },
  ]);
  assert.ok(delta.body['@odata.deltaLink']);
});

test('change tracking is offered on entity-set collections only', async () => {
  await account(acme.tenantId, 'tracked-only-as-set', 'Single', 'Retail');
  for (const url of [`/odata/Accounts('tracked-only-as-set')`, `/odata/Accounts/tracked-only-as-set/Contacts`, `/odata/Accounts?$expand=Contacts`]) {
    const response = await get(url, { prefer: 'odata.track-changes' });
    assert.equal(response.status, 200, url);
    assert.doesNotMatch(response.headers.get('preference-applied') ?? '', /track-changes/, url);
    assert.equal(response.body['@odata.deltaLink'], undefined, url);
  }
  await sql`delete from accounts where tenant_id = ${acme.tenantId} and id = 'tracked-only-as-set'`.execute(db);
});

test('delta links are bound to their set and refuse edits, other options and other paths; other tenants see only their own', async () => {
  const { body } = await get(QUERY, { prefer: 'odata.track-changes' });
  const link = new URL(body['@odata.deltaLink']);
  const token = link.searchParams.get('$deltatoken')!;
  const cases: [string, RegExp][] = [
    [`/odata/Accounts?$deltatoken=${token.slice(0, -2)}xx`, /\$deltatoken is not one this service issued/],
    [`/odata/Contacts?$deltatoken=${token}`, /belongs to Accounts/],
    [`/odata/Accounts?$deltatoken=${token}&$orderby=name`, /\$orderby cannot be used with \$deltatoken/],
    [`/odata/Accounts?$deltatoken=${token}&$top=5`, /\$top cannot be used/],
    [`/odata/Accounts('acc-2')?$deltatoken=${token}`, /applies to an entity set/],
    [`/odata/Accounts?$deltatoken=${token}&$skiptoken=abc.${'x'.repeat(22)}`, /\$skiptoken is not one this service issued/],
  ];
  for (const [url, message] of cases) {
    const response = await get(url);
    assert.equal(response.status, 400, url);
    assert.equal(response.body.error.code, 'ODATA_INVALID_QUERY', url);
    assert.match(response.body.error.message, message, url);
  }
  // A skip token of an ordinary read is not a delta page's, and the other way round.
  const paged = await get('/odata/Accounts?$top=1');
  const ordinary = new URL(paged.body['@odata.nextLink']).searchParams.get('$skiptoken')!;
  assert.equal((await get(`/odata/Accounts?$deltatoken=${token}&$skiptoken=${ordinary}`)).status, 400);

  await sql`update accounts set name = 'Acme secret' where tenant_id = ${acme.tenantId}`.execute(db);
  const foreign = await get(link.href, {}, globexToken);
  assert.equal(foreign.status, 200);
  assert.ok(foreign.body.value.every((item: { id: string }) => item.id.startsWith('gx-')), JSON.stringify(foreign.body.value));
});

test('deleting a tenant with tracked rows leaves no tombstones and does not fail', async () => {
  const { tenantId } = await createTenant(db, { name: 'Short-lived', admin: { email: 'gone@delta.test', password: 'correct horse battery', name: 'Gone' } });
  await account(tenantId, 'x-1', 'Gone', 'Retail');
  await sql`delete from accounts where tenant_id = ${tenantId} and id = 'x-1'`.execute(db);
  await account(tenantId, 'x-2', 'Gone too', 'Retail');
  await sql`delete from tenants where id = ${tenantId}`.execute(db);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from odata_tombstones where tenant_id = ${tenantId}`.execute(db);
  assert.equal(rows[0]!.n, 0);
});

test('deletions are kept 30 days; an older delta link answers 410 Gone with where to read the set again', async () => {
  const stale = await sync(QUERY, new Map());
  const globexLink = (await get(QUERY, { prefer: 'odata.track-changes' }, globexToken)).body['@odata.deltaLink'] as string;
  await account(acme.tenantId, 'old-1', 'Deleted long ago', 'Retail');
  await account(globex.tenantId, 'gx-2', 'Globex recent', 'Retail');
  await sql`delete from accounts where (tenant_id, id) in ((${acme.tenantId}, 'old-1'), (${globex.tenantId}, 'gx-2'))`.execute(db);
  await sql`update odata_tombstones set deleted_at = now() - make_interval(days => ${DELTA_RETENTION_DAYS + 1}) where tenant_id = ${acme.tenantId} and id = 'old-1'`.execute(db);

  assert.equal(await purgeTombstones(db), 1, 'only the tombstone past retention');
  const { rows: kept } = await sql<{ id: string }>`select id from odata_tombstones where id in ('old-1', 'gx-2')`.execute(db);
  assert.deepEqual(kept.map((row) => row.id), ['gx-2']);

  const gone = await get(stale.deltaLink);
  assert.equal(gone.status, 410);
  assert.equal(gone.body.error.code, 'ODATA_DELTA_EXPIRED');
  assert.equal(gone.body.error.target, '$deltatoken');
  const location = new URL(gone.headers.get('location')!);
  assert.equal(location.origin + location.pathname, `${hub.url}/odata/Accounts`);
  assert.deepEqual([...location.searchParams], [['$filter', "industry eq 'Retail'"], ['$select', 'id,name']], 'the defining query, without the token');

  // Reading the set again from Location gives a fresh copy and a link that works, and reports later deletions.
  // A link is complete once every transaction older than the purged tombstone has ended; the tombstone here is
  // seconds old (not 30 days), so a transaction of a test running beside this one may still be open: wait for it.
  await eventually(async () => {
    const { rows } = await sql<{ past: boolean }>`
      select pg_snapshot_xmin(pg_current_snapshot()) > purged_through as past from odata_tombstone_horizons
      where tenant_id = ${acme.tenantId} and entity_set = 'Accounts'`.execute(db);
    return rows[0]!.past;
  }, 'transactions older than the purged tombstone ended', 120_000);
  await account(acme.tenantId, 'fresh-1', 'Served, then deleted', 'Retail');
  const replica: Replica = new Map();
  const fresh = await sync(location.href, replica);
  assert.deepEqual(sorted(replica), await expected());
  assert.ok(replica.has('fresh-1'));
  await sql`delete from accounts where tenant_id = ${acme.tenantId} and id = 'fresh-1'`.execute(db);
  const after = await get(fresh.deltaLink);
  assert.equal(after.status, 200, JSON.stringify(after.body));
  assert.deepEqual(after.body.value, [{ '@removed': { reason: 'deleted' }, id: 'fresh-1' }]);

  // The horizon is per workspace and set: another workspace's older link is still complete.
  const foreign = await get(globexLink, {}, globexToken);
  assert.equal(foreign.status, 200);
  assert.deepEqual(foreign.body.value, [{ '@removed': { reason: 'deleted' }, id: 'gx-2' }]);
});

test('the purge runs hourly on the job queue', () => {
  const items = SCHEDULE.filter((item) => item.task === 'odata:purge-tombstones');
  assert.equal(items.length, 1, 'one schedule entry');
  // Once in every hour of every day: the entry's matcher over the minutes of a week, every day of the month and month.
  const runs: string[] = [];
  for (let dow = 0; dow < 7; dow++) {
    for (let hour = 0; hour < 24; hour++) {
      for (let min = 0; min < 60; min++) {
        if (items[0]!.match({ min, hour, date: 1 + ((dow * 5) % 31), month: 1 + ((dow * 2) % 12), dow })) runs.push(`${dow} ${hour}`);
      }
    }
  }
  assert.deepEqual(runs, Array.from({ length: 7 * 24 }, (_, i) => `${Math.floor(i / 24)} ${i % 24}`));
  assert.equal(typeof taskList(db, loadConfig({}))['odata:purge-tombstones'], 'function');
});

test('a purge that commits while a delta is being read is never half-seen: the link answers 410, not a delta without the deletion', async () => {
  const first = await sync(QUERY, new Map());
  await account(acme.tenantId, 'race-1', 'Raced', 'Retail');
  await sql`delete from accounts where tenant_id = ${acme.tenantId} and id = 'race-1'`.execute(db);
  await sql`update odata_tombstones set deleted_at = now() - make_interval(days => ${DELTA_RETENTION_DAYS + 1}) where tenant_id = ${acme.tenantId} and id = 'race-1'`.execute(db);

  // The purge holds the tombstones locked until the delta request is waiting to read them, then commits.
  let locked!: () => void;
  let release!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const purging = db.transaction().execute(async (trx) => {
    await sql`lock table odata_tombstones in access exclusive mode`.execute(trx);
    locked();
    await released;
    return purgeTombstones(trx);
  });
  await isLocked;
  const pending = get(first.deltaLink);
  await eventually(async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
    return rows[0]!.n > 0;
  }, 'the delta request waits for the purge', 10_000);
  release();
  assert.equal(await purging, 1);
  const response = await pending;
  assert.equal(response.status, 410, JSON.stringify(response.body));
});
