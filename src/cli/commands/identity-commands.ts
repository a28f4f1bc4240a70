/** `client create|list|delete|rotate-secret` and `token create|list|revoke`: API clients and personal access tokens. */
import { sql } from 'kysely';
import { createToken, listTokens, revokeToken } from '../../hub/identity/personal-access-tokens.ts';
import { createClient, deleteClient, listClients, rotateClientSecret } from '../../hub/oauth/oauth-clients.ts';
import { TenancyErrors } from '../../platform/tenancy/tenancy-errors.ts';
import { findUserIdByEmail } from '../../platform/tenancy/tenancy.ts';
import { requiredString, type Command, type ParsedOptions } from '../command.ts';
import { UsageError } from '../cli-error.ts';
import { withDatabase } from '../with-database.ts';

const tenantOption = { type: 'string', required: true, description: 'Workspace id (see `tenant list`).' } as const;

function strings(options: ParsedOptions, name: string): string[] {
  const value = options[name];
  return value === undefined ? [] : [value].flat().map(String);
}

export const clientCreate: Command = {
  name: 'client create',
  summary: 'Create an OAuth client (API client); prints its id and secret, shown only this once.',
  options: {
    tenant: tenantOption,
    name: { type: 'string', required: true, description: 'Client name, shown to users at consent.' },
    'redirect-uri': { type: 'string', required: true, multiple: true, description: 'Redirect URL (https, or http for localhost); repeat for several.' },
  },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const created = await createClient(db, requiredString(options, 'tenant'), { name: requiredString(options, 'name'), redirectUris: strings(options, 'redirect-uri') });
      return { client_id: created.clientId, client_secret: created.clientSecret };
    }),
};

export const clientList: Command = {
  name: 'client list',
  summary: 'List the OAuth clients of a workspace (never their secrets).',
  options: { tenant: tenantOption },
  run: (options, config) =>
    withDatabase(config, async (db) =>
      (await listClients(db, requiredString(options, 'tenant'))).map((c) => ({
        client_id: c.id,
        name: c.name,
        redirect_uris: c.redirect_uris,
        created_at: c.created_at.toISOString(),
      })),
    ),
};

export const clientDelete: Command = {
  name: 'client delete',
  summary: 'Delete an OAuth client and revoke every token issued to it.',
  options: { tenant: tenantOption, id: { type: 'string', required: true, description: 'Client id.' } },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      await deleteClient(db, requiredString(options, 'tenant'), requiredString(options, 'id'));
      return { deleted: requiredString(options, 'id') };
    }),
};

export const clientRotateSecret: Command = {
  name: 'client rotate-secret',
  summary: 'Replace an OAuth client\'s secret; the old one stops working at once.',
  options: { tenant: tenantOption, id: { type: 'string', required: true, description: 'Client id.' } },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const { clientSecret } = await rotateClientSecret(db, requiredString(options, 'tenant'), requiredString(options, 'id'));
      return { client_id: requiredString(options, 'id'), client_secret: clientSecret };
    }),
};

export const tokenCreate: Command = {
  name: 'token create',
  summary: 'Create a personal access token for a member of a workspace; prints it, shown only this once.',
  options: {
    tenant: tenantOption,
    email: { type: 'string', required: true, description: 'Email of the member the token acts as.' },
    scopes: { type: 'string', required: true, description: 'Comma-separated: api:read, import, mcp, webhooks.' },
    name: { type: 'string', description: 'A name to recognise the token by (default: "CLI token").' },
    expires: { type: 'string', description: 'Expiry date, YYYY-MM-DD (default: never).' },
  },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const expires = options.expires as string | undefined;
      if (expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(expires)) throw new UsageError(`token create: --expires must be YYYY-MM-DD, got ${JSON.stringify(expires)}`);
      const email = requiredString(options, 'email');
      const userId = await findUserIdByEmail(db, email);
      if (!userId) throw TenancyErrors.TENANCY_USER_NOT_FOUND([email]);
      const tenantId = requiredString(options, 'tenant');
      if (!(await db.selectFrom('tenants').select('id').where(sql`id::text`, '=', tenantId).executeTakeFirst())) throw TenancyErrors.TENANCY_TENANT_NOT_FOUND([tenantId]);
      const created = await createToken(db, {
        tenantId,
        userId,
        name: (options.name as string | undefined) ?? 'CLI token',
        scopes: requiredString(options, 'scopes').split(','),
        expiresAt: expires ? new Date(`${expires}T23:59:59Z`) : undefined,
      });
      return { token: created.token, id: created.id };
    }),
};

export const tokenList: Command = {
  name: 'token list',
  summary: 'List the live personal access tokens of a workspace (never the tokens themselves).',
  options: { tenant: tenantOption },
  run: (options, config) =>
    withDatabase(config, async (db) =>
      (await listTokens(db, requiredString(options, 'tenant'))).map((t) => ({
        id: t.id,
        user_id: t.user_id,
        name: t.name,
        scopes: t.scopes,
        prefix: t.token_prefix,
        created_at: t.created_at.toISOString(),
        expires_at: t.expires_at?.toISOString() ?? null,
        last_used_at: t.last_used_at?.toISOString() ?? null,
      })),
    ),
};

export const tokenRevoke: Command = {
  name: 'token revoke',
  summary: 'Revoke a personal access token; requests with it fail at once.',
  options: { tenant: tenantOption, id: { type: 'string', required: true, description: 'Token id (see `token list`).' } },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      await revokeToken(db, requiredString(options, 'tenant'), requiredString(options, 'id'));
      return { revoked: requiredString(options, 'id') };
    }),
};
