/**
 * Apps API credentials (Settings > Developer Settings > API Credentials):
 * tokens used as the Basic-auth password. Only their SHA-256 is stored
 * (platform/secrets/digest.ts); the token is shown once, at creation.
 */
import { randomBytes } from 'node:crypto';
import { digest } from '../../platform/secrets/digest.ts';
import { ContactCenterErrors } from '../cc-errors.ts';
import type { CcDb } from '../db/cc-database.ts';
import { findCenter } from './centers.ts';

export interface CreatedCredential {
  readonly id: string;
  readonly subdomain: string;
  readonly token: string;
}

export interface CredentialSummary {
  readonly id: string;
  readonly name: string;
  readonly hint: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

export async function createCredential(db: CcDb, tenantId: string, name = 'API credential'): Promise<CreatedCredential> {
  const center = await findCenter(db, tenantId);
  const token = randomBytes(24).toString('hex');
  const row = await db
    .insertInto('cc_api_credentials')
    .values({ tenant_id: tenantId, name: name.slice(0, 200), token_digest: digest(token), token_hint: token.slice(-4) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, subdomain: center.subdomain, token };
}

export async function listCredentials(db: CcDb, tenantId: string): Promise<CredentialSummary[]> {
  const rows = await db
    .selectFrom('cc_api_credentials')
    .select(['id', 'name', 'token_hint', 'created_at', 'last_used_at'])
    .where('tenant_id', '=', tenantId)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, hint: row.token_hint, createdAt: row.created_at, lastUsedAt: row.last_used_at }));
}

export async function revokeCredential(db: CcDb, tenantId: string, id: string): Promise<void> {
  const result = /^\d{1,18}$/.test(id)
    ? await db.updateTable('cc_api_credentials').set({ revoked_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst()
    : undefined;
  if (!result || result.numUpdatedRows === 0n) throw ContactCenterErrors.CC_CREDENTIAL_NOT_FOUND([id]);
}

/** Whether `token` is a live credential of the center; marks it used at most once a minute. */
export async function verifyCredential(db: CcDb, tenantId: string, token: string): Promise<boolean> {
  if (token.length === 0 || token.length > 200) return false;
  const row = await db
    .selectFrom('cc_api_credentials')
    .select(['id', 'last_used_at'])
    .where('tenant_id', '=', tenantId)
    .where('token_digest', '=', digest(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return false;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('cc_api_credentials').set({ last_used_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
  }
  return true;
}
