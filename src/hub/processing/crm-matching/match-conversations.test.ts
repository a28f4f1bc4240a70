/**
 * CRM matching against real PostgreSQL (docs/processing.md, "CRM
 * matching"): each rule a user relies on, the tie-breaks, internal
 * participants, insights kept consistent, idempotence, and tenants kept
 * apart. Conversations are written with SQL, as the pipeline would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { crmRecords } from '../../../test-support/crm-records.ts';
import { workspace } from '../../../test-support/hub.ts';
import { matchConversation, matchConversations, type MatchOptions } from './match-conversations.ts';
import { matchStatement } from './match-statement.ts';

const { db } = await createTestDatabase();
const data = db as unknown as Kysely<any>;
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const other = await workspace(db, 'Other', 'olga@other.test');
const records = crmRecords(db, acme.tenantId);
const GB: MatchOptions = { phoneRegion: 'GB' };

const match = (id: string, options = GB) => db.transaction().execute((trx) => matchConversation(trx, acme.tenantId, id, options));

async function conversation(id: string) {
  return data.selectFrom('conversations').select(['account_id', 'opportunity_id', 'owner_id', 'updated_at', 'row_version']).where('tenant_id', '=', acme.tenantId).where('id', '=', id).executeTakeFirstOrThrow();
}

async function participants(conversationId: string) {
  const rows = await data.selectFrom('participants').select(['id', 'contact_id', 'owner_id']).where('tenant_id', '=', acme.tenantId).where('conversation_id', '=', conversationId).orderBy('id').execute();
  return Object.fromEntries(rows.map((row) => [row.id, { contact: row.contact_id, owner: row.owner_id }]));
}

await records.accounts(
  { id: 'acc-acme', name: 'Acme', domain: 'acme.com' },
  { id: 'acc-globex', name: 'Globex', website: 'https://www.Globex.com/about-us' },
  { id: 'acc-initech', name: 'Initech', domain: 'WWW.INITECH.IO.' },
  { id: 'acc-solo', name: 'Sole trader', domain: 'gmail.com' },
  { id: 'acc-hooli', name: 'Hooli', website: 'hooli.xyz:8443/home' },
);
await records.contacts(
  { id: 'con-ada', email: 'Ada.Lovelace@Acme.com', account_id: 'acc-acme' },
  { id: 'con-grace-old', email: 'grace@hooli.xyz', account_id: 'acc-hooli', updated: new Date('2025-01-01T00:00:00Z') },
  { id: 'con-grace-new', email: 'GRACE@hooli.xyz', account_id: 'acc-hooli', updated: new Date('2026-02-01T00:00:00Z') },
  { id: 'con-gmail', email: 'linus@gmail.com', account_id: 'acc-initech' },
  { id: 'con-phone', phone: '(020) 7946-0958', account_id: 'acc-globex' },
  { id: 'con-us', phone: '+1 415-555-0132', account_id: 'acc-initech' },
  { id: 'con-orphan', email: 'orphan@nowhere.test', account_id: 'acc-not-imported-yet' },
  { id: 'con-staff', email: 'sam@ourcompany.test', account_id: 'acc-acme' },
);
await records.owners(
  { id: 'own-sam', email: 'Sam@OurCompany.test', is_active: true },
  { id: 'own-sam-gone', email: 'sam@ourcompany.test', is_active: false, updated: new Date('2026-02-15T00:00:00Z') },
);

test('email → Contact, exactly and case-insensitively; the most recently updated of contacts sharing an email', async () => {
  await records.conversation({
    id: 'c-email',
    participants: [
      { id: 'p-ada', role: 'customer', email: 'ada.lovelace@ACME.COM' },
      { id: 'p-grace', role: 'customer', email: 'Grace@Hooli.xyz' },
      { id: 'p-nearly', role: 'customer', email: 'ada.lovelace@acme.co' },
    ],
  });
  const counts = await match('c-email');
  assert.deepEqual(await participants('c-email'), {
    'p-ada': { contact: 'con-ada', owner: null },
    'p-grace': { contact: 'con-grace-new', owner: null },
    'p-nearly': { contact: null, owner: null },
  });
  assert.deepEqual(counts, { conversations: 1, participants: 2, insights: 0 });
});

test('email domain → Account by domain or by the host of website (scheme, www., port, path, case and a trailing dot ignored), subdomains included', async () => {
  const cases = [
    ['hank@globex.com', 'acc-globex'],
    ['peter@initech.io', 'acc-initech'],
    ['milton@eu.basement.initech.io', 'acc-initech'],
    ['gavin@hooli.xyz', 'acc-hooli'],
    ['nobody@unknown-company.test', null],
  ] as const;
  for (const [k, [email, account]] of cases.entries()) {
    await records.conversation({ id: `c-domain-${k}`, participants: [{ id: `p-domain-${k}`, role: 'customer', email }] });
    await match(`c-domain-${k}`);
    assert.equal((await conversation(`c-domain-${k}`)).account_id, account, email);
    assert.equal((await participants(`c-domain-${k}`))[`p-domain-${k}`]!.contact, null, 'a domain gives an account, not a contact');
  }
});

test('free-mail domains match no account, even one whose domain is gmail.com; an exact email still finds its contact', async () => {
  await records.conversation({ id: 'c-free', participants: [{ id: 'p-free', role: 'customer', email: 'someone.else@gmail.com' }] });
  await match('c-free');
  assert.equal((await conversation('c-free')).account_id, null);
  await records.conversation({ id: 'c-free-contact', participants: [{ id: 'p-free-contact', role: 'customer', email: 'Linus@gmail.com' }] });
  await match('c-free-contact');
  assert.equal((await participants('c-free-contact'))['p-free-contact']!.contact, 'con-gmail');
  assert.equal((await conversation('c-free-contact')).account_id, 'acc-initech', "the contact's account");
});

test('phone → Contact in any format, E.164-normalised with the default region; without it only international numbers match', async () => {
  const written = ['+44 20 7946 0958', '020 7946 0958', '0044 (0)20 7946 0958', '+44-20-7946-0958 ext. 4'];
  await records.conversation({
    id: 'c-phone',
    participants: [...written.map((phone, k) => ({ id: `p-phone-${k}`, role: 'customer' as const, phone })), { id: 'p-phone-us', role: 'customer', phone: '001 415 555 0132' }, { id: 'p-phone-wrong', role: 'customer', phone: '020 7946 0959' }],
  });
  await match('c-phone');
  const found = await participants('c-phone');
  for (const k of written.keys()) assert.equal(found[`p-phone-${k}`]!.contact, 'con-phone', written[k]);
  assert.equal(found['p-phone-us']!.contact, 'con-us', 'a US number dialled from the UK');
  assert.equal(found['p-phone-wrong']!.contact, null, 'one digit off');

  await records.conversation({ id: 'c-phone-noregion', participants: [{ id: 'p-intl', role: 'customer', phone: '+44 20 7946 0958' }, { id: 'p-national', role: 'customer', phone: '020 7946 0958' }] });
  await match('c-phone-noregion', { phoneRegion: undefined });
  // The stored contact's own number is national, so without a region it cannot be read either.
  assert.deepEqual(await participants('c-phone-noregion'), { 'p-intl': { contact: null, owner: null }, 'p-national': { contact: null, owner: null } });
  await match('c-phone-noregion', { phoneRegion: 'US' });
  assert.equal((await participants('c-phone-noregion'))['p-national']!.contact, null, 'read as a US number, it is another number');
  assert.equal((await participants('c-phone-noregion'))['p-intl']!.contact, null, 'the contact\u2019s national number reads as a US number too');
});

test("the conversation's account is the one most customer participants belong to; ties go to contact matches, then the smallest id", async () => {
  await records.conversation({
    id: 'c-majority',
    participants: [
      { id: 'p-m1', role: 'customer', email: 'one@globex.com' },
      { id: 'p-m2', role: 'customer', email: 'two@globex.com' },
      { id: 'p-m3', role: 'customer', email: 'ada.lovelace@acme.com' },
      { id: 'p-m4', role: 'internal', email: 'x@acme.com' },
      { id: 'p-m5', role: 'agent', email: 'y@acme.com' },
    ],
  });
  await match('c-majority');
  assert.equal((await conversation('c-majority')).account_id, 'acc-globex', 'two customers of Globex outvote one of Acme; internal participants do not vote');

  await records.conversation({ id: 'c-tie-contact', participants: [{ id: 'p-t1', role: 'customer', email: 'someone@acme.com' }, { id: 'p-t2', role: 'customer', email: 'grace@hooli.xyz' }] });
  await match('c-tie-contact');
  assert.equal((await conversation('c-tie-contact')).account_id, 'acc-hooli', 'one each: the one reached through a contact');

  await records.conversation({ id: 'c-tie-id', participants: [{ id: 'p-t3', role: 'customer', email: 'hank@globex.com' }, { id: 'p-t4', role: 'customer', email: 'someone@acme.com' }] });
  await match('c-tie-id');
  assert.equal((await conversation('c-tie-id')).account_id, 'acc-acme', 'one each by domain: the smallest id');

  await records.conversation({ id: 'c-orphan', participants: [{ id: 'p-o1', role: 'customer', email: 'orphan@nowhere.test' }] });
  await match('c-orphan');
  assert.equal((await participants('c-orphan'))['p-o1']!.contact, 'con-orphan');
  assert.equal((await conversation('c-orphan')).account_id, null, "a contact's account that does not exist yet is no match");
});

test('the opportunity is the open one of the account closest in time to the conversation', async () => {
  await records.accounts({ id: 'acc-deals', domain: 'deals.test' });
  await records.opportunities(
    { id: 'opp-closed', account_id: 'acc-deals', is_closed: true, close_date: '2026-03-02' },
    { id: 'opp-far', account_id: 'acc-deals', is_closed: false, close_date: '2026-06-01' },
    { id: 'opp-near', account_id: 'acc-deals', is_closed: false, close_date: '2026-04-01' },
    { id: 'opp-undated', account_id: 'acc-deals', is_closed: false, created: new Date('2024-01-01T00:00:00Z') },
    { id: 'opp-elsewhere', account_id: 'acc-acme', is_closed: false, close_date: '2026-03-01' },
  );
  await records.conversation({ id: 'c-deal', started_at: new Date('2026-03-01T15:00:00Z'), participants: [{ id: 'p-deal', role: 'customer', email: 'buyer@deals.test' }] });
  await match('c-deal');
  assert.deepEqual([(await conversation('c-deal')).account_id, (await conversation('c-deal')).opportunity_id], ['acc-deals', 'opp-near']);

  await data.updateTable('opportunities').set({ is_closed: true }).where('tenant_id', '=', acme.tenantId).where('id', '=', 'opp-near').execute();
  await match('c-deal');
  assert.equal((await conversation('c-deal')).opportunity_id, 'opp-far', 'once closed, the next closest open one');
  await data.updateTable('opportunities').set({ is_closed: null }).where('tenant_id', '=', acme.tenantId).where('id', '=', 'opp-closed').execute();
  await match('c-deal');
  assert.equal((await conversation('c-deal')).opportunity_id, 'opp-closed', 'an opportunity whose is_closed is unknown counts as open');
});

test('internal participants and agents are never matched to contacts, but to the Owner with their email; bots to nothing', async () => {
  await records.conversation({
    id: 'c-internal',
    participants: [
      { id: 'p-i1', role: 'internal', email: 'SAM@ourcompany.test' },
      { id: 'p-i2', role: 'agent', email: 'sam@ourcompany.test', phone: '+44 20 7946 0958' },
      { id: 'p-i3', role: 'bot', email: 'sam@ourcompany.test' },
      { id: 'p-i4', role: 'customer', email: 'sam@ourcompany.test' },
    ],
  });
  await match('c-internal');
  assert.deepEqual(await participants('c-internal'), {
    'p-i1': { contact: null, owner: 'own-sam' },
    'p-i2': { contact: null, owner: 'own-sam' },
    'p-i3': { contact: null, owner: null },
    'p-i4': { contact: 'con-staff', owner: null },
  }, 'the active owner beats a more recently updated inactive one');
  assert.equal((await conversation('c-internal')).owner_id, 'own-sam', "the conversation's owner is its internal participant's");
});

test("the conversation's owner is the Owner of the internal participant who talked longest; none without one", async () => {
  await records.owners({ id: 'own-kim', email: 'kim@ourcompany.test', is_active: true });
  await records.conversation({
    id: 'c-hosts',
    participants: [
      { id: 'p-h1', role: 'internal', email: 'sam@ourcompany.test', talk_seconds: 40 },
      { id: 'p-h2', role: 'agent', email: 'kim@ourcompany.test', talk_seconds: 300 },
      { id: 'p-h3', role: 'internal', email: 'nobody@ourcompany.test', talk_seconds: 900 },
      { id: 'p-h4', role: 'customer', email: 'ada.lovelace@acme.com', talk_seconds: 1200 },
    ],
  });
  await match('c-hosts');
  assert.equal((await conversation('c-hosts')).owner_id, 'own-kim', 'the longest-talking internal participant with an Owner; customers and unmatched staff do not count');
  await sql`update participants set email = 'nobody@else.test' where tenant_id = ${acme.tenantId}::uuid and id in ('p-h1', 'p-h2')`.execute(db);
  await match('c-hosts');
  assert.equal((await conversation('c-hosts')).owner_id, null, 'recomputed: no internal participant has an Owner any more');
});

test("insights carry the conversation's account and their speaker's contact; a second run writes nothing; a change is recomputed from scratch", async () => {
  await records.conversation({
    id: 'c-insights',
    participants: [{ id: 'p-s1', role: 'customer', email: 'ada.lovelace@acme.com' }, { id: 'p-s2', role: 'customer', email: 'wile@acme.com' }, { id: 'p-s3', role: 'internal', email: 'sam@ourcompany.test' }],
    insightsBy: ['p-s1', 'p-s2', 'p-s3'],
  });
  const before = await conversation('c-insights');
  assert.deepEqual(await match('c-insights'), { conversations: 1, participants: 2, insights: 3 });
  const insights = () => data.selectFrom('insights').select(['id', 'account_id', 'contact_id']).where('tenant_id', '=', acme.tenantId).where('conversation_id', '=', 'c-insights').orderBy('id').execute();
  assert.deepEqual(await insights(), [
    { id: 'c-insights-i0', account_id: 'acc-acme', contact_id: 'con-ada' },
    { id: 'c-insights-i1', account_id: 'acc-acme', contact_id: null },
    { id: 'c-insights-i2', account_id: 'acc-acme', contact_id: null },
  ]);
  const after = await conversation('c-insights');
  assert.ok(after.updated_at > (before.updated_at ?? new Date(0)), 'updated_at moves with the match');

  assert.deepEqual(await match('c-insights'), { conversations: 0, participants: 0, insights: 0 }, 'idempotent');
  const again = await conversation('c-insights');
  assert.deepEqual([again.updated_at, again.row_version], [after.updated_at, after.row_version], 'an unchanged conversation is not rewritten, so delta readers see nothing');

  await data.deleteFrom('contacts').where('tenant_id', '=', acme.tenantId).where('id', '=', 'con-ada').execute();
  await data.updateTable('accounts').set({ domain: null }).where('tenant_id', '=', acme.tenantId).where('id', '=', 'acc-acme').execute();
  await match('c-insights');
  assert.equal((await conversation('c-insights')).account_id, null);
  assert.deepEqual((await insights()).map((i) => [i.account_id, i.contact_id]), [[null, null], [null, null], [null, null]], 'matches whose records are gone are cleared');
  await data.updateTable('accounts').set({ domain: 'acme.com' }).where('tenant_id', '=', acme.tenantId).where('id', '=', 'acc-acme').execute();
  await data.insertInto('contacts').values({ tenant_id: acme.tenantId, id: 'con-ada', email: 'Ada.Lovelace@Acme.com', account_id: 'acc-acme', updated: new Date() }).execute();
});

test("a contact or account of another tenant never matches, and another tenant's conversations are left alone", async () => {
  const mine = crmRecords(db, other.tenantId);
  await mine.accounts({ id: 'acc-other', domain: 'other-only.test' });
  await mine.contacts({ id: 'con-other', email: 'only@other-only.test', phone: '+44 20 7946 0000', account_id: 'acc-other' });
  await mine.owners({ id: 'own-other', email: 'boss@other-only.test' });
  await mine.conversation({ id: 'c-theirs', participants: [{ id: 'p-theirs', role: 'customer', email: 'ada.lovelace@acme.com' }] });
  await records.conversation({
    id: 'c-mine',
    participants: [{ id: 'p-mine1', role: 'customer', email: 'only@other-only.test', phone: '+44 20 7946 0000' }, { id: 'p-mine2', role: 'internal', email: 'boss@other-only.test' }],
  });
  await match('c-mine');
  assert.deepEqual(await participants('c-mine'), { 'p-mine1': { contact: null, owner: null }, 'p-mine2': { contact: null, owner: null } });
  assert.equal((await conversation('c-mine')).account_id, null);

  const counts = await db.transaction().execute((trx) => matchConversations(trx, acme.tenantId, { conversationIds: ['c-theirs', 'no-such-conversation'] }, GB));
  assert.deepEqual(counts, { conversations: 0, participants: 0, insights: 0 });
  const theirs = await data.selectFrom('participants').select('contact_id').where('tenant_id', '=', other.tenantId).where('id', '=', 'p-theirs').executeTakeFirstOrThrow();
  assert.equal(theirs.contact_id, null);
});

test('{ all: true } matches every conversation of the tenant in batches, and again finds nothing to change', async () => {
  await sql`insert into conversations (tenant_id, id, type, status, created_at)
    select ${acme.tenantId}::uuid, 'c-bulk-' || lpad(k::text, 4, '0'), 'call', 'processed', now() from generate_series(0, 1099) k`.execute(db);
  await sql`insert into participants (tenant_id, id, conversation_id, role, email)
    select ${acme.tenantId}::uuid, 'p-bulk-' || k, 'c-bulk-' || lpad(k::text, 4, '0'), 'customer', case when k % 2 = 1 then 'grace@hooli.xyz' else 'x' || k || '@globex.com' end
    from generate_series(0, 1099) k`.execute(db);
  const started = Date.now();
  const first = await db.transaction().execute((trx) => matchConversations(trx, acme.tenantId, { all: true }, GB));
  assert.ok(first.conversations >= 1_100, `${first.conversations} conversations changed in ${Date.now() - started} ms`);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from conversations where tenant_id = ${acme.tenantId}::uuid and id like 'c-bulk-%' and account_id is null`.execute(db);
  assert.equal(rows[0]!.n, 0);
  assert.deepEqual(await db.transaction().execute((trx) => matchConversations(trx, acme.tenantId, { all: true }, GB)), { conversations: 0, participants: 0, insights: 0 });
});

test('a workspace without CRM records writes nothing, clears matches left over, and matches the records imported later', async () => {
  const empty = await workspace(db, 'Empty', 'eve@empty.test');
  const mine = crmRecords(db, empty.tenantId);
  const run = (ids: string[]) => db.transaction().execute((trx) => matchConversations(trx, empty.tenantId, { conversationIds: ids }, GB));
  const state = async () => ({
    conversations: await data.selectFrom('conversations').select(['id', 'account_id', 'opportunity_id', 'owner_id', 'row_version']).where('tenant_id', '=', empty.tenantId).orderBy('id').execute(),
    participants: await data.selectFrom('participants').select(['id', 'contact_id', 'owner_id', 'row_version']).where('tenant_id', '=', empty.tenantId).orderBy('id').execute(),
    insights: await data.selectFrom('insights').select(['id', 'account_id', 'contact_id']).where('tenant_id', '=', empty.tenantId).orderBy('id').execute(),
  });
  await mine.conversation({
    id: 'e-1',
    participants: [{ id: 'e-p1', role: 'customer', email: 'kim@kimco.test', phone: '020 7946 0111' }, { id: 'e-p2', role: 'internal', email: 'eve@empty.test' }],
    insightsBy: ['e-p1', 'e-p2'],
  });
  await mine.conversation({ id: 'e-2', participants: [{ id: 'e-p3', role: 'customer', email: 'lee@leeco.test' }], insightsBy: ['e-p3'] });
  const before = await state();
  assert.deepEqual(await run(['e-1', 'e-2']), { conversations: 0, participants: 0, insights: 0 });
  assert.deepEqual(await state(), before, 'nothing written: row versions unchanged');

  // Matches set while records existed (or by the conversation's source) whose records are all gone now.
  await data.updateTable('conversations').set({ account_id: 'acc-gone', owner_id: 'own-gone' }).where('tenant_id', '=', empty.tenantId).where('id', '=', 'e-2').execute();
  await data.updateTable('participants').set({ contact_id: 'con-gone' }).where('tenant_id', '=', empty.tenantId).where('id', '=', 'e-p3').execute();
  await data.updateTable('insights').set({ account_id: 'acc-gone', contact_id: 'con-gone' }).where('tenant_id', '=', empty.tenantId).where('conversation_id', '=', 'e-2').execute();
  assert.deepEqual(await run(['e-1', 'e-2']), { conversations: 1, participants: 1, insights: 1 });
  const cleared = await state();
  assert.deepEqual(cleared.conversations.map((c) => [c.id, c.account_id, c.owner_id]), [['e-1', null, null], ['e-2', null, null]]);
  assert.deepEqual(cleared.participants.map((p) => p.contact_id), [null, null, null]);
  assert.deepEqual(cleared.insights.map((i) => [i.account_id, i.contact_id]), [[null, null], [null, null], [null, null]]);
  assert.deepEqual(cleared.conversations[0]!.row_version, before.conversations[0]!.row_version, 'a conversation that held no match is not rewritten');

  // Records that no participant's key can find: still nothing to match, nothing to write.
  await mine.owners({ id: 'own-other', email: 'someone@else.test' });
  assert.deepEqual(await run(['e-2']), { conversations: 0, participants: 0, insights: 0 });

  // Records imported after the conversations are matched by the next run (the rematch an import requests).
  await mine.accounts({ id: 'acc-kim', domain: 'kimco.test' });
  await mine.contacts({ id: 'con-lee', email: 'Lee@LeeCo.test', account_id: 'acc-kim' }, { id: 'con-kim-phone', phone: '+44 20 7946 0111' });
  await mine.owners({ id: 'own-eve', email: 'eve@empty.test' });
  assert.deepEqual(await run(['e-1', 'e-2']), { conversations: 2, participants: 3, insights: 3 });
  const matched = await state();
  assert.deepEqual(matched.conversations.map((c) => [c.id, c.account_id, c.owner_id]), [['e-1', 'acc-kim', 'own-eve'], ['e-2', 'acc-kim', null]]);
  assert.deepEqual(matched.participants.map((p) => [p.id, p.contact_id, p.owner_id]), [['e-p1', 'con-kim-phone', null], ['e-p2', null, 'own-eve'], ['e-p3', 'con-lee', null]]);
  assert.deepEqual(matched.insights.map((i) => [i.account_id, i.contact_id]), [['acc-kim', 'con-kim-phone'], ['acc-kim', null], ['acc-kim', 'con-lee']]);
});

test('the matching statement is index-backed: the registry\u2019s lookup indexes serve every search', async () => {
  // A workspace of realistic size, so that the planner's statistics make it choose as it would in production.
  const bulk = await workspace(db, 'Bulk', 'bulk@bulk.test');
  await sql`insert into accounts (tenant_id, id, domain, website, updated) select ${bulk.tenantId}::uuid, 'a' || k, 'd' || k || '.test', 'https://w' || k || '.test', now() from generate_series(1, 5000) k`.execute(db);
  await sql`insert into contacts (tenant_id, id, email, phone, account_id, updated) select ${bulk.tenantId}::uuid, 'c' || k, 'p' || k || '@d' || k || '.test', '+4420' || (10000000 + k), 'a' || k, now() from generate_series(1, 5000) k`.execute(db);
  await sql`insert into owners (tenant_id, id, email, updated) select ${bulk.tenantId}::uuid, 'o' || k, 'o' || k || '@us.test', now() from generate_series(1, 500) k`.execute(db);
  await sql`insert into opportunities (tenant_id, id, account_id, is_closed, updated) select ${bulk.tenantId}::uuid, 'y' || k, 'a' || (k % 5000), k % 3 = 0, now() from generate_series(1, 5000) k`.execute(db);
  await sql`analyze accounts, contacts, owners, opportunities`.execute(db);
  const keys = [{ id: 'p', conversation_id: 'c', role: 'customer', email: 'a@b.test', domains: ['b.test'], phone_contact: 'con-phone', phone_account: null }];
  const plans = await db.transaction().execute(async (trx) => {
    const explain = async (query: RawBuilder<unknown>) => (await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(trx)).rows.map((row) => row['QUERY PLAN']).join('\n');
    return {
      statement: await explain(matchStatement(bulk.tenantId, ['c'], keys)),
      phone: await explain(sql`select id from contacts where tenant_id = ${bulk.tenantId}::uuid and crm_phone_digits(phone) = any(array['442079460958'])`),
    };
  });
  const conditions = plans.statement.split('\n').filter((line) => line.includes('Index Cond:')).join('\n');
  for (const lookup of [/crm_email_key\(email\) = x\.email/, /crm_host\(domain\) = d\w*\.host/, /crm_host\(website\) = d\w*\.host/, /account_id = \w+\.account_id/]) {
    assert.match(conditions, lookup, plans.statement);
  }
  assert.equal(conditions.match(/crm_email_key/g)?.length, 2, 'contacts and owners by email');
  assert.match(plans.phone, /contacts_phone_digits_idx/);
});
