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

  assert.deepEqual(await purgeExpired(db), { oauth: 1, sessions: 1, signInFailures: 0 });
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
