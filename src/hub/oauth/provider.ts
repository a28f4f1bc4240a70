/**
 * The hub's OAuth 2.0 authorization server: oidc-provider configured to the
 * Four/Four contract (docs/oauth.md) and to what MCP clients need
 * (docs/mcp.md, "Authorization"): RFC 8414 metadata, PKCE, resource
 * indicators, Dynamic Client Registration and Client ID Metadata Documents.
 * Each option below is there for a reason docs/architecture.md gives.
 *
 * - Paths exactly as Four/Four's: /oauth/authorize, /oauth/token; plus
 *   /oauth/revoke (RFC 7009) and /.well-known/oauth-authorization-server (RFC 8414).
 * - Authorization code grant only; client credentials in the form body
 *   (client_secret_post, as Four/Four's curl example) or HTTP Basic.
 * - Opaque access tokens (revocable), 24 h by default (`expires_in: 86400`
 *   in Four/Four's documentation; docs/oauth.md, "Expiry and refresh"), with rotating refresh tokens.
 * - Two resources (RFC 8707): the API (`PUBLIC_URL`) and the MCP server
 *   (`PUBLIC_URL/mcp`), each token bound to one. AI clients (self-registered
 *   or by metadata document) get the MCP server when they name none.
 * - A missing `scope` means `api:read`, or `mcp` for a request to the MCP
 *   server; PKCE (S256) is checked whenever sent and required for public
 *   clients and every AI client.
 * - Consent is asked every time, because each authorization picks a tenant.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Config } from '../../platform/config/config.ts';
import type { Db } from '../../platform/db/database.ts';
import { sharedSecret } from '../../platform/secrets/platform-secrets.ts';
import { isMember } from '../../platform/tenancy/tenancy.ts';
import { apiResource, mcpResource } from '../identity/api-resource.ts';
import { touchGrant } from '../identity/authenticate.ts';
import { DEFAULT_SCOPE, SCOPES } from '../identity/scopes.ts';
import { renderOAuthError } from './oauth-error-page.ts';
import { tenantOfGrant } from './grant-tenants.ts';
import { aiClientAuthorizationGuard } from './ai-client-requests.ts';
import { clientMetadataDocumentOptions } from './client-metadata-documents.ts';
import { postgresAdapter } from './postgres-adapter.ts';
import { isLoopbackHttp, MAX_REDIRECT_URIS, newClientSecret, redirectUriProblem, verifyClientSecret } from './oauth-clients.ts';
import { isAiClient, newRegisteredClientId } from './registered-clients.ts';

export const AUTHORIZATION_CODE_TTL_SECONDS = 600;
const DAY = 24 * 60 * 60;

export type OAuthProvider = Provider;

export async function createOAuthProvider(config: Config, db: Db): Promise<OAuthProvider> {
  const cookieKeys = await sharedSecret(db, 'oauth.cookie-keys', () => [randomBytes(32).toString('base64url')]);
  const jwks = await sharedSecret(db, 'oauth.jwks', () => ({
    keys: [{ ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'ES256' }],
  }));
  const resource = apiResource(config);
  const mcp = mcpResource(config);
  // The API's scopes; mcp belongs to the MCP server's tokens alone.
  const apiScope = Object.keys(SCOPES).filter((s) => s !== 'mcp').join(' ');
  const metadataDocuments = clientMetadataDocumentOptions({ allowLoopback: config.allowLoopbackClientMetadata });
  const secure = config.publicUrl.startsWith('https:');

  const configuration: Configuration = {
    adapter: postgresAdapter(db),
    jwks: jwks as Configuration['jwks'],
    cookies: {
      keys: cookieKeys,
      long: { signed: true, sameSite: 'lax', secure },
      short: { signed: true, sameSite: 'lax', secure },
    },
    async findAccount(_ctx, sub) {
      const user = await db.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', sub).executeTakeFirst();
      if (!user) return undefined;
      return { accountId: user.id, claims: async () => ({ sub: user.id, email: user.email, name: user.name }) };
    },
    // Our one signing key is EC P-256; the library's default client expects RS256.
    clientDefaults: { grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], id_token_signed_response_alg: 'ES256' },
    scopes: Object.keys(SCOPES),
    responseTypes: ['code'],
    // RFC 7591 §2: a registering client picks its method and gets it back; MCP clients are mostly public ('none').
    clientAuthMethods: ['client_secret_post', 'client_secret_basic', 'none'],
    // RFC 7636: checked whenever a challenge is sent; S256 is the only method oidc-provider 9 accepts.
    // MCP authorization ("Authorization Code Protection"): every MCP client uses PKCE, confidential ones too.
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' || isAiClient(client.clientId) },
    fetch: metadataDocuments.fetch,
    extraClientMetadata: {
      // RFC 7591 §2 fields the library does not know, kept so that an admin can tell registrations apart.
      properties: ['software_id', 'software_version'],
      // The library calls this before validating a client's metadata, which is the one place to settle what
      // an AI client that names no application_type is. RFC 8252 §7.3: the loopback redirect URIs of a native
      // app match any port, because the app listens on whatever port is free; a client whose every redirect URI
      // is loopback http is such an app (Claude Code, Cursor, the MCP Inspector), whatever default it was given.
      // It is also where AI clients' metadata gets the limits an admin's client has (oauth-clients.ts): the
      // library accepts plain-http and custom-scheme redirect URIs and names of any length.
      validator: (_ctx, key, _value, metadata) => {
        if (key !== 'software_id' || !isAiClient(String(metadata.client_id ?? ''))) return;
        const uris = (metadata.redirect_uris ?? []) as string[];
        if (uris.length > MAX_REDIRECT_URIS) throw new errors.InvalidRedirectUri(`at most ${MAX_REDIRECT_URIS} redirect_uris are allowed`);
        for (const uri of uris) {
          const problem = redirectUriProblem(uri);
          if (problem) throw new errors.InvalidRedirectUri(`redirect_uris ${JSON.stringify(uri.slice(0, 200))}: ${problem}`);
        }
        if (String(metadata.client_name ?? '').length > 200) throw new errors.InvalidClientMetadata('client_name must be at most 200 characters');
        if (uris.length > 0 && uris.every((uri) => isLoopbackHttp(uri))) metadata.application_type = 'native';
      },
    },
    features: {
      devInteractions: { enabled: false },
      // OpenID Connect RP-initiated logout: no client of the hub uses it (people sign out at /logout), and its
      // built-in pages load fonts from an outside host; disabled, /oauth/session/end is an unknown route (docs/oauth.md).
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      // RFC 7009 §2.1: a client revokes only its own tokens.
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => {
          if (token.clientId !== client.clientId) throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
          return true;
        },
      },
      // Our API accepts only Bearer tokens; a sender-constrained (DPoP) token would be used without its proof.
      dPoP: { enabled: false },
      // RFC 7591, open (no initial access token), as Claude and ChatGPT register; rate-limited per address in
      // oauth-plugin.ts. No RFC 7592 management: a client that loses its registration registers again.
      registration: { enabled: true, initialAccessToken: false, issueRegistrationAccessToken: false, idFactory: newRegisteredClientId, secretFactory: newClientSecret },
      clientIdMetadataDocument: metadataDocuments.feature,
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, client) => (client && isAiClient(client.clientId) ? mcp : resource),
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator, client) => {
          // A token for the MCP server carries only its scope: it opens no other API.
          if (indicator === mcp) return { scope: 'mcp', audience: mcp, accessTokenFormat: 'opaque', accessTokenTTL: config.oauthAccessTokenTtlSeconds };
          if (indicator !== resource) throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          // Anyone can register an AI client: the API stays with clients an admin created.
          if (isAiClient(client.clientId)) throw new errors.InvalidTarget(`this client may only be authorized for ${mcp}`);
          return { scope: apiScope, audience: resource, accessTokenFormat: 'opaque', accessTokenTTL: config.oauthAccessTokenTtlSeconds };
        },
      },
    },
    ttl: {
      AccessToken: config.oauthAccessTokenTtlSeconds,
      AuthorizationCode: AUTHORIZATION_CODE_TTL_SECONDS,
      RefreshToken: 90 * DAY,
      // Integrations run for years; the grant ends when it is revoked, not by age.
      Grant: 10 * 365 * DAY,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      Session: 14 * DAY,
    },
    rotateRefreshToken: true,
    // Without offline_access the library would issue no refresh token; Four/Four's documentation promises one (docs/oauth.md, "Expiry and refresh").
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Tokens outlive the browser session that granted them (an integration runs for months).
    expiresWithSession: async () => false,
    // Only the grant this very interaction produced: an earlier grant is never reused silently,
    // so every authorization asks for consent and lets the user pick the tenant again.
    loadExistingGrant: async (ctx) => {
      const grantId = (ctx.oidc.result as { consent?: { grantId?: string } } | undefined)?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    extraTokenClaims: async (_ctx, token) => {
      const { grantId, accountId } = token as { grantId?: string; accountId?: string };
      if (!grantId) return undefined;
      const tenantId = await tenantOfGrant(db, grantId);
      // A user who left the workspace cannot refresh their way back in.
      if (!tenantId || !accountId || !(await isMember(db, tenantId, accountId))) throw new errors.InvalidGrant('the user is no longer a member of the workspace this grant is for');
      await touchGrant(db, tenantId, grantId);
      return { tenant_id: tenantId };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    routes: {
      authorization: '/oauth/authorize',
      token: '/oauth/token',
      revocation: '/oauth/revoke',
      jwks: '/oauth/jwks',
      code_verification: '/oauth/device',
      device_authorization: '/oauth/device/auth',
      backchannel_authentication: '/oauth/backchannel',
      introspection: '/oauth/introspect',
      pushed_authorization_request: '/oauth/par',
      registration: '/oauth/register',
      userinfo: '/oauth/userinfo',
      challenge: '/oauth/challenge',
    },
    renderError: renderOAuthError,
  };

  const provider = new Provider(config.publicUrl, configuration);
  // The forwarder in oauth-plugin.ts sets X-Forwarded-* from PUBLIC_URL, so URLs in metadata are the public ones.
  provider.proxy = true;
  // The stored "secret" is a digest (oauth-clients.ts); the library would compare plaintext.
  provider.Client.prototype.compareClientSecret = async function compareClientSecret(this: { clientSecret: string }, presented: string) {
    return verifyClientSecret(this.clientSecret, presented);
  } as never;
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<unknown>) => {
    // Four/Four defaults a request without scope to api:read (docs/oauth.md, "Scopes"); the library would deny it.
    // ChatGPT reconnects to an MCP server without scope: there it means mcp.
    if (ctx.path === '/oauth/authorize' && !ctx.query.scope) {
      const toMcp = ctx.query.resource === mcp || (ctx.query.resource === undefined && isAiClient(String(ctx.query.client_id ?? '')));
      ctx.query = { ...ctx.query, scope: toMcp ? 'mcp' : DEFAULT_SCOPE };
    }
    await next();
  });
  provider.use(aiClientAuthorizationGuard(mcp));
  return provider;
}
