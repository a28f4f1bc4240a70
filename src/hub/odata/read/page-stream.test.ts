/**
 * Large collection pages leave the hub while PostgreSQL still sends rows:
 * the client gets the same page as before, and an error that happens after
 * the first piece was sent ends the response early (OData's in-stream
 * error) instead of passing off a short page as complete.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startHub, workspace } from '../../../test-support/hub.ts';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { createToken } from '../../identity/personal-access-tokens.ts';

const { db } = await createTestDatabase();
const hub = await startHub(db);
const acme = await workspace(db, 'Acme Stream', 'ada@stream.test');
const token = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'r', scopes: ['api:read'] })).token;

// 20,000 leads of about 1 KB each: a page of 1,000 is about 1 MB, sent in pieces. Enough rows that PostgreSQL
// reads a page in id order from the index, emitting rows as it goes, rather than filtering and sorting them all first.
await sql`insert into leads (tenant_id, id, last_name, number_of_employees, updated)
  select ${acme.tenantId}, 'lead-' || lpad(i::text, 5, '0'), repeat('x', 1000), i, now() from generate_series(0, 19999) as i`.execute(db);
await sql`analyze leads`.execute(db);

const get = (path: string) => fetch(`${hub.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

test('a page larger than one piece streams, and is the same page: every entity once, in order, then the next link', async () => {
  const response = await get('/odata/Leads?$top=1000&$select=id,last_name');
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-length'), null, 'sent in pieces');
  assert.match(response.headers.get('content-type') ?? '', /^application\/json;odata\.metadata=minimal/);
  assert.equal(response.headers.get('odata-version'), '4.01');
  const body = (await response.json()) as { value: { id: string; last_name: string }[]; '@odata.nextLink': string };
  assert.deepEqual(body.value.map((lead) => lead.id), Array.from({ length: 1000 }, (_, i) => `lead-${String(i).padStart(5, '0')}`));
  assert.ok(body.value.every((lead) => lead.last_name.length === 1000));
  const next = (await (await fetch(body['@odata.nextLink'], { headers: { authorization: `Bearer ${token}` } })).json()) as { value: { id: string }[] };
  assert.deepEqual([next.value.length, next.value[0]!.id], [1000, 'lead-01000']);
});

test('a small page is answered whole, with its length', async () => {
  const response = await get('/odata/Leads?$top=5&$select=id');
  assert.equal(response.status, 200);
  assert.ok(Number(response.headers.get('content-length')) > 0);
});

// number_of_employees × 46,116,860,184,273,880 leaves int8 from the lead with 200 employees on: PostgreSQL fails that row.
const OVERFLOW = '$filter=number_of_employees mul 46116860184273880 gt -1&$top=1000';

test('an error after the first piece was sent ends the response early; the hub keeps serving', async () => {
  const response = await get(`/odata/Leads?${OVERFLOW}`);
  assert.equal(response.status, 200, 'the status left with the first piece');
  const text = await response.text().catch((error: Error) => `read failed: ${error.message}`);
  assert.throws(() => JSON.parse(text), 'the client cannot take the truncated page for a whole one');
  const after = await get('/odata/Leads?$top=1&$select=id');
  assert.equal(after.status, 200);
});

test('the same error before anything was sent is an ordinary 400', async () => {
  const response = await get(`/odata/Leads?${OVERFLOW}&$select=id`);
  assert.equal(response.status, 400);
  const body = (await response.json()) as { error: { code: string } };
  assert.equal(body.error.code, 'ODATA_INVALID_QUERY');
});
