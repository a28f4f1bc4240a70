/**
 * The SQL the OData API sends to PostgreSQL, pinned for a representative
 * set of requests (filter, order and keyset pages, select, expand, search,
 * compute, count, delta): each statement's text and parameters, and the
 * entities the response holds. A change to the compiler shows up here as a
 * diff to review, and the rows prove the changed SQL still answers the same.
 *
 * Recorded on the wire: every statement the hub's connections send (pg's
 * `Client.query`, passed through unchanged), over real HTTP. The reads of a
 * response with $expand go through a cursor (query/read-rows.ts
 * `readRowsWithin`), which holds its values as pg sends them, in text; they
 * are marked `"cursor": true`. Values that
 * differ between runs (the workspace id, transaction snapshots and ids) are
 * replaced by a placeholder. After a deliberate change, review the diff of
 * `emitted-sql.test.ts.snapshot` made by `node --test --test-update-snapshots`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type pg from 'pg';
import Cursor from 'pg-cursor';
import { openDatabase } from '../../../platform/db/database.ts';
import { createLogger } from '../../../platform/logging/logger.ts';
import { onCleanup } from '../../../test-support/cleanup.ts';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { startHub, workspace } from '../../../test-support/hub.ts';
import { odataClient } from '../../../test-support/odata-client.ts';
import { createToken } from '../../identity/personal-access-tokens.ts';
import { ENTITY_SETS } from '../model/registry.ts';

const database = await createTestDatabase();
const { db } = database;
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const globex = await workspace(db, 'Globex', 'gil@globex.test');
const token = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'r', scopes: ['api:read'] })).token;

for (const [tenant, prefix] of [[acme.tenantId, ''], [globex.tenantId, 'g-']] as const) {
  await sql`insert into accounts (tenant_id, id, name, industry, website, updated, additional_fields) values
    (${tenant}, ${`${prefix}acc-1`}, 'Acme Robotics', 'Robotics', 'acme.example', '2024-01-10T08:00:00Z', '{"crm_segment":"Enterprise"}'),
    (${tenant}, ${`${prefix}acc-2`}, 'Moss Software', 'Software', null, '2024-02-01T00:00:00Z', '{}')`.execute(db);
  const names = ['Zed', 'Adams', null, 'Adams', 'Moss', null, 'Baker', 'Moss'];
  for (const [i, last] of names.entries()) {
    await sql`insert into contacts (tenant_id, id, first_name, last_name, account_id, updated, additional_fields)
      values (${tenant}, ${`${prefix}c-${String(i).padStart(2, '0')}`}, ${`F${i}`}, ${last}, ${i % 3 === 2 ? null : `${prefix}acc-${1 + (i % 2)}`},
              ${new Date(Date.UTC(2024, 0, 1 + (i % 4), 10, 30, i))}, ${JSON.stringify({ crm_segment: `seg-${i % 2}` })})`.execute(db);
  }
}

interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
  readonly cursor?: true;
}

// Every statement the hub sends, as pg receives it: the hub has a pool of its own, watched from its first connection.
const sent: Statement[] = [];
const served = openDatabase(database.url, createLogger('silent'), { max: 3 });
onCleanup(() => served.close());
served.pool.on('connect', (client: pg.PoolClient) => {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    if (first instanceof Cursor) {
      const { text, values } = first as unknown as { text: string; values: unknown[] | null };
      sent.push({ text, values: values ?? [], cursor: true });
    } else {
      sent.push(typeof first === 'string' ? { text: first, values: second ?? [] } : { text: first.text, values: first.values ?? [] });
    }
    return query(...args);
  };
});
const hub = await startHub(served.db);
const get = odataClient(hub.url, token);

const TABLES = new RegExp(`"(${ENTITY_SETS.map((set) => set.table).join('|')}|odata_tombstones)"|pg_current_snapshot`);

/**
 * What differs between runs: the workspace, snapshots ('xmin:xmax:xip'), row versions (xid8, as text). In a
 * cursor's text values every number is a string, and no row version reaches one (a read with $expand is never
 * tracked), so they are left as they are.
 */
function stable(value: unknown, cursor = false): unknown {
  if (value === acme.tenantId) return '<tenant>';
  if (typeof value === 'string' && /^\d+:\d+:[\d,]*$/.test(value)) return '<snapshot>';
  if (!cursor && typeof value === 'string' && /^\d+$/.test(value) && Number(value) > 700) return '<xid>';
  return value;
}

/** Reads `url` and returns the statements the OData API sent for it (not those of authentication), and the entities. */
async function emitted(url: string, headers: Record<string, string> = {}) {
  sent.length = 0;
  const response = await get(url, headers);
  assert.equal(response.status, 200, `${url}: ${JSON.stringify(response.body)}`);
  const statements = sent.filter((s) => TABLES.test(s.text)).map((s) => ({ ...s, values: s.values.map((value) => stable(value, s.cursor)) }));
  // The entities only: the context URL holds the hub's port.
  const { '@odata.context': _context, ...single } = typeof response.body === 'string' ? {} : response.body;
  const body = typeof response.body === 'string' ? response.body : (response.body.value ?? single);
  return { statements, body, next: response.body['@odata.nextLink'] as string | undefined, delta: response.body['@odata.deltaLink'] as string | undefined };
}

const REQUESTS: readonly string[] = [
  "/odata/Contacts?$filter=last_name eq 'Adams'",
  "/odata/Contacts?$filter=contains(first_name,'1') or updated ge 2024-01-04T00:00:00Z",
  "/odata/Contacts?$filter=last_name in ('Moss','Baker') or last_name eq null&$select=id",
  "/odata/Contacts?$filter=Account/name eq 'Acme Robotics'&$select=id,account_id",
  "/odata/Accounts?$filter=Contacts/any(c: c/last_name eq 'Adams')&$select=id",
  "/odata/Accounts?$filter=Contacts/$count gt 2&$select=id",
  "/odata/Contacts?$filter=crm_segment eq 'seg-1'&$select=id,crm_segment",
  '/odata/Contacts?$orderby=last_name desc,updated&$select=id,last_name',
  "/odata/Contacts?$orderby=Account/name,id desc&$select=id",
  '/odata/Contacts?$select=id,last_name&$top=2&$skip=3',
  "/odata/Contacts('c-01')",
  "/odata/Accounts('acc-1')/Contacts?$select=id",
  "/odata/Contacts('c-00')/Account?$select=name",
  '/odata/Accounts?$expand=Contacts($select=id;$orderby=id desc;$top=2)&$select=id',
  '/odata/Contacts?$expand=Account($select=name)&$select=id&$top=3',
  '/odata/Accounts?$search=robotics OR software&$select=id,name',
  '/odata/Accounts?$search="acme robotics"&$select=id',
  '/odata/Contacts?$compute=length(last_name) as n&$filter=n gt 4&$orderby=n desc&$select=id,n',
  "/odata/Contacts/$count?$filter=last_name ne null",
  '/odata/Contacts?$count=true&$top=1&$select=id',
];

test('each request sends the pinned SQL and answers the pinned entities', async (t) => {
  for (const url of REQUESTS) {
    const { statements, body } = await emitted(url);
    assert.ok(statements.length > 0, `${url}: no statement recorded`);
    t.assert.snapshot({ url, statements, body }, { serializers: [(value) => JSON.stringify(value, null, 1)] });
  }
});

test('keyset pages: the next link continues after the last row of the order, with the pinned SQL', async (t) => {
  const first = await emitted('/odata/Contacts?$orderby=last_name desc,updated&$select=id,last_name', { prefer: 'odata.maxpagesize=3' });
  const second = await emitted(first.next!, { prefer: 'odata.maxpagesize=3' });
  t.assert.snapshot({ first: first.statements, second: second.statements, bodies: [first.body, second.body] }, { serializers: [(value) => JSON.stringify(value, null, 1)] });
});

test('delta: the tracked read and its delta link send the pinned SQL and report the pinned changes', async (t) => {
  const tracked = await emitted("/odata/Contacts?$filter=last_name eq 'Moss'&$select=id,last_name", { prefer: 'odata.track-changes' });
  await sql`update contacts set last_name = 'Mossy' where tenant_id = ${acme.tenantId} and id = 'c-04'`.execute(db);
  await sql`delete from contacts where tenant_id = ${acme.tenantId} and id = 'c-07'`.execute(db);
  await sql`insert into contacts (tenant_id, id, last_name, updated) values (${acme.tenantId}, 'c-new', 'Moss', '2024-03-01T00:00:00Z')`.execute(db);
  const delta = await emitted(tracked.delta!);
  t.assert.snapshot({ tracked: tracked.statements, delta: delta.statements, bodies: [tracked.body, delta.body] }, { serializers: [(value) => JSON.stringify(value, null, 1)] });
});
