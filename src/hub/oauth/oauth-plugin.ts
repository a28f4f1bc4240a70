/**
 * Mounts oidc-provider (a Koa app) in the hub's Fastify app through
 * @fastify/middie, as its docs do. Only the OAuth paths are forwarded:
 * /oauth/* and the discovery documents at the root (`app.use('/oauth', …)`
 * would move the well-known URLs under /oauth).
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
import type { OAuthProvider } from './provider.ts';

// The routes enabled in provider.ts (authorize and its resume path /oauth/authorize/:uid, token,
// revoke, jwks) and the discovery documents; other /oauth paths get our JSON 404.
const OAUTH_PATH = /^\/(?:oauth\/(?:authorize|token|revoke|jwks)|\.well-known\/(?:oauth-authorization-server|openid-configuration))(?:[/?]|$)/;

/** The library's own failures: its `server_error` event, and Koa's `error` for what escapes its handlers. */
function logLibraryFailures(app: FastifyInstance, provider: OAuthProvider): void {
  const log = (ctx: KoaContextWithOIDC | Context, error: Error & { status?: number; expose?: boolean }) => {
    const child = app.log.child({ method: ctx.method, path: ctx.path });
    if (clientWentAway(error, ctx.req)) child.info({ code: (error as { code?: string }).code }, 'the client went away before its response');
    else if (error.expose || isClientError(error.status ?? 500)) child.info({ statusCode: error.status }, error.message);
    else child.error({ err: error }, 'OAuth request failed');
  };
  provider.on('server_error', (ctx: KoaContextWithOIDC, error: Error) => log(ctx, error));
  // Koa prints these to stderr itself unless the app has a listener when callback() is called.
  (provider as unknown as NodeJS.EventEmitter).on('error', (error: Error, ctx: Context) => log(ctx, error));
}

const mount: FastifyPluginAsync<{ provider: OAuthProvider; publicUrl: string }> = async (app, { provider, publicUrl }) => {
  logLibraryFailures(app, provider);
  const callback = provider.callback();
  const { host, protocol } = new URL(publicUrl);
  await app.register(middie);
  app.use((req, res, next) => {
    if (!OAUTH_PATH.test(req.url ?? '')) return next();
    req.headers['x-forwarded-host'] = host;
    req.headers['x-forwarded-proto'] = protocol.slice(0, -1);
    return callback(req, res);
  });
};

// Not encapsulated: the forwarder must see requests that match no Fastify route.
export const oauthPlugin = fp(mount, { name: 'oauth-forwarder' });
