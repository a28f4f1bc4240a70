/**
 * Tenant isolation, tried on every entity set and every navigation
 * property. Two workspaces hold demo data of different sizes with the same
 * ids; for each workspace's token, what the API returns must equal what
 * SQL finds for that workspace alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { startHub, workspace } from '../../test-support/hub.ts';
import { loadDemo } from '../../test-support/demo-fixture.ts';
import { createToken } from '../identity/personal-access-tokens.ts';
import { ENTITY_SETS, findEntitySet } from './model/registry.ts';
import { odataClient } from '../../test-support/odata-client.ts';

const database = await createTestDatabase();
const { db } = database;
const hub = await startHub(db);
const tenants = [await workspace(db, 'Big', 'big@big.test'), await workspace(db, 'Small', 'small@small.test')];
await loadDemo(database, tenants[0]!.tenantId, { conversations: 200, fragmentShare: 1 });
await loadDemo(database, tenants[1]!.tenantId, { conversations: 60, fragmentShare: 0.5 }, 7);
const tokens = await Promise.all(tenants.map(async (t) => (await createToken(db, { tenantId: t.tenantId, userId: t.userId, name: 'r', scopes: ['api:read'] })).token));

const client = odataClient(hub.url, tokens[0]!);
const api = (path: string, token: string) => client(`/odata/${path}`, {}, token);

async function allIds(path: string, token: string): Promise<string[]> {
  const ids: string[] = [];
  let url: string | undefined = `${hub.url}/odata/${path}${path.includes('?') ? '&' : '?'}$select=id&$top=1000`;
  while (url) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { value: { id: string }[]; '@nextLink'?: string };
    assert.equal(response.status, 200, `${path}: ${JSON.stringify(body).slice(0, 200)}`);
    ids.push(...body.value.map((e) => e.id));
    url = body['@nextLink'];
  }
  return ids.sort();
}

test('every set: each token sees exactly its own workspace\'s rows, and counts them', async () => {
  for (const set of ENTITY_SETS) {
    for (const [i, tenant] of tenants.entries()) {
      const { rows } = await sql<{ id: string }>`select id from ${sql.table(set.table)} where tenant_id = ${tenant.tenantId} order by id`.execute(db);
      const expected = rows.map((r) => r.id).sort();
      assert.deepEqual(await allIds(set.name, tokens[i]!), expected, `${set.name} for ${i === 0 ? 'Big' : 'Small'}`);
      const count = await fetch(`${hub.url}/odata/${set.name}/$count`, { headers: { authorization: `Bearer ${tokens[i]}` } });
      assert.equal(Number(await count.text()), expected.length, `${set.name}/$count`);
    }
  }
});

test('every navigation property, from an id both workspaces use, stays in the token\'s workspace', async () => {
  let checked = 0;
  for (const set of ENTITY_SETS) {
    for (const navigation of set.navigation) {
      const target = findEntitySet(navigation.target)!;
      // An id present in both workspaces if there is one, else one of the big workspace's: the small one must not reach its rows.
      const { rows } = await sql<{ id: string }>`select id from ${sql.table(set.table)} where tenant_id = ${tenants[0]!.tenantId}
        order by id in (select id from ${sql.table(set.table)} where tenant_id = ${tenants[1]!.tenantId}) desc, id limit 1`.execute(db);
      assert.ok(rows[0], `${set.name} has demo rows`);
      const key = rows[0].id;
      const path = `${set.name}('${encodeURIComponent(key)}')/${navigation.name}`;
      for (const [i, tenant] of tenants.entries()) {
        const label = `${set.name}/${navigation.name} for tenant ${i}`;
        const { rows: parent } = await sql`select 1 from ${sql.table(set.table)} where tenant_id = ${tenant.tenantId} and id = ${key}`.execute(db);
        let expected: string[] = [];
        if (parent.length > 0 && navigation.kind === 'one') {
          const r = await sql<{ id: string }>`select t.id from ${sql.table(target.table)} t join ${sql.table(set.table)} s on s.tenant_id = t.tenant_id and s.${sql.ref(navigation.foreignKey)} = t.id
            where t.tenant_id = ${tenant.tenantId} and s.id = ${key}`.execute(db);
          expected = r.rows.map((x) => x.id);
        }
        if (parent.length === 0 || (navigation.kind === 'one' && expected.length === 0)) {
          // No such entity in this workspace, or no related one: 404 (Protocol 4.01 §11.2.6), nothing else.
          const response = await api(path, tokens[i]!);
          assert.equal(response.status, 404, `${label}: ${JSON.stringify(response.body)}`);
          assert.equal(response.body.error.code, 'ODATA_ENTITY_NOT_FOUND', label);
        } else if (navigation.kind === 'one') {
          const response = await api(path, tokens[i]!);
          assert.equal(response.status, 200, `${label}: ${JSON.stringify(response.body)}`);
          assert.deepEqual([response.body.id], expected, label);
        } else {
          const r = 'link' in navigation
            ? await sql<{ id: string }>`select l.${sql.ref(navigation.link.target)} as id from ${sql.table(navigation.link.table)} l join ${sql.table(target.table)} t on t.tenant_id = l.tenant_id and t.id = l.${sql.ref(navigation.link.target)}
                where l.tenant_id = ${tenant.tenantId} and l.${sql.ref(navigation.link.source)} = ${key}`.execute(db)
            : await sql<{ id: string }>`select id from ${sql.table(target.table)} where tenant_id = ${tenant.tenantId} and ${sql.ref(navigation.targetForeignKey)} = ${key}`.execute(db);
          expected = r.rows.map((x) => x.id).sort();
          assert.deepEqual(await allIds(path, tokens[i]!), expected, label);
        }
        checked++;
      }
    }
  }
  const navigations = ENTITY_SETS.reduce((sum, set) => sum + set.navigation.length, 0);
  assert.equal(checked, navigations * tenants.length, 'every navigation, for each workspace');
  assert.equal(navigations, 36);
});

test('filters through navigation and lambdas stay in the token\'s workspace', async () => {
  for (const [i, tenant] of tenants.entries()) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from accounts a where a.tenant_id = ${tenant.tenantId}
      and exists (select 1 from contacts c where c.tenant_id = a.tenant_id and c.account_id = a.id)`.execute(db);
    const viaLambda = await allIds('Accounts?$filter=Contacts/any()', tokens[i]!);
    assert.equal(viaLambda.length, rows[0]!.n);
    const { rows: calls } = await sql<{ n: number }>`select count(*)::int as n from contacts c join accounts a on a.tenant_id = c.tenant_id and a.id = c.account_id where c.tenant_id = ${tenant.tenantId} and a.name is not null`.execute(db);
    assert.equal((await allIds('Contacts?$filter=Account/name ne null', tokens[i]!)).length, calls[0]!.n);
  }
});
