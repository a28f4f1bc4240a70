import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { workspace } from '../../../test-support/hub.ts';
import { findEntitySet } from '../model/registry.ts';
import { entityWriter } from '../response/entity-writer.ts';
import type { KeyValue } from '../response/signed-token.ts';
import { compileCount, compileRead, rowKeys } from './compile-plan.ts';
import type { OrderKey, QueryPlan } from './query-plan.ts';
import { readRows, type Row } from './read-rows.ts';
import { scopedSource } from './scoped-source.ts';
import { parseQueryOptions } from '../parser/index.ts';
import { parseResourcePath } from '../path/resource-path.ts';
import { buildPlan } from '../read/build-plan.ts';
import { signedTokens } from '../response/signed-token.ts';
import { openDatabase } from '../../../platform/db/database.ts';
import { createLogger } from '../../../platform/logging/logger.ts';

const database = await createTestDatabase();
const { db } = database;
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const globex = await workspace(db, 'Globex', 'gil@globex.test');
const contacts = findEntitySet('Contacts')!;

// 12 Acme contacts with repeated and missing last names and update times; 3 Globex ones.
const names = ['Zed', 'Adams', null, 'Adams', 'Moss', null, 'Baker', 'Moss', 'Adams', 'Young', null, 'Baker'];
for (const [i, last] of names.entries()) {
  await sql`insert into contacts (tenant_id, id, first_name, last_name, updated, additional_fields)
    values (${acme.tenantId}, ${`c-${String(i).padStart(2, '0')}`}, ${`F${i}`}, ${last}, ${new Date(Date.UTC(2024, 0, 1 + (i % 4), 10, 30, 0, i * 10))}, ${JSON.stringify({ crm_segment: `seg-${i}`, id: 'shadow' })})`.execute(db);
}
for (let i = 0; i < 3; i++) {
  await sql`insert into contacts (tenant_id, id, last_name, updated) values (${globex.tenantId}, ${`g-${i}`}, 'Adams', now())`.execute(db);
}

function plan(tenantId: string, overrides: Partial<QueryPlan> = {}): QueryPlan {
  const source = scopedSource(contacts.table, 't', tenantId);
  return { set: contacts, source, properties: contacts.properties, openProperties: 'all', conditions: [], order: [], offset: 0, limit: 100, ...overrides };
}

async function read(p: QueryPlan): Promise<Row[]> {
  return readRows(db, compileRead(p));
}

/** Reads every page by keyset, as next links would, and returns the ids in order. */
async function pageThrough(order: (source: QueryPlan['source']) => OrderKey[], pageSize: number): Promise<string[]> {
  const ids: string[] = [];
  let after: KeyValue[] | undefined;
  for (let guard = 0; guard < 50; guard++) {
    const base = plan(acme.tenantId);
    const p = { ...base, order: order(base.source), limit: pageSize, ...(after ? { after } : {}) };
    const rows = await read(p);
    ids.push(...rows.map((r) => r[0]!));
    if (rows.length < pageSize) return ids;
    const last = rows.at(-1)!;
    after = rowKeys(p, last);
  }
  throw new Error('paging did not end');
}

test('a read sees only its tenant\'s rows, in id order by default', async () => {
  const rows = await read(plan(acme.tenantId));
  assert.equal(rows.length, 12);
  assert.deepEqual(rows.map((r) => r[0]), names.map((_, i) => `c-${String(i).padStart(2, '0')}`));
  assert.deepEqual((await read(plan(globex.tenantId))).map((r) => r[0]), ['g-0', 'g-1', 'g-2']);
  const { rows: [count] } = await compileCount(plan(acme.tenantId)).execute(db);
  assert.equal(count!.count, '12');
});

test('keyset paging returns every row exactly once, whatever the order and page size', async () => {
  const byLastNameAsc = (s: QueryPlan['source']): OrderKey[] => [{ expression: s.column('last_name'), direction: 'asc', type: 'Edm.String', nullable: true }];
  const byLastNameDescUpdatedAsc = (s: QueryPlan['source']): OrderKey[] => [
    { expression: s.column('last_name'), direction: 'desc', type: 'Edm.String', nullable: true },
    { expression: s.column('updated'), direction: 'asc', type: 'Edm.DateTimeOffset', nullable: false },
  ];
  for (const order of [byLastNameAsc, byLastNameDescUpdatedAsc]) {
    const base = plan(acme.tenantId);
    const all = (await read({ ...base, order: order(base.source) })).map((r) => r[0]!);
    for (const size of [1, 2, 3, 5, 12]) {
      const paged = await pageThrough(order, size);
      assert.deepEqual(paged, all, `page size ${size}`);
    }
  }
  // Nulls sort last ascending, first descending.
  const base = plan(acme.tenantId);
  const asc = await read({ ...base, order: byLastNameAsc(base.source) });
  assert.deepEqual(asc.slice(-3).map((r) => r[2]), [null, null, null]);
  const desc = await read({ ...base, order: byLastNameDescUpdatedAsc(base.source) });
  assert.deepEqual(desc.slice(0, 3).map((r) => r[2]), [null, null, null]);
});

test('entities are written as OData JSON: RFC 3339 UTC times, open properties, no shadowing', async () => {
  const p = plan(acme.tenantId);
  const [first] = await read(p);
  const entity = JSON.parse(entityWriter(p, false)(first!));
  assert.deepEqual(Object.keys(entity).slice(0, 3), ['id', 'first_name', 'last_name']);
  assert.equal(entity.id, 'c-00');
  assert.equal(entity.updated, '2024-01-01T10:30:00Z');
  assert.equal(JSON.parse(entityWriter(p, false)((await read(p))[1]!)).updated, '2024-01-02T10:30:00.01Z', 'fractional seconds, trailing zeros dropped');
  assert.equal(entity.email, null);
  assert.equal(entity.crm_segment, 'seg-0');
  assert.equal(Object.keys(entity).filter((k) => k === 'id').length, 1);
  const selected = { ...p, properties: [contacts.properties[0]!], openProperties: ['crm_segment'] as const };
  const [row] = await read(selected);
  assert.deepEqual(JSON.parse(entityWriter(selected, false)(row!)), { id: 'c-00', crm_segment: 'seg-0' });
});

test('hostile values are parameters: a quote or SQL in a key or a filter matches nothing and breaks nothing', async () => {
  const tokens = signedTokens('compile-plan test');
  // The conditions come from the request as the routes read it: the key in the path, the value in $filter.
  const planFor = (resource: string, query = '') => buildPlan({ path: parseResourcePath(resource), options: parseQueryOptions(query), tenantId: acme.tenantId, limit: 100, skipTokens: tokens }).plan;
  const quoted = (value: string) => encodeURIComponent(`'${value.replace(/'/g, "''")}'`);
  for (const hostile of ["c-00' or '1'='1", "'; drop table contacts; --", 'c-00\\', "c-0_' or id like '%"]) {
    assert.deepEqual(await read(planFor(`Contacts(${quoted(hostile)})`)), [], `key ${hostile}`);
    assert.deepEqual(await read(planFor('Contacts', `$filter=id eq ${quoted(hostile)}`)), [], `$filter ${hostile}`);
  }
  assert.deepEqual((await read(planFor(`Contacts(${quoted('c-00')})`))).map((r) => r[0]), ['c-00'], 'the same path finds a real key');
  // PostgreSQL refuses NUL in text (22021); the routes answer that 400 (read-routes.test.ts).
  await assert.rejects(read(planFor(`Contacts(${quoted('c-00\u0000')})`)), { code: '22021' });
  await assert.rejects(read(planFor('Contacts', `$filter=id eq ${quoted('\u0000')}`)), { code: '22021' });
  assert.equal((await read(plan(acme.tenantId))).length, 12, 'the table is intact');
});

test('timestamps read the same whatever DateStyle the server or database defaults to', async () => {
  await sql`alter database ${sql.id(database.name)} set datestyle = 'SQL, DMY'`.execute(db);
  const other = openDatabase(database.url, createLogger('silent'), { max: 1 });
  try {
    const p = plan(acme.tenantId);
    const [row] = await readRows(other.db, compileRead(p));
    assert.equal(JSON.parse(entityWriter(p, false)(row!)).updated, '2024-01-01T10:30:00Z');
  } finally {
    await other.close();
    await sql`alter database ${sql.id(database.name)} reset datestyle`.execute(db);
  }
});
