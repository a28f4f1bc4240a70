/**
 * Conformance (docs/odata.md): a typed client that an external generator (the SAP
 * Cloud SDK's OData v4 generator) builds from the live `$metadata` queries
 * the hub over HTTP and gets exactly the rows SQL gets for the tenant.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { sql, type RawBuilder } from 'kysely';
import moment from 'moment';
import { BigNumber } from 'bignumber.js';
import { generate } from '@sap-cloud-sdk/generator';
import { all, any, asc, desc, filterFunctions, or } from '@sap-cloud-sdk/odata-v4';
import { setGlobalTransports } from '@sap-cloud-sdk/util';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { startHub, workspace } from '../../../test-support/hub.ts';
import { onCleanup } from '../../../test-support/cleanup.ts';
import { createToken } from '../../identity/personal-access-tokens.ts';
import { loadDemo } from '../../../test-support/demo-fixture.ts';
import { ENTITY_SETS, findEntitySet } from '../model/registry.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const require = createRequire(import.meta.url);
const { startsWith, contains, toLower, length, year } = filterFunctions();

const database = await createTestDatabase();
const { db } = database;
const hub = await startHub(db);
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const globex = await workspace(db, 'Globex', 'gil@globex.test');
await loadDemo(database, acme.tenantId, { conversations: 200, fragmentShare: 0 });
// More rows than Acme, so some keys (conv-0000250) exist only in Globex.
await loadDemo(database, globex.tenantId, { conversations: 300, fragmentShare: 0 }, 9);
// Keys with characters that URLs reserve, which the SDK percent-encodes inside Contacts(id='…').
const ODD_KEYS = ["o'brien 1", 'a/b?c#d%e+f&g ü'];
for (const id of ODD_KEYS) {
  await sql`insert into contacts (tenant_id, id, first_name, last_name, updated) values (${acme.tenantId}, ${id}, 'Siobhan', ${"O'Brien"}, now())`.execute(db);
}
const token = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'sdk', scopes: ['api:read'] })).token;
const bearer = { url: hub.url, headers: { authorization: `Bearer ${token}` } };
// BI-style HTTP Basic with the token as password.
const basic = { url: hub.url, authentication: 'BasicAuthentication', username: 'sdk', password: token };

// The SDK logs through winston; collect what it says instead of printing it. A winston 3 transport is
// an object-mode stream of log entries (winston only checks that it has a log method).
const sdkLog: { level: string; message: string }[] = [];
const collector = Object.assign(
  new Writable({
    objectMode: true,
    write(info: Record<string | symbol, string>, _encoding, done) {
      sdkLog.push({ level: info[Symbol.for('level')]!, message: info.message! });
      done();
    },
  }),
  { log: (_info: unknown, done: () => void) => done() },
);
collector.setMaxListeners(0); // every SDK logger pipes into it
setGlobalTransports(collector as never);

/**
 * Generates the client from what the server serves, as a user of the SDK
 * would, and compiles it with our own tsc (strict). The generator's own
 * `transpile` option type-checks with its bundled TypeScript 5 and takes
 * about three times as long.
 */
async function generateClient(metadataXml: string) {
  const dir = await mkdtemp(join(tmpdir(), 'commontime-sap-client-'));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  const edmx = join(dir, 'edmx', 'commontime.edmx');
  await mkdir(join(dir, 'edmx'));
  await writeFile(edmx, metadataXml);
  // The service root is not part of CSDL; the SDK takes it from this file.
  const optionsPerService = join(dir, 'options-per-service.json');
  await writeFile(optionsPerService, JSON.stringify({ [relative(process.cwd(), edmx)]: { directoryName: 'commontime', basePath: '/odata' } }));
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await generate({ input: edmx, outputDir: join(dir, 'client'), optionsPerService });
  const compilerOptions = { target: 'es2022', module: 'node16', moduleResolution: 'node16', lib: ['es2022'], strict: true, skipLibCheck: true, types: [] };
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['client/**/*.ts'] }));
  await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsc'), ['-p', dir]).catch((error: { stdout?: string }) => {
    throw new Error(`the generated client does not compile:\n${error.stdout}`);
  });
  return require(join(dir, 'client/commontime/index.js')) as { commontime: () => Record<string, any> };
}

const started = Date.now();
const metadata = await fetch(`${hub.url}/odata/$metadata`, { headers: bearer.headers });
assert.equal(metadata.status, 200);
const generatedApis = (await generateClient(await metadata.text())).commontime();
const { contactsApi, conversationsApi, opportunitiesApi, accountsApi, participantsApi, topicsApi } = generatedApis;
const generationMs = Date.now() - started;
const generationLog = sdkLog.splice(0);

const iso = (value: { toISOString(): string } | null | undefined) => value?.toISOString() ?? null;

test('the generator reads $metadata without a warning and builds an API for every entity set', (t) => {
  t.diagnostic(`SAP Cloud SDK client generated from $metadata and compiled in ${generationMs} ms`);
  assert.deepEqual(generationLog.filter((entry) => entry.level === 'warn' || entry.level === 'error'), []);
  for (const set of ENTITY_SETS) {
    const api = generatedApis[`${set.name[0]!.toLowerCase()}${set.name.slice(1)}Api`];
    assert.equal(api?.entityConstructor._entityName, set.name);
  }
});

test('a filtered, ordered, selected list of Contacts with the Account expanded (bearer token)', async () => {
  const c = contactsApi.schema;
  const since = new Date(Date.UTC(2026, 5, 1));
  const contacts = await contactsApi.requestBuilder().getAll()
    .select(c.ID, c.FIRST_NAME, c.LAST_NAME, c.EMAIL, c.REGION, c.UPDATED)
    .expand(c.ACCOUNT.select(accountsApi.schema.NAME))
    .filter(or(c.REGION.equals('EMEA'), startsWith(c.LAST_NAME, 'S').equals(true)), c.UPDATED.greaterOrEqual(moment.utc(since)))
    .orderBy(asc(c.LAST_NAME), desc(c.FIRST_NAME))
    .top(30)
    .execute(bearer);
  const { rows } = await sql<Record<string, any>>`select c.id, c.first_name, c.last_name, c.email, c.region, c.updated, a.name as account_name
    from contacts c left join accounts a on a.tenant_id = c.tenant_id and a.id = c.account_id
    where c.tenant_id = ${acme.tenantId} and (c.region = 'EMEA' or c.last_name like 'S%') and c.updated >= ${since}
    order by c.last_name asc nulls last, c.first_name desc nulls first, c.id desc limit 30`.execute(db);
  assert.ok(rows.length >= 5, `the filter matches enough contacts to order (${rows.length})`);
  assert.deepEqual(
    contacts.map((x: any) => ({ id: x.id, first_name: x.firstName, last_name: x.lastName, email: x.email, region: x.region, updated: iso(x.updated), account_name: x.account?.name ?? null })),
    rows.map((r) => ({ ...r, updated: iso(r.updated) })),
  );
});

test('Conversations filtered by type, time, duration and sentiment, newest first, with their Participants (HTTP Basic)', async () => {
  const v = conversationsApi.schema;
  const p = participantsApi.schema;
  const since = new Date(Date.UTC(2026, 0, 1));
  const conversations = await conversationsApi.requestBuilder().getAll()
    // PARTICIPANTS in select() as well puts the navigation property into $select.
    .select(v.ID, v.TITLE, v.SERVICE, v.STARTED_AT, v.DURATION_SECONDS, v.SENTIMENT, v.PARTICIPANTS)
    .expand(v.PARTICIPANTS.select(p.NAME, p.ROLE).orderBy(desc(p.ROLE)))
    // The SDK writes Edm.Double values with the OData 2.0 suffix: sentiment lt 0.5D.
    .filter(v.TYPE.equals('call'), v.STARTED_AT.greaterOrEqual(moment.utc(since)), v.DURATION_SECONDS.greaterThan(600), v.SENTIMENT.lessThan(0.5))
    .orderBy(desc(v.STARTED_AT))
    .top(20)
    .execute(basic);
  const { rows } = await sql<Record<string, any>>`select id, title, service, started_at, duration_seconds, sentiment from conversations
    where tenant_id = ${acme.tenantId} and type = 'call' and started_at >= ${since} and duration_seconds > 600 and sentiment < 0.5
    order by started_at desc nulls first, id desc limit 20`.execute(db);
  assert.equal(rows.length, 20);
  const participants = await sql<{ conversation_id: string; name: string; role: string }>`select conversation_id, name, role from participants
    where tenant_id = ${acme.tenantId} and conversation_id in (${sql.join(rows.map((r) => r.id))}) order by role desc, id desc`.execute(db);
  assert.deepEqual(
    conversations.map((x: any) => ({
      id: x.id, title: x.title, service: x.service, started_at: iso(x.startedAt), duration_seconds: x.durationSeconds, sentiment: x.sentiment,
      participants: x.participants.map((q: any) => ({ name: q.name, role: q.role })),
    })),
    rows.map((r) => ({
      ...r, started_at: iso(r.started_at),
      participants: participants.rows.filter((q) => q.conversation_id === r.id).map(({ name, role }) => ({ name, role })),
    })),
  );
});

test('Opportunities filtered on Edm.Decimal, Edm.Boolean and Edm.Date values, ordered by amount', async () => {
  const o = opportunitiesApi.schema;
  const opportunities = await opportunitiesApi.requestBuilder().getAll()
    .select(o.ID, o.NAME, o.AMOUNT, o.CLOSE_DATE, o.IS_CLOSED)
    .filter(o.AMOUNT.greaterOrEqual(new BigNumber('100000.5')), o.IS_CLOSED.equals(false), o.CLOSE_DATE.lessThan(moment.utc('2026-12-01')))
    .orderBy(desc(o.AMOUNT), asc(o.CLOSE_DATE))
    .top(100)
    .execute(bearer);
  const { rows } = await sql<Record<string, any>>`select id, name, amount::text, close_date::text, is_closed from opportunities
    where tenant_id = ${acme.tenantId} and amount >= 100000.5 and not is_closed and close_date < '2026-12-01'
    order by amount desc nulls first, close_date asc nulls last, id asc`.execute(db);
  assert.ok(rows.length >= 3, `enough opportunities match (${rows.length})`);
  assert.deepEqual(
    opportunities.map((x: any) => ({ id: x.id, name: x.name, amount: x.amount.toFixed(), close_date: x.closeDate.format('YYYY-MM-DD'), is_closed: x.isClosed })),
    rows.map((r) => ({ ...r, amount: new BigNumber(r.amount).toFixed() })),
  );
});

test('a single entity by key, every property, also with quotes, slashes and other reserved characters in the key', async () => {
  const set = findEntitySet('Contacts')!;
  const camel = (name: string) => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  for (const id of ['con-0000003', ...ODD_KEYS]) {
    const contact = await contactsApi.requestBuilder().getByKey(id).execute(bearer);
    const { rows } = await sql<Record<string, unknown>>`select ${sql.join(set.properties.map((p) => sql.ref(p.name)))} from contacts where tenant_id = ${acme.tenantId} and id = ${id}`.execute(db);
    const expected = Object.fromEntries(set.properties.map((p) => [p.name, rows[0]![p.name] instanceof Date ? iso(rows[0]![p.name] as Date) : rows[0]![p.name]]));
    const actual = Object.fromEntries(set.properties.map((p) => [p.name, moment.isMoment(contact[camel(p.name)]) ? iso(contact[camel(p.name)]) : contact[camel(p.name)] ?? null]));
    assert.deepEqual(actual, expected);
  }
});

test('the filter forms the SDK writes (lambdas, navigation paths, GUIDs, functions) select what SQL selects', async () => {
  const v = conversationsApi.schema;
  const p = participantsApi.schema;
  const c = contactsApi.schema;
  const { rows: [sample] } = await sql<{ service: string; industry: string }>`select c.service, a.industry from conversations c join accounts a on a.tenant_id = c.tenant_id and a.id = c.account_id
    where c.tenant_id = ${acme.tenantId} order by c.id limit 1`.execute(db);
  const participant = (condition: RawBuilder<boolean>) => sql<boolean>`(select 1 from participants p where p.tenant_id = t.tenant_id and p.conversation_id = t.id and ${condition})`;
  const cases: [api: Record<string, any>, table: string, filter: unknown, where: RawBuilder<boolean>][] = [
    [conversationsApi, 'conversations', v.PARTICIPANTS.filter(any(p.ROLE.equals('customer'), p.TALK_SECONDS.greaterThan(1000))), sql`exists ${participant(sql`p.role = 'customer' and p.talk_seconds > 1000`)}`],
    // A participant who never spoke has no talk time: for OData, null gt 500 is false, so all() fails on them.
    [conversationsApi, 'conversations', v.PARTICIPANTS.filter(all(p.TALK_SECONDS.greaterThan(500))), sql`not exists ${participant(sql`not coalesce(p.talk_seconds > 500, false)`)}`],
    [conversationsApi, 'conversations', v.SERVICE.equals(sample!.service), sql`t.service = ${sample!.service}`],
    [conversationsApi, 'conversations', year(v.STARTED_AT).equals(2026), sql`extract(year from t.started_at at time zone 'UTC') = 2026`],
    [contactsApi, 'contacts', c.ACCOUNT.filter(accountsApi.schema.INDUSTRY.equals(sample!.industry)), sql`t.account_id in (select id from accounts where tenant_id = t.tenant_id and industry = ${sample!.industry})`],
    [contactsApi, 'contacts', or(contains(c.LAST_NAME, "'B"), toLower(c.FIRST_NAME).equals('siobhan')), sql`(t.last_name like '%''B%' or lower(t.first_name) = 'siobhan')`],
    [contactsApi, 'contacts', length(c.EMAIL).greaterThan(38), sql`length(t.email) > 38`],
  ];
  for (const [api, table, filter, where] of cases) {
    const found = await api.requestBuilder().getAll().select(api.schema.ID).filter(filter).orderBy(asc(api.schema.ID)).top(1000).execute(bearer);
    const { rows } = await sql<{ id: string }>`select id from ${sql.table(table)} t where t.tenant_id = ${acme.tenantId} and ${where} order by id`.execute(db);
    const url = decodeURIComponent(await api.requestBuilder().getAll().filter(filter).url(bearer));
    assert.ok(rows.length > 0 && rows.length < (table === 'contacts' ? 42 : 200), `${url}: the case selects some rows, not all (${rows.length})`);
    assert.deepEqual(found.map((x: { id: string }) => x.id), rows.map((r) => r.id), url);
  }
});

test('$count through the client counts what SQL counts', async () => {
  const c = contactsApi.schema;
  const counted = await contactsApi.requestBuilder().getAll().filter(c.REGION.equals('EMEA')).count().execute(basic);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from contacts where tenant_id = ${acme.tenantId} and region = 'EMEA'`.execute(db);
  assert.ok(rows[0]!.n > 0);
  assert.equal(counted, rows[0]!.n);
});

test('a primitive collection (Topic keywords) arrives as an array', async () => {
  const t = topicsApi.schema;
  const topics = await topicsApi.requestBuilder().getAll().select(t.ID, t.NAME, t.KEYWORDS).orderBy(asc(t.NAME)).execute(bearer);
  const { rows } = await sql<Record<string, unknown>>`select id, name, keywords from topics where tenant_id = ${acme.tenantId} order by name asc nulls last, id asc`.execute(db);
  assert.ok(rows.length > 0);
  assert.deepEqual(topics.map((x: any) => ({ id: x.id, name: x.name, keywords: x.keywords })), rows);
});

test('another workspace\'s entity is a 404 to the client, never its data', async () => {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from conversations where tenant_id = ${globex.tenantId} and id = 'conv-0000250'`.execute(db);
  assert.equal(rows[0]!.n, 1);
  await assert.rejects(conversationsApi.requestBuilder().getByKey('conv-0000250').execute(bearer), (error: any) => error.rootCause?.response?.status === 404);
});
