/**
 * Who is calling the hub's APIs, from the Authorization header.
 *
 * - `Bearer <OAuth access token>`: issued by our authorization server for
 *   this API (audience), bound to the tenant chosen at consent.
 * - `Bearer <personal access token>` (`ctp_…`).
 * - `Basic base64(anything:<personal access token>)`, where a route allows
 *   it: BI tools that cannot run a code flow (Power BI, Excel, Tableau).
 *
 * RFC 6750 §3: failures answer 401 with `WWW-Authenticate: Bearer
 * error="invalid_token"`, a token lacking the scope 403 with
 * `error="insufficient_scope"`. Tokens in the query string are refused
 * (RFC 6750 §5.3, and MCP authorization): URLs end up in logs.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type Provider from 'oidc-provider';
import type { ServiceContext } from '../../platform/http/service.ts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { isMember } from '../../platform/tenancy/tenancy.ts';
import { apiResource, mcpChallenge, mcpResource } from './api-resource.ts';
import { IdentityErrors } from './identity-errors.ts';
import { findToken, PAT_PREFIX } from './personal-access-tokens.ts';
import type { Scope } from './scopes.ts';
import { createTokenCache, type TokenCache } from './token-cache.ts';

export interface Principal {
  readonly userId: string;
  readonly tenantId: string;
  readonly scopes: ReadonlySet<string>;
  readonly via: 'oauth' | 'personal-access-token';
  readonly clientId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const REALM = 'CommonTime';

/**
 * RFC 9110 §11.4: `credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]`, the scheme
 * case-insensitive. Bearer (RFC 6750 §2.1, `b64token`) and Basic (RFC 7617 §2) carry exactly one
 * token68, so anything after it, or any other separator than spaces, is not credentials of theirs.
 */
const CREDENTIALS = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) +([A-Za-z0-9\-._~+/]+=*)$/;

/** RFC 7617 §2: the user-pass in base64 (RFC 4648 §4); Buffer would skip characters outside the alphabet. */
function basicUserPass(credentials: string): string | undefined {
  const decoded = Buffer.from(credentials, 'base64');
  return decoded.toString('base64').replace(/=+$/, '') === credentials.replace(/=+$/, '') ? decoded.toString('utf8') : undefined;
}

type ChallengeError = 'invalid_token' | 'invalid_request' | 'insufficient_scope';

/**
 * The `WWW-Authenticate` value of a refusal (RFC 6750 §3); `error` is undefined when the request
 * carried no credentials at all, which RFC 6750 §3.1 answers without an error code.
 */
export type Challenge = (error: ChallengeError | undefined, scope?: string) => string;

/** The API's challenge: a realm, and `invalid_token` also for a request without credentials (what clients of the API have always seen). */
const apiChallenge: Challenge = (error, scope) => `Bearer realm="${REALM}", error="${error ?? 'invalid_token'}"${scope ? `, scope="${scope}"` : ''}`;

export interface AuthenticatorOptions {
  readonly db: Kysely<Database>;
  /** The authorization server (oauth/provider.ts), whose access tokens this checks. */
  readonly provider: Provider;
  /** The audience our access tokens must carry. */
  readonly resource: string;
  readonly cache: TokenCache;
  readonly challenge?: Challenge;
}

interface Verified {
  readonly principal: Principal;
  /** Epoch ms; undefined when the token does not expire. */
  readonly expiresAt: number | undefined;
}

/**
 * Settings > Connections shows when each connected application last used its access. Written when a token is
 * verified (not on each request the token cache answers) or issued, and at most once a minute per grant.
 */
export async function touchGrant(db: Kysely<Database>, tenantId: string, grantId: string): Promise<void> {
  await db
    .updateTable('oauth_grant_tenants')
    .set({ last_used_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('grant_id', '=', grantId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute();
}

export function createAuthenticator({ db, provider, resource, cache, challenge: challengeValue = apiChallenge }: AuthenticatorOptions) {
  const challenge = (reply: FastifyReply, error: ChallengeError | undefined, scope?: string) => reply.header('www-authenticate', challengeValue(error, scope));

  async function fromAccessToken(token: string): Promise<Verified | undefined> {
    const accessToken = await provider.AccessToken.find(token);
    if (!accessToken || accessToken.isExpired) return undefined;
    const audience = [accessToken.aud].flat();
    const tenantId = (accessToken.extra as { tenant_id?: string } | undefined)?.tenant_id;
    if (!audience.includes(resource) || !tenantId || !accessToken.accountId) return undefined;
    // A user removed from the workspace loses what their tokens could reach.
    if (!(await isMember(db, tenantId, accessToken.accountId))) return undefined;
    const principal: Principal = { userId: accessToken.accountId, tenantId, scopes: new Set(String(accessToken.scope ?? '').split(' ').filter(Boolean)), via: 'oauth', clientId: accessToken.clientId };
    if (accessToken.grantId) await touchGrant(db, tenantId, accessToken.grantId);
    return { principal, expiresAt: accessToken.exp === undefined ? undefined : accessToken.exp * 1000 };
  }

  async function fromPersonalToken(token: string): Promise<Verified | undefined> {
    const found = await findToken(db, token);
    return found && { principal: { userId: found.userId, tenantId: found.tenantId, scopes: new Set(found.scopes), via: 'personal-access-token' }, expiresAt: found.expiresAt?.getTime() };
  }

  async function verify(token: string, personal: boolean): Promise<Principal | undefined> {
    // Keyed by audience too: authenticators of several resources share one cache, and a token one of them accepted is not the other's.
    const key = `${resource} ${token}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const generation = cache.generation;
    const verified = personal ? await fromPersonalToken(token) : await fromAccessToken(token);
    if (verified) cache.set(key, verified.principal, verified.expiresAt, generation);
    return verified?.principal;
  }

  // Credentials of internal requests (delegate below): random, held only in this process while their request runs.
  const delegations = new Map<string, Principal>();

  async function authenticate(request: FastifyRequest, reply: FastifyReply, allowBasic: boolean): Promise<Principal> {
    const query = request.query as Record<string, unknown> | undefined;
    if (query && Object.hasOwn(query, 'access_token')) {
      challenge(reply, 'invalid_request');
      throw IdentityErrors.IDENTITY_TOKEN_IN_QUERY();
    }
    const [, scheme = '', credentials = ''] = CREDENTIALS.exec(request.headers.authorization ?? '') ?? [];
    let principal: Principal | undefined;
    if (scheme.toLowerCase() === 'bearer' && credentials.startsWith(DELEGATED_PREFIX)) {
      principal = delegations.get(credentials);
    } else if (scheme.toLowerCase() === 'bearer') {
      principal = await verify(credentials, credentials.startsWith(PAT_PREFIX));
    } else if (allowBasic && scheme.toLowerCase() === 'basic') {
      const decoded = basicUserPass(credentials) ?? '';
      const password = decoded.slice(decoded.indexOf(':') + 1);
      principal = decoded.includes(':') && password.startsWith(PAT_PREFIX) ? await verify(password, true) : undefined;
    }
    if (!principal) {
      challenge(reply, request.headers.authorization === undefined ? undefined : 'invalid_token');
      throw IdentityErrors.IDENTITY_INVALID_TOKEN();
    }
    return principal;
  }

  /** A preHandler that authenticates and requires `scope` (any scope when omitted). */
  function requireToken(options: { scope?: Scope; allowBasic?: boolean } = {}): preHandlerAsyncHookHandler {
    return async function requireTokenHandler(request, reply) {
      const principal = await authenticate(request, reply, options.allowBasic === true);
      if (options.scope && !principal.scopes.has(options.scope)) {
        challenge(reply, 'insufficient_scope', options.scope);
        throw IdentityErrors.IDENTITY_INSUFFICIENT_SCOPE([options.scope]);
      }
      request.principal = principal;
    };
  }

  /**
   * An Authorization header for one request the hub makes to itself (`app.inject`) on behalf of
   * `principal`, carrying `scopes` only: the MCP server's query_odata runs the OData route this way,
   * with every check and limit of a request from outside. Valid until `release()`.
   */
  function delegate(principal: Principal, scopes: readonly Scope[]): { authorization: string; release(): void } {
    const credential = `${DELEGATED_PREFIX}${randomBytes(32).toString('base64url')}`;
    delegations.set(credential, { ...principal, scopes: new Set(scopes) });
    return { authorization: `Bearer ${credential}`, release: () => void delegations.delete(credential) };
  }

  return { requireToken, delegate };
}

const DELEGATED_PREFIX = 'ctd_';

export type Authenticator = ReturnType<typeof createAuthenticator>;

/**
 * The hub's authenticators, one per protected resource, sharing a token cache that lives as long as `app`:
 * `api` for the API (OData, importer, webhooks), `mcp` for the MCP server, whose OAuth tokens carry its
 * own audience and whose challenge points clients at its protected-resource metadata (RFC 9728 §5.1).
 */
export function hubAuthenticators(app: FastifyInstance, context: ServiceContext, provider: Provider): { api: Authenticator; mcp: Authenticator } {
  const cache = createTokenCache(context.db, context.logger, context.config.tokenCacheSeconds);
  app.addHook('onClose', () => cache.close());
  return {
    api: createAuthenticator({ db: context.db, provider, resource: apiResource(context.config), cache }),
    mcp: createAuthenticator({ db: context.db, provider, resource: mcpResource(context.config), cache, challenge: mcpChallenge(context.config) }),
  };
}
