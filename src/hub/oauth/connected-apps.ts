/**
 * The applications users of a workspace have connected (one per consent,
 * an oidc-provider Grant whose tenant oauth_grant_tenants records), for
 * Settings > Connections: AI clients that registered themselves and admins'
 * OAuth clients alike, with when each was connected and last used.
 *
 * A member sees and revokes their own; an admin every one of the workspace.
 * Revoking deletes the grant and every token issued under it; other
 * processes drop their cached copies at once (PostgreSQL NOTIFY on delete,
 * migration 0008).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { digest } from '../../platform/secrets/digest.ts';
import { IdentityErrors } from '../identity/identity-errors.ts';
import { isAiClient } from './registered-clients.ts';

export interface ConnectedApp {
  readonly grantId: string;
  readonly clientId: string;
  readonly clientName: string;
  readonly aiClient: boolean;
  readonly userEmail: string;
  readonly connectedAt: Date;
  readonly lastUsedAt: Date | null;
}

/** Who is looking: `userId` limits the list to that user's own connections. */
export interface Viewer {
  readonly tenantId: string;
  readonly userId?: string;
}

export async function listConnectedApps(db: Kysely<Database>, viewer: Viewer): Promise<ConnectedApp[]> {
  let query = db
    .selectFrom('oauth_grant_tenants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['g.grant_id', 'g.client_id', 'g.client_name', 'u.email', 'g.created_at', 'g.last_used_at'])
    .where('g.tenant_id', '=', viewer.tenantId)
    .orderBy(sql`coalesce(g.last_used_at, g.created_at)`, 'desc')
    .orderBy('g.grant_id')
    .limit(500);
  if (viewer.userId) query = query.where('g.user_id', '=', viewer.userId);
  const rows = await query.execute();
  return rows.map((r) => ({
    grantId: r.grant_id,
    clientId: r.client_id,
    clientName: r.client_name ?? r.client_id,
    aiClient: isAiClient(r.client_id),
    userEmail: r.email,
    connectedAt: r.created_at,
    lastUsedAt: r.last_used_at,
  }));
}

export async function revokeConnectedApp(db: Kysely<Database>, viewer: Viewer, grantId: string): Promise<void> {
  // PostgreSQL text cannot hold NUL (SQLSTATE 22021, a 500); grant ids are short.
  if (grantId.includes('\0') || grantId.length > 200) throw IdentityErrors.IDENTITY_CONNECTION_NOT_FOUND([grantId.slice(0, 100)]);
  await db.transaction().execute(async (trx) => {
    let owned = trx.deleteFrom('oauth_grant_tenants').where('tenant_id', '=', viewer.tenantId).where('grant_id', '=', grantId);
    if (viewer.userId) owned = owned.where('user_id', '=', viewer.userId);
    const deleted = await owned.executeTakeFirst();
    if (deleted.numDeletedRows === 0n) throw IdentityErrors.IDENTITY_CONNECTION_NOT_FOUND([grantId.slice(0, 100)]);
    await trx
      .deleteFrom('oauth_models')
      .where((eb) => eb.or([eb('grant_id', '=', grantId), eb.and([eb('model', '=', 'Grant'), eb('id_hash', '=', digest(grantId))])]))
      .execute();
  });
}
