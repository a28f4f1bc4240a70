import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { workspace } from '../../test-support/hub.ts';
import { createSession } from './web-sessions.ts';
import { PURGE_EXPIRED_SCHEDULE, purgeExpired } from './purge-expired.ts';

const { db } = await createTestDatabase();

test('expired OAuth records and sessions are purged; live ones stay', async () => {
  const rows = [
    { model: 'AccessToken', id_hash: 'expired', payload: '{}', expires_at: sql<Date>`now() - interval '1 minute'` },
    { model: 'AccessToken', id_hash: 'live', payload: '{}', expires_at: sql<Date>`now() + interval '1 hour'` },
    { model: 'Grant', id_hash: 'forever', payload: '{}', expires_at: null },
  ];
  for (const row of rows) await db.insertInto('oauth_models').values(row as never).execute();
  const acme = await workspace(db, 'Acme', 'ada@acme.test');
  await createSession(db, acme.userId);
  await createSession(db, acme.userId);
  await sql`update web_sessions set expires_at = now() - interval '1 second' where ctid = (select ctid from web_sessions limit 1)`.execute(db);

  assert.deepEqual(await purgeExpired(db), { oauth: 1, grantTenants: 0, sessions: 1, signInFailures: 0, registrationAttempts: 0, registeredClients: 0, personalAccessTokens: 0 });
  const left = await db.selectFrom('oauth_models').select('id_hash').orderBy('id_hash').execute();
  assert.deepEqual(left.map((r) => r.id_hash), ['forever', 'live']);
  assert.equal((await db.selectFrom('web_sessions').select('id_hash').execute()).length, 1);
});

test('the purge is scheduled hourly on the job queue', () => {
  assert.equal(PURGE_EXPIRED_SCHEDULE.length, 1);
  assert.equal(PURGE_EXPIRED_SCHEDULE[0]!.task, 'identity:purge-expired');
  assert.deepEqual(PURGE_EXPIRED_SCHEDULE[0]!.match({ min: 17, hour: 3, date: 1, month: 1, dow: 1 }), true);
  assert.deepEqual(PURGE_EXPIRED_SCHEDULE[0]!.match({ min: 18, hour: 3, date: 1, month: 1, dow: 1 }), false);
});

test('tenant rows of grants that no longer exist are purged; those of live grants stay; dead tokens go after 90 days', async () => {
  const acme = await workspace(db, 'Grants', 'g@grants.test');
  const { digest } = await import('../../platform/secrets/digest.ts');
  await db.insertInto('oauth_models').values({ model: 'Grant', id_hash: digest('live-grant'), payload: '{}' } as never).execute();
  for (const grantId of ['live-grant', 'gone-grant']) {
    await db.insertInto('oauth_grant_tenants').values({ tenant_id: acme.tenantId, grant_id: grantId, user_id: acme.userId, client_id: 'c', created_at: sql<Date>`now() - interval '2 hours'` } as never).execute();
  }
  const { createToken, revokeToken } = await import('./personal-access-tokens.ts');
  const old = await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'old', scopes: ['api:read'] });
  const recent = await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'recent', scopes: ['api:read'] });
  await revokeToken(db, acme.tenantId, old.id);
  await revokeToken(db, acme.tenantId, recent.id);
  await sql`update personal_access_tokens set revoked_at = now() - interval '91 days' where id = ${old.id}`.execute(db);

  const purged = await purgeExpired(db);
  assert.equal(purged.grantTenants, 1);
  assert.equal(purged.personalAccessTokens, 1);
  const left = await db.selectFrom('oauth_grant_tenants').select('grant_id').execute();
  assert.deepEqual(left.map((r) => r.grant_id), ['live-grant']);
  const tokens = await db.selectFrom('personal_access_tokens').select('name').execute();
  assert.deepEqual(tokens.map((t) => t.name), ['recent']);
});
