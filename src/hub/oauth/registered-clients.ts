/**
 * Clients that registered themselves with Dynamic Client Registration
 * (RFC 7591), as Claude, ChatGPT and the MCP SDK do on every new
 * connection, and clients identified by a Client ID Metadata Document
 * (draft-ietf-oauth-client-id-metadata-document), whose client_id is the
 * https URL of their metadata. Both are "AI clients": they reach the MCP
 * server by default (provider.ts), always with PKCE.
 *
 * oidc-provider validates the registration; this module only stores it,
 * with the secret (confidential clients) kept as its digest like the admin
 * clients' (oauth-clients.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { digest } from '../../platform/secrets/digest.ts';

const REGISTERED_PREFIX = 'ctr_';

export const newRegisteredClientId = () => `${REGISTERED_PREFIX}${randomBytes(16).toString('base64url')}`;

/** Registered by DCR, or known by its metadata document URL. */
export function isAiClient(clientId: string): boolean {
  return clientId.startsWith(REGISTERED_PREFIX) || clientId.startsWith('https://');
}

export async function storeRegisteredClient(db: Kysely<Database>, clientId: string, metadata: Record<string, unknown>): Promise<void> {
  const stored = typeof metadata.client_secret === 'string' ? { ...metadata, client_secret: digest(metadata.client_secret) } : metadata;
  await db
    .insertInto('oauth_registered_clients')
    .values({ id: clientId, metadata: JSON.stringify(stored) })
    .onConflict((oc) => oc.column('id').doUpdateSet({ metadata: JSON.stringify(stored) }))
    .execute();
}

export async function registeredClientMetadata(db: Kysely<Database>, clientId: string): Promise<Record<string, unknown> | undefined> {
  if (!clientId.startsWith(REGISTERED_PREFIX)) return undefined;
  const row = await db.selectFrom('oauth_registered_clients').select('metadata').where('id', '=', clientId).executeTakeFirst();
  return row ? (row.metadata as Record<string, unknown>) : undefined;
}
