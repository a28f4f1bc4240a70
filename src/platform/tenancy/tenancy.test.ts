import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors/app-error.ts';
import { sql } from 'kysely';
import { eventually } from '../../test-support/eventually.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { verifyPassword } from './password.ts';
import { addUserToTenant, countTenants, createTenant, createUser, listTenants, removeUserFromTenant } from './tenancy.ts';

const { db } = await createTestDatabase();

function rejectsWith(code: string, status: number) {
  return (error: unknown) => error instanceof AppError && error.code === code && error.statusCode === status;
}

test('creating a tenant creates its admin with a verifiable password hash', async () => {
  const { tenantId, userId } = await createTenant(db, { name: '  SuperCo ', admin: { email: 'chris@superco.test', password: 'long enough pw', name: 'Chris Lloyd' } });
  const tenant = await db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirstOrThrow();
  assert.equal(tenant.name, 'SuperCo');
  assert.equal(tenant.plan, 'trial');
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  assert.equal(user.name, 'Chris Lloyd');
  assert.notEqual(user.password_hash, 'long enough pw');
  assert.equal(await verifyPassword('long enough pw', user.password_hash!), true);
  const membership = await db.selectFrom('memberships').selectAll().where('tenant_id', '=', tenantId).execute();
  assert.deepEqual(membership.map((m) => [m.user_id, m.role]), [[userId, 'admin']]);
});

test('emails are unique case-insensitively, and a refused tenant leaves nothing behind', async () => {
  await createUser(db, { email: 'Dana@Example.test', password: 'long enough pw' });
  const before = await countTenants(db);
  await assert.rejects(
    createTenant(db, { name: 'Dup', admin: { email: 'dana@example.TEST', password: 'long enough pw' } }),
    rejectsWith('TENANCY_EMAIL_TAKEN', 409),
  );
  assert.equal(await countTenants(db), before, 'the tenant insert was rolled back with the user insert');
  await assert.rejects(createUser(db, { email: 'DANA@example.test', password: 'long enough pw' }), rejectsWith('TENANCY_EMAIL_TAKEN', 409));
});

test('invalid input is refused before anything is written', async () => {
  const before = await countTenants(db);
  await assert.rejects(createTenant(db, { name: '', admin: { email: 'x@y.test', password: 'long enough pw' } }), rejectsWith('TENANCY_INVALID_NAME', 400));
  await assert.rejects(createTenant(db, { name: 'x'.repeat(201), admin: { email: 'x@y.test', password: 'long enough pw' } }), rejectsWith('TENANCY_INVALID_NAME', 400));
  await assert.rejects(createTenant(db, { name: 'Ok', admin: { email: 'not-an-email', password: 'long enough pw' } }), rejectsWith('TENANCY_INVALID_EMAIL', 400));
  await assert.rejects(createTenant(db, { name: 'Ok', admin: { email: `${'a'.repeat(320)}@y.test`, password: 'long enough pw' } }), rejectsWith('TENANCY_INVALID_EMAIL', 400));
  await assert.rejects(createTenant(db, { name: 'Ok', admin: { email: 'x@y.test', password: 'short' } }), rejectsWith('TENANCY_WEAK_PASSWORD', 400));
  await assert.rejects(createTenant(db, { name: 'Ok', plan: 'gold' as never, admin: { email: 'x@y.test', password: 'long enough pw' } }), rejectsWith('TENANCY_INVALID_PLAN', 400));
  assert.equal(await countTenants(db), before);
  assert.equal(await db.selectFrom('users').select('id').where('email', '=', 'x@y.test').executeTakeFirst(), undefined);
});

test('a user can belong to several tenants with different roles', async () => {
  const a = await createTenant(db, { name: 'A', plan: 'sponsored', admin: { email: 'admin-a@multi.test', password: 'long enough pw' } });
  const b = await createTenant(db, { name: 'B', plan: 'standard', admin: { email: 'admin-b@multi.test', password: 'long enough pw' } });
  const { userId } = await createUser(db, { email: 'sam@multi.test', password: 'long enough pw' });
  await addUserToTenant(db, { tenantId: a.tenantId, email: 'SAM@multi.test', role: 'member' });
  await addUserToTenant(db, { tenantId: b.tenantId, email: 'sam@multi.test', role: 'admin' });
  // Adding again changes the role rather than failing.
  await addUserToTenant(db, { tenantId: a.tenantId, email: 'sam@multi.test', role: 'admin' });
  const roles = await db.selectFrom('memberships').select(['tenant_id', 'role']).where('user_id', '=', userId).orderBy('tenant_id').execute();
  assert.deepEqual(
    roles.map((r) => r.role),
    [a.tenantId, b.tenantId].sort().map(() => 'admin'),
  );
  const plans = new Map((await listTenants(db)).map((t) => [t.id, t.plan]));
  assert.equal(plans.get(a.tenantId), 'sponsored');
  assert.equal(plans.get(b.tenantId), 'standard');
});

test('adding to an unknown tenant, an unknown user or with an unknown role fails precisely', async () => {
  const { tenantId } = await createTenant(db, { name: 'C', admin: { email: 'admin-c@x.test', password: 'long enough pw' } });
  await assert.rejects(addUserToTenant(db, { tenantId: '00000000-0000-0000-0000-000000000000', email: 'admin-c@x.test', role: 'member' }), rejectsWith('TENANCY_TENANT_NOT_FOUND', 404));
  await assert.rejects(addUserToTenant(db, { tenantId: "x' or '1'='1", email: 'admin-c@x.test', role: 'member' }), rejectsWith('TENANCY_TENANT_NOT_FOUND', 404));
  await assert.rejects(addUserToTenant(db, { tenantId, email: 'nobody@x.test', role: 'member' }), rejectsWith('TENANCY_USER_NOT_FOUND', 404));
  await assert.rejects(addUserToTenant(db, { tenantId, email: 'admin-c@x.test', role: 'owner' as never }), rejectsWith('TENANCY_INVALID_ROLE', 400));
});

test('removing members: never the last admin; unknown members fail precisely', async () => {
  const { tenantId } = await createTenant(db, { name: 'Removals', admin: { email: 'boss@removals.test', password: 'long enough pw' } });
  await assert.rejects(removeUserFromTenant(db, { tenantId, email: 'boss@removals.test' }), rejectsWith('TENANCY_LAST_ADMIN', 409));
  await assert.rejects(addUserToTenant(db, { tenantId, email: 'boss@removals.test', role: 'member' }), rejectsWith('TENANCY_LAST_ADMIN', 409));
  await createUser(db, { email: 'second@removals.test', password: 'long enough pw' });
  await addUserToTenant(db, { tenantId, email: 'second@removals.test', role: 'admin' });
  await removeUserFromTenant(db, { tenantId, email: 'BOSS@removals.test' });
  const left = await db.selectFrom('memberships').select('role').where('tenant_id', '=', tenantId).execute();
  assert.deepEqual(left.map((m) => m.role), ['admin']);
  await assert.rejects(removeUserFromTenant(db, { tenantId, email: 'boss@removals.test' }), rejectsWith('TENANCY_NOT_A_MEMBER', 404));
  await assert.rejects(removeUserFromTenant(db, { tenantId: 'nope', email: 'x@y.test' }), rejectsWith('TENANCY_TENANT_NOT_FOUND', 404));
});

test('two admins demoting each other at once: exactly one succeeds, an admin is left', async () => {
  const { tenantId } = await createTenant(db, { name: 'Demotions', admin: { email: 'one@demotions.test', password: 'long enough pw' } });
  await createUser(db, { email: 'two@demotions.test', password: 'long enough pw' });
  await addUserToTenant(db, { tenantId, email: 'two@demotions.test', role: 'admin' });
  // A third transaction holds the admins' rows until both demotions wait on them, so each demotion has started before
  // either writes, whatever the machine's load: the race of two Settings > Members forms, made certain.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const holding = new Promise<void>((resolve) => (held = resolve));
  const holder = db.transaction().execute(async (trx) => {
    await trx.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenantId).where('role', '=', 'admin').forShare().execute();
    held();
    await released;
  });
  await holding;
  const demotions = Promise.allSettled([
    addUserToTenant(db, { tenantId, email: 'one@demotions.test', role: 'member' }),
    addUserToTenant(db, { tenantId, email: 'two@demotions.test', role: 'member' }),
  ]);
  await eventually(async () => {
    const { rows } = await sql<{ waiting: string }>`
      select count(*) as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and query ilike '%memberships%'`.execute(db);
    return Number(rows[0]!.waiting) === 2;
  }, 'both demotions waiting on the admins', 20_000);
  release();
  await holder;
  const outcomes = await demotions;
  assert.deepEqual(outcomes.map((o) => o.status).sort(), ['fulfilled', 'rejected']);
  assert.ok(rejectsWith('TENANCY_LAST_ADMIN', 409)((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason));
  const admins = await db.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenantId).where('role', '=', 'admin').execute();
  assert.equal(admins.length, 1);
});
