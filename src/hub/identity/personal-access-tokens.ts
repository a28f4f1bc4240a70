/**
 * Personal access tokens (Settings > Connections): a user's token for one
 * workspace, with chosen scopes and an optional expiry, for scripts, cron
 * jobs and BI tools. Shown once; kept as a SHA-256 digest; revocable; the
 * last use is recorded (at most once a minute, to keep reads cheap).
 *
 * Format: `ctp_` + 256 random bits (base64url); the prefix lets secret
 * scanners and users recognise a CommonTime token.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { digest } from '../../platform/secrets/digest.ts';
import { TenancyErrors } from '../../platform/tenancy/tenancy-errors.ts';
import { isMember, isUuid } from '../../platform/tenancy/tenancy.ts';
import { IdentityErrors } from './identity-errors.ts';
import { isScope, SCOPES, type Scope } from './scopes.ts';

export const PAT_PREFIX = 'ctp_';

export interface NewToken {
  readonly tenantId: string;
  readonly userId: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly expiresAt?: Date;
}

export function checkScopes(scopes: readonly string[]): Scope[] {
  const unique = [...new Set(scopes.map((s) => s.trim()).filter(Boolean))];
  if (unique.length === 0) throw IdentityErrors.IDENTITY_INVALID_SCOPE(['(none)', Object.keys(SCOPES).join(', ')]);
  for (const scope of unique) if (!isScope(scope)) throw IdentityErrors.IDENTITY_INVALID_SCOPE([JSON.stringify(scope.slice(0, 100)), Object.keys(SCOPES).join(', ')]);
  return unique as Scope[];
}

export async function createToken(db: Kysely<Database>, input: NewToken): Promise<{ id: string; token: string }> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 200) throw TenancyErrors.TENANCY_INVALID_NAME(['Token name']);
  const scopes = checkScopes(input.scopes);
  if (input.expiresAt && !(input.expiresAt.getTime() > Date.now())) throw IdentityErrors.IDENTITY_INVALID_EXPIRY([String(input.expiresAt)]);
  if (!isUuid(input.tenantId)) throw TenancyErrors.TENANCY_TENANT_NOT_FOUND([input.tenantId]);
  if (!(await isMember(db, input.tenantId, input.userId))) throw IdentityErrors.IDENTITY_NOT_A_MEMBER();
  const token = `${PAT_PREFIX}${randomBytes(32).toString('base64url')}`;
  const { id } = await db
    .insertInto('personal_access_tokens')
    .values({
      tenant_id: input.tenantId,
      user_id: input.userId,
      name,
      scopes,
      token_hash: digest(token),
      token_prefix: token.slice(0, 10),
      expires_at: input.expiresAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, token };
}

export async function listTokens(db: Kysely<Database>, tenantId: string, userId?: string) {
  let query = db
    .selectFrom('personal_access_tokens')
    .select(['id', 'user_id', 'name', 'scopes', 'token_prefix', 'created_at', 'expires_at', 'last_used_at'])
    .where('tenant_id', '=', tenantId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]));
  if (userId) query = query.where('user_id', '=', userId);
  return query.orderBy('created_at').orderBy('id').execute();
}

/** Revokes a token of this workspace (only the owner's, when `userId` is given). */
export async function revokeToken(db: Kysely<Database>, tenantId: string, id: string, userId?: string): Promise<void> {
  if (!isUuid(id)) throw IdentityErrors.IDENTITY_TOKEN_NOT_FOUND([id]);
  let query = db
    .updateTable('personal_access_tokens')
    .set({ revoked_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null);
  if (userId) query = query.where('user_id', '=', userId);
  const result = await query.executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw IdentityErrors.IDENTITY_TOKEN_NOT_FOUND([id]);
}

/** The live token with this value, or undefined; a user removed from the workspace loses its tokens' access. */
export async function findToken(db: Kysely<Database>, token: string) {
  if (!token.startsWith(PAT_PREFIX) || token.length > 100) return undefined;
  const row = await db
    .selectFrom('personal_access_tokens as p')
    .innerJoin('memberships as m', (join) => join.onRef('m.tenant_id', '=', 'p.tenant_id').onRef('m.user_id', '=', 'p.user_id'))
    .select(['p.id', 'p.tenant_id', 'p.user_id', 'p.scopes', 'p.last_used_at', 'p.expires_at'])
    .where('p.token_hash', '=', digest(token))
    .where('p.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('p.expires_at', 'is', null), eb('p.expires_at', '>', sql<Date>`now()`)]))
    .executeTakeFirst();
  if (!row) return undefined;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('personal_access_tokens').set({ last_used_at: sql<Date>`now()` }).where('tenant_id', '=', row.tenant_id).where('id', '=', row.id).execute();
  }
  return { id: row.id, tenantId: row.tenant_id, userId: row.user_id, scopes: row.scopes, expiresAt: row.expires_at };
}
