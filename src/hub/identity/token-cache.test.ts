/**
 * The per-process cache of verified tokens must never keep access alive
 * after it was taken away: not in another process, not while a lookup was
 * in flight, not while the notification connection was down.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { eventually } from '../../test-support/eventually.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { startHub, workspace } from '../../test-support/hub.ts';
import { createLogger } from '../../platform/logging/logger.ts';
import { removeUserFromTenant } from '../../platform/tenancy/tenancy.ts';
import type { Principal } from './authenticate.ts';
import { createToken, revokeToken } from './personal-access-tokens.ts';
import { AUTH_CHANGED_CHANNEL, createTokenCache } from './token-cache.ts';

const { db } = await createTestDatabase();
const principal: Principal = { userId: 'u', tenantId: 't', scopes: new Set(['api:read']), via: 'personal-access-token' };

async function listeningCache() {
  const cache = createTokenCache(db, createLogger('silent'), 60);
  await eventually(() => {
    cache.set('ctp_probe', principal, undefined, cache.generation);
    return cache.get('ctp_probe') !== undefined;
  }, 'the cache starts listening');
  return cache;
}

test('any auth-change notification empties the cache; entries end at their token\'s expiry', async () => {
  const cache = await listeningCache();
  cache.set('ctp_a', principal, undefined, cache.generation);
  cache.set('ctp_short', principal, Date.now() + 50, cache.generation);
  assert.equal(cache.get('ctp_a'), principal);
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.equal(cache.get('ctp_short'), undefined, 'expired with its token');
  await sql`select pg_notify(${AUTH_CHANGED_CHANNEL}, 'memberships')`.execute(db);
  await eventually(() => cache.get('ctp_a') === undefined, 'the notification empties the cache');
  await cache.close();
});

test('a lookup that overlapped a notification is not remembered', async () => {
  const cache = await listeningCache();
  const before = cache.generation;
  await sql`select pg_notify(${AUTH_CHANGED_CHANNEL}, 'personal_access_tokens')`.execute(db);
  await eventually(() => cache.generation !== before, 'the notification arrives');
  cache.set('ctp_b', principal, undefined, before);
  assert.equal(cache.get('ctp_b'), undefined);
  await cache.close();
});

test('while the notification connection is down nothing is served from the cache, and it comes back empty', async () => {
  const cache = await listeningCache();
  cache.set('ctp_c', principal, undefined, cache.generation);
  await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%'`.execute(db);
  await eventually(() => cache.get('ctp_c') === undefined, 'the cache stops answering');
  await eventually(() => {
    cache.set('ctp_d', principal, undefined, cache.generation);
    return cache.get('ctp_d') !== undefined;
  }, 'the listener reconnects');
  assert.equal(cache.get('ctp_c'), undefined, 'what was cached before the outage is gone');
  await cache.close();
});

test('revoking a token or removing a member in another process takes effect at once in every hub', async () => {
  const [one, two] = [await startHub(db), await startHub(db)];
  const acme = await workspace(db, 'Acme Cache', 'ada@cache.test');
  const member = await workspace(db, 'Other Cache', 'bob@cache.test');
  await sql`insert into memberships (tenant_id, user_id, role) values (${acme.tenantId}, ${member.userId}, 'member')`.execute(db);
  const token = await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'cached', scopes: ['api:read'] });
  const bobToken = await createToken(db, { tenantId: acme.tenantId, userId: member.userId, name: 'bob', scopes: ['api:read'] });
  const status = async (url: string, value: string) => (await fetch(`${url}/odata/me`, { headers: { authorization: `Bearer ${value}` } })).status;
  for (const hub of [one, two]) {
    // Twice: the second answer may come from the cache.
    for (let i = 0; i < 2; i++) {
      assert.equal(await status(hub.url, token.token), 200);
      assert.equal(await status(hub.url, bobToken.token), 200);
    }
  }
  await revokeToken(db, acme.tenantId, token.id);
  await removeUserFromTenant(db, { tenantId: acme.tenantId, email: 'bob@cache.test' });
  // Well before the cache's 60 s: only the notification can have emptied it. The deadline leaves a loaded machine room.
  for (const hub of [one, two]) {
    await eventually(async () => (await status(hub.url, token.token)) === 401, 'the revoked token is refused', 15_000);
    await eventually(async () => (await status(hub.url, bobToken.token)) === 401, 'the removed member is refused', 15_000);
  }
});

test('TOKEN_CACHE_SECONDS=0 turns the cache off', async () => {
  const cache = createTokenCache(db, createLogger('silent'), 0);
  cache.set('ctp_e', principal, undefined, cache.generation);
  assert.equal(cache.get('ctp_e'), undefined);
  await cache.close();
});
