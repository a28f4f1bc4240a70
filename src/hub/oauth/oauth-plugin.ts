/**
 * Mounts oidc-provider (a Koa app) in the hub's Fastify app through
 * @fastify/middie, as its docs do. Only the library's own routes are
 * forwarded, path and method: the /oauth endpoints and the discovery
 * documents at the root (`app.use('/oauth', …)` would move the well-known
 * URLs under /oauth).
 *
 * Anything else under these paths stays with Fastify, which answers in the
 * format of RFC 6749 §5.2 that OAuth clients parse (the library would send a
 * text/plain 404): an unknown path is a 404, a known one with another method
 * a 405 with `Allow` (platform/http/routing-errors.ts).
 *
 * X-Forwarded-Host/Proto are set from PUBLIC_URL before forwarding: the
 * library builds the endpoint URLs of its metadata from the request, and a
 * client must not be able to change them with its own headers.
 */
import middie from '@fastify/middie';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Context } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { clientWentAway, isClientError } from '../../platform/http/request-faults.ts';
import type { Config } from '../../platform/config/config.ts';
import type { Db } from '../../platform/db/database.ts';
import { registrationAttempt } from '../identity/registration-throttle.ts';
import { protectedResourceRoutes } from './protected-resource-metadata.ts';
import type { OAuthProvider } from './provider.ts';

// The library's routes with the features provider.ts enables (oidc-provider's lib/helpers/initialize_app.js):
// authorize and its resume path, token, revoke, jwks, discovery (RP-initiated logout is disabled). Its router answers HEAD for GET
// and OPTIONS (CORS preflight) where it lists cors.* routes.
export const LIBRARY_ROUTES: readonly { readonly url: string; readonly methods: readonly string[] }[] = [
  { url: '/oauth/authorize', methods: ['GET', 'HEAD'] },
  { url: '/oauth/authorize/:uid', methods: ['GET', 'HEAD'] },
  { url: '/oauth/token', methods: ['POST', 'OPTIONS'] },
  { url: '/oauth/revoke', methods: ['POST', 'OPTIONS'] },
  { url: '/oauth/register', methods: ['POST'] },
  { url: '/oauth/jwks', methods: ['GET', 'HEAD', 'OPTIONS'] },
  { url: '/.well-known/oauth-authorization-server', methods: ['GET', 'HEAD', 'OPTIONS'] },
  { url: '/.well-known/openid-configuration', methods: ['GET', 'HEAD', 'OPTIONS'] },
];

// The library's router (oidc-provider's lib/helpers/router.js) also serves each path with one trailing slash.
// It ignores case too; the forwarder does not, so a path in another case stays a 404 in OAuth's format.
const MATCHERS = LIBRARY_ROUTES.map(({ url, methods }) => ({ path: new RegExp(`^${url.replaceAll('.', '\\.').replace(/:[a-z]+/g, '[^/]+')}/?$`), methods }));

/** The paths whose errors are OAuth's. */
const OAUTH_PATH = /^\/(?:oauth|\.well-known\/(?:oauth-authorization-server|openid-configuration|oauth-protected-resource))(?:\/|$)/;

const isRegistration = (url: string) => url.split('?')[0]!.replace(/\/$/, '') === '/oauth/register';

function libraryMethods(path: string): readonly string[] {
  return MATCHERS.find((route) => route.path.test(path))?.methods ?? [];
}

/** The library's own failures: its `server_error` event, and Koa's `error` for what escapes its handlers. */
function logLibraryFailures(app: FastifyInstance, provider: OAuthProvider): void {
  const log = (ctx: KoaContextWithOIDC | Context, error: Error & { status?: number; expose?: boolean }) => {
    const child = app.log.child({ method: ctx.method, path: ctx.path });
    if (clientWentAway(error, ctx.req, ctx.res)) child.info({ code: (error as { code?: string }).code }, 'the client went away before its response');
    else if (error.expose || isClientError(error.status ?? 500)) child.info({ statusCode: error.status }, error.message);
    else child.error({ err: error }, 'OAuth request failed');
  };
  provider.on('server_error', (ctx: KoaContextWithOIDC, error: Error) => log(ctx, error));
  // Koa prints these to stderr itself unless the app has a listener when callback() is called.
  (provider as unknown as NodeJS.EventEmitter).on('error', (error: Error, ctx: Context) => log(ctx, error));
}

const mount: FastifyPluginAsync<{ provider: OAuthProvider; config: Config; db: Db }> = async (app, { provider, config, db }) => {
  logLibraryFailures(app, provider);
  const callback = provider.callback();
  const { host, protocol } = new URL(config.publicUrl);
  // Before the forwarder, where Fastify still knows the client's address (request.ip, behind a local proxy too).
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST' || !isRegistration(request.url)) return;
    const wait = await registrationAttempt(db, request.ip);
    if (wait === undefined) return;
    // RFC 6585 §4; RFC 7591 defines no code for it, RFC 6749's closest is temporarily_unavailable.
    return reply
      .code(429)
      .header('retry-after', String(wait))
      .header('cache-control', 'no-store')
      .header('access-control-allow-origin', '*')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify({ error: 'temporarily_unavailable', error_description: `too many client registrations from this address; try again in ${wait} seconds` }));
  });
  await app.register(middie);
  app.use((req, res, next) => {
    if (!libraryMethods((req.url ?? '').split('?')[0]!).includes(req.method ?? '')) return next();
    req.headers['x-forwarded-host'] = host;
    req.headers['x-forwarded-proto'] = protocol.slice(0, -1);
    if (isRegistration(req.url ?? '')) res.setHeader('access-control-allow-origin', '*');
    return callback(req, res);
  });
  await app.register(protectedResourceRoutes, { config });
  // Browser-based MCP clients (the Inspector's web UI) register from their own origin. The library answers no
  // preflight for this endpoint; it takes no cookies, so any origin may call it.
  app.options('/oauth/register', async (_request, reply) =>
    reply
      .code(204)
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'content-type, authorization, mcp-protocol-version')
      .header('access-control-max-age', '600')
      .send(),
  );
  app.routingSurface({
    owns: (path) => OAUTH_PATH.test(path),
    methods: libraryMethods,
    // RFC 6749 §5.2: a request the server cannot take as it stands is invalid_request.
    respond: (error) => ({ contentType: 'application/json; charset=utf-8', body: JSON.stringify({ error: 'invalid_request', error_description: error.message }) }),
  });
};

// Not encapsulated: the forwarder must see requests that match no Fastify route.
export const oauthPlugin = fp(mount, { name: 'oauth-forwarder' });
