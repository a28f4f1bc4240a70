/**
 * Sign-in sessions of the pages (Settings, consent). The cookie holds 256
 * random bits; the table holds their digest. A session belongs to a user and
 * remembers the workspace they are working in.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { digest } from '../../platform/secrets/digest.ts';
import { UNKNOWN_USER_HASH, verifyPassword } from '../../platform/tenancy/password.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { IdentityErrors } from './identity-errors.ts';
import { assertNotThrottled, recordFailure } from '../../platform/tenancy/sign-in-throttle.ts';

export const SESSION_COOKIE = 'ct_session';
export const SESSION_TTL_SECONDS = 14 * 24 * 60 * 60;

export interface WebSession {
  readonly userId: string;
  readonly userName: string;
  readonly userEmail: string;
  readonly activeTenantId: string | null;
}


/**
 * Checks email and password; throws IDENTITY_LOGIN_FAILED without saying
 * which was wrong, or IDENTITY_TOO_MANY_ATTEMPTS while the email is throttled.
 */
export async function checkCredentials(db: Kysely<Database>, email: string, password: string): Promise<string> {
  await assertNotThrottled(db, email, (minutes, seconds) => IdentityErrors.IDENTITY_TOO_MANY_ATTEMPTS([minutes], { target: String(seconds) }));
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? UNKNOWN_USER_HASH);
  if (!user || !user.password_hash || !ok) {
    await recordFailure(db, email);
    throw IdentityErrors.IDENTITY_LOGIN_FAILED();
  }
  return user.id;
}

/** A failed sign-in the form shows to the user (wrong credentials, throttled); anything else is not. */
export function signInFailure(error: unknown): AppError | undefined {
  const codes: string[] = [IdentityErrors.IDENTITY_LOGIN_FAILED.code, IdentityErrors.IDENTITY_TOO_MANY_ATTEMPTS.code];
  return error instanceof AppError && codes.includes(error.code) ? error : undefined;
}

/** Signs the user in (both sign-in forms call this). Invitations wait for the user's answer (pages/invitations-page.ts). */
export async function createSession(db: Kysely<Database>, userId: string, activeTenantId: string | null = null): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db
    .insertInto('web_sessions')
    .values({ id_hash: digest(id), user_id: userId, active_tenant_id: activeTenantId, expires_at: new Date(Date.now() + SESSION_TTL_SECONDS * 1000) })
    .execute();
  return id;
}

export async function findSession(db: Kysely<Database>, id: string | undefined): Promise<WebSession | undefined> {
  if (!id || id.length > 100) return undefined;
  const row = await db
    .selectFrom('web_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.user_id', 'u.name', 'u.email', 's.active_tenant_id'])
    .where('s.id_hash', '=', digest(id))
    .where('s.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  if (!row) return undefined;
  return { userId: row.user_id, userName: row.name, userEmail: row.email, activeTenantId: row.active_tenant_id };
}

export async function setActiveTenant(db: Kysely<Database>, id: string, tenantId: string): Promise<void> {
  await db.updateTable('web_sessions').set({ active_tenant_id: tenantId, last_seen_at: sql<Date>`now()` }).where('id_hash', '=', digest(id)).execute();
}

export async function deleteSession(db: Kysely<Database>, id: string | undefined): Promise<void> {
  if (id) await db.deleteFrom('web_sessions').where('id_hash', '=', digest(id)).execute();
}

export async function membershipsOf(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('tenants as t', 't.id', 'm.tenant_id')
    .select(['t.id as tenantId', 't.name as tenantName', 'm.role', 'm.created_at as joinedAt'])
    .where('m.user_id', '=', userId)
    .orderBy('t.name')
    .orderBy('t.id')
    .execute();
}
