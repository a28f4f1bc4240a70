/**
 * API clients ("OAuth clients"), created by a tenant admin (Settings >
 * Connections > OAuth clients, or `commontime client create`). Any user of
 * any tenant may authorise a client; the token reaches only the tenant that
 * user picked. The secret is shown once and kept as a SHA-256 digest
 * (it is 256 random bits, so a slow hash would add nothing).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { digest } from '../../platform/secrets/digest.ts';
import { TenancyErrors } from '../../platform/tenancy/tenancy-errors.ts';
import { isUuid } from '../../platform/tenancy/tenancy.ts';
import { IdentityErrors } from '../identity/identity-errors.ts';

export const MAX_REDIRECT_URIS = 20;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface ClientInput {
  readonly name: string;
  readonly redirectUris: readonly string[];
}

/**
 * Why a redirect URI is not allowed, or undefined: absolute, no fragment or credentials, HTTPS unless loopback
 * (RFC 6749 §3.1.2, RFC 8252 §8.3; the MCP authorization spec asks the same of MCP clients' URIs).
 */
/** An http URL on this machine (RFC 8252 §7.3's loopback redirect of a native app). */
export function isLoopbackHttp(uri: string | URL): boolean {
  const url = typeof uri === 'string' ? URL.parse(uri) : uri;
  return url?.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

export function redirectUriProblem(value: string): string | undefined {
  const url = URL.parse(value);
  if (!url) return 'it must be an absolute URL';
  if (value.length > 2000) return 'it is longer than 2000 characters';
  if (url.hash || value.includes('#')) return 'it must not contain a fragment (RFC 6749 §3.1.2)';
  if (url.username || url.password) return 'it must not contain credentials';
  if (url.protocol !== 'https:' && !isLoopbackHttp(url)) return 'it must use https (http is allowed only for localhost and 127.0.0.1)';
  return undefined;
}

export function checkRedirectUri(raw: string): string {
  const value = raw.trim();
  const problem = redirectUriProblem(value);
  if (problem) throw IdentityErrors.IDENTITY_INVALID_REDIRECT_URI([URL.canParse(value) && value.length <= 2000 ? value : JSON.stringify(raw.slice(0, 200)), problem]);
  return value;
}

function checkInput(input: ClientInput): { name: string; redirect_uris: string[] } {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 200) throw TenancyErrors.TENANCY_INVALID_NAME(['Client name']);
  const uris = [...new Set(input.redirectUris.map((uri) => uri.trim()).filter((uri) => uri !== ''))];
  if (uris.length === 0) throw IdentityErrors.IDENTITY_INVALID_REDIRECT_URI(['(none)', 'give at least one redirect URL']);
  if (uris.length > MAX_REDIRECT_URIS) throw IdentityErrors.IDENTITY_INVALID_REDIRECT_URI([`(${uris.length} URLs)`, `at most ${MAX_REDIRECT_URIS} are allowed`]);
  return { name, redirect_uris: uris.map(checkRedirectUri) };
}

/** A client secret: shown once, kept as its digest (admins' clients here, self-registered ones in registered-clients.ts). */
export const newClientSecret = () => `cts_${randomBytes(32).toString('base64url')}`;

export async function createClient(
  db: Kysely<Database>,
  tenantId: string,
  input: ClientInput & { createdBy?: string },
): Promise<{ clientId: string; clientSecret: string }> {
  const row = checkInput(input);
  await assertTenant(db, tenantId);
  const clientId = `ctc_${randomBytes(16).toString('base64url')}`;
  const clientSecret = newClientSecret();
  await db
    .insertInto('oauth_clients')
    .values({ tenant_id: tenantId, id: clientId, ...row, secret_hash: digest(clientSecret), created_by: input.createdBy ?? null })
    .execute();
  return { clientId, clientSecret };
}

export async function listClients(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('oauth_clients')
    .select(['id', 'name', 'redirect_uris', 'created_at', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function updateClient(db: Kysely<Database>, tenantId: string, clientId: string, input: ClientInput): Promise<void> {
  const row = checkInput(input);
  const result = await db
    .updateTable('oauth_clients')
    .set({ ...row, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', clientId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw IdentityErrors.IDENTITY_CLIENT_NOT_FOUND([clientId]);
}

/** The old secret stops working at once; tokens already issued stay valid. */
export async function rotateClientSecret(db: Kysely<Database>, tenantId: string, clientId: string): Promise<{ clientSecret: string }> {
  const clientSecret = newClientSecret();
  const result = await db
    .updateTable('oauth_clients')
    .set({ secret_hash: digest(clientSecret), updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', clientId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw IdentityErrors.IDENTITY_CLIENT_NOT_FOUND([clientId]);
  return { clientSecret };
}

/** Deletes the client and revokes everything issued to it, in one transaction. */
export async function deleteClient(db: Kysely<Database>, tenantId: string, clientId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom('oauth_clients').where('tenant_id', '=', tenantId).where('id', '=', clientId).executeTakeFirst();
    if (deleted.numDeletedRows === 0n) throw IdentityErrors.IDENTITY_CLIENT_NOT_FOUND([clientId]);
    await trx.deleteFrom('oauth_models').where(sql<string>`payload->>'clientId'`, '=', clientId).execute();
    await trx.deleteFrom('oauth_grant_tenants').where('client_id', '=', clientId).execute();
  });
}

/** The client as oidc-provider reads it (snake_case metadata); undefined when unknown. */
export async function clientMetadata(db: Kysely<Database>, clientId: string) {
  // PostgreSQL text cannot hold NUL (SQLSTATE 22021, a 500): no client has such an id.
  if (clientId.includes('\0')) return undefined;
  const row = await db.selectFrom('oauth_clients').select(['id', 'name', 'redirect_uris', 'secret_hash']).where('id', '=', clientId).executeTakeFirst();
  if (!row) return undefined;
  return {
    client_id: row.id,
    client_name: row.name,
    // The digest, compared by `verifyClientSecret` (installed on the provider's Client model).
    client_secret: row.secret_hash,
    redirect_uris: row.redirect_uris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  };
}

/** Constant-time comparison of a presented secret with the stored digest. */
export function verifyClientSecret(storedDigest: string, presented: string): boolean {
  const expected = Buffer.from(storedDigest);
  const actual = Buffer.from(digest(presented));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

async function assertTenant(db: Kysely<Database>, tenantId: string): Promise<void> {
  if (!isUuid(tenantId) || !(await db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst())) {
    throw TenancyErrors.TENANCY_TENANT_NOT_FOUND([tenantId]);
  }
}
