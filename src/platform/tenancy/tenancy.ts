/**
 * Tenants, users and memberships: the identity every service shares.
 *
 * A tenant is one customer's workspace; a user is a person, identified by an
 * email that is unique case-insensitively; a membership gives a user a role
 * (admin or member) in a tenant. A user may belong to many tenants.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, MembershipRole, TenantPlan } from '../db/schema.ts';
import { hashPassword } from './password.ts';
import { TenancyErrors } from './tenancy-errors.ts';

export const MIN_PASSWORD_LENGTH = 10;
// WHATWG's "valid e-mail address" (HTML Living Standard §4.10.5.1.5), the rule browsers apply.
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` can be a tenant or user id (checked before a uuid cast would fail in SQL). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The id of the user with this email, compared case-insensitively as the unique index does. */
export async function findUserIdByEmail(db: Kysely<Database>, email: string): Promise<string | undefined> {
  const user = await db.selectFrom('users').select('id').where(sql`lower(email)`, '=', email.trim().toLowerCase()).executeTakeFirst();
  return user?.id;
}

/** Whether the user belongs to the tenant (every token's access depends on it). */
export async function isMember(db: Kysely<Database>, tenantId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}
const ROLES: readonly MembershipRole[] = ['admin', 'member'];

export function checkRole(role: string): asserts role is MembershipRole {
  if (!ROLES.includes(role as MembershipRole)) throw TenancyErrors.TENANCY_INVALID_ROLE([role]);
}
const PLANS: readonly TenantPlan[] = ['trial', 'sponsored', 'standard'];

export interface NewUser {
  readonly email: string;
  readonly password: string;
  readonly name?: string;
}

function checkName(label: string, value: string): string {
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > 200) throw TenancyErrors.TENANCY_INVALID_NAME([label]);
  return trimmed;
}

export function isEmailAddress(value: string): boolean {
  return value.length <= 320 && EMAIL.test(value);
}

/** The email trimmed, or TENANCY_INVALID_EMAIL. */
export function checkEmail(value: string): string {
  const email = value.trim();
  if (!isEmailAddress(email)) throw TenancyErrors.TENANCY_INVALID_EMAIL([value]);
  return email;
}

async function checkedUser(user: NewUser) {
  const email = checkEmail(user.email);
  if (user.password.length < MIN_PASSWORD_LENGTH) throw TenancyErrors.TENANCY_WEAK_PASSWORD([MIN_PASSWORD_LENGTH]);
  const name = user.name === undefined || user.name.trim() === '' ? email.split('@')[0]! : checkName('Name', user.name);
  return { email, name, password_hash: await hashPassword(user.password) };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

async function insertUser(db: Kysely<Database>, user: NewUser): Promise<string> {
  const row = await checkedUser(user);
  try {
    const { id } = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
  } catch (error) {
    if (isUniqueViolation(error)) throw TenancyErrors.TENANCY_EMAIL_TAKEN([row.email]);
    throw error;
  }
}

export async function createUser(db: Kysely<Database>, user: NewUser): Promise<{ userId: string }> {
  return { userId: await insertUser(db, user) };
}

/** Creates a tenant and its first admin in one transaction (the caller's, if `db` is one): both or neither. */
export async function createTenant(
  db: Kysely<Database>,
  input: { name: string; plan?: TenantPlan; admin: NewUser },
): Promise<{ tenantId: string; userId: string }> {
  const name = checkName('Tenant name', input.name);
  const plan = input.plan ?? 'trial';
  if (!PLANS.includes(plan)) throw TenancyErrors.TENANCY_INVALID_PLAN([plan]);
  const create = async (trx: Kysely<Database>) => {
    const { id: tenantId } = await trx.insertInto('tenants').values({ name, plan }).returning('id').executeTakeFirstOrThrow();
    const userId = await insertUser(trx, input.admin);
    await trx.insertInto('memberships').values({ tenant_id: tenantId, user_id: userId, role: 'admin' }).execute();
    return { tenantId, userId };
  };
  return db.isTransaction ? create(db) : db.transaction().execute(create);
}

export async function listTenants(db: Kysely<Database>) {
  return db.selectFrom('tenants').select(['id', 'name', 'plan', 'created_at']).orderBy('created_at').orderBy('id').execute();
}

export async function countTenants(db: Kysely<Database>): Promise<number> {
  const { count } = await db.selectFrom('tenants').select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow();
  return Number(count);
}

/** Adds an existing user to a tenant, or changes the role of one already in it. */
export async function addUserToTenant(
  db: Kysely<Database>,
  input: { tenantId: string; email: string; role: MembershipRole },
): Promise<{ tenantId: string; userId: string; role: MembershipRole }> {
  checkRole(input.role);
  if (!UUID.test(input.tenantId)) throw TenancyErrors.TENANCY_TENANT_NOT_FOUND([input.tenantId]);
  const tenant = await db.selectFrom('tenants').select('id').where('id', '=', input.tenantId).executeTakeFirst();
  if (!tenant) throw TenancyErrors.TENANCY_TENANT_NOT_FOUND([input.tenantId]);
  const userId = await findUserIdByEmail(db, input.email);
  if (!userId) throw TenancyErrors.TENANCY_USER_NOT_FOUND([input.email]);
  const upsert = async (trx: Kysely<Database>) => {
    if (input.role === 'member') {
      // Serialises concurrent demotions in one tenant, as removeUserFromTenant does, so two admins cannot demote each other.
      const admins = await trx.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenant.id).where('role', '=', 'admin').forUpdate().execute();
      if (admins.length === 1 && admins[0]!.user_id === userId) throw TenancyErrors.TENANCY_LAST_ADMIN();
    }
    await trx
      .insertInto('memberships')
      .values({ tenant_id: tenant.id, user_id: userId, role: input.role })
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet({ role: input.role }))
      .execute();
    return { tenantId: tenant.id, userId, role: input.role };
  };
  return db.isTransaction ? upsert(db) : db.transaction().execute(upsert);
}

/**
 * Removes a user from a tenant. Their tokens for it stop working at once
 * (authentication checks membership). The last admin cannot be removed.
 */
export async function removeUserFromTenant(db: Kysely<Database>, input: { tenantId: string; email: string }): Promise<{ userId: string }> {
  if (!UUID.test(input.tenantId)) throw TenancyErrors.TENANCY_TENANT_NOT_FOUND([input.tenantId]);
  const remove = async (trx: Kysely<Database>) => {
    // Serialises concurrent removals in one tenant, so two admins cannot remove each other.
    const admins = await trx.selectFrom('memberships').select(['user_id']).where('tenant_id', '=', input.tenantId).where('role', '=', 'admin').forUpdate().execute();
    const member = await trx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'm.role'])
      .where('m.tenant_id', '=', input.tenantId)
      .where(sql`lower(u.email)`, '=', input.email.trim().toLowerCase())
      .executeTakeFirst();
    if (!member) throw TenancyErrors.TENANCY_NOT_A_MEMBER([input.email]);
    if (member.role === 'admin' && admins.length <= 1) throw TenancyErrors.TENANCY_LAST_ADMIN();
    await trx.deleteFrom('memberships').where('tenant_id', '=', input.tenantId).where('user_id', '=', member.user_id).execute();
    return { userId: member.user_id };
  };
  return db.isTransaction ? remove(db) : db.transaction().execute(remove);
}
