/**
 * The tenant a user chose when granting a client access. oidc-provider's
 * Grant drops properties it does not know, so the choice lives here, keyed
 * by grant id, and is copied into every token of the grant (`extra.tenant_id`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

export async function recordGrantTenant(db: Kysely<Database>, row: { grantId: string; tenantId: string; userId: string; clientId: string; clientName: string }): Promise<void> {
  await db
    .insertInto('oauth_grant_tenants')
    .values({ grant_id: row.grantId, tenant_id: row.tenantId, user_id: row.userId, client_id: row.clientId, client_name: row.clientName.slice(0, 200) })
    .execute();
}

export async function tenantOfGrant(db: Kysely<Database>, grantId: string): Promise<string | undefined> {
  const row = await db.selectFrom('oauth_grant_tenants').select('tenant_id').where('grant_id', '=', grantId).executeTakeFirst();
  return row?.tenant_id;
}
