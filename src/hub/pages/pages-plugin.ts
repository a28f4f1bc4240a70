/**
 * The hub's server-rendered pages: first-run setup, sign-in, the OAuth
 * login/tenant/consent steps, Settings > Members and Settings > Connections,
 * and Upload conversations.
 *
 * Every form is protected against CSRF (@fastify/csrf-protection, a secret
 * in a signed cookie and a token in the form); cookies are HttpOnly,
 * SameSite=Lax, and Secure when PUBLIC_URL is https. Errors on these routes
 * render an HTML page instead of the API's JSON error body.
 */
import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../platform/errors/app-error.ts';
import { toAppError } from '../../platform/http/error-handler.ts';
import { logRequestFailure } from '../../platform/http/request-faults.ts';
import { pageSurface } from '../../platform/http/routing-errors.ts';
import type { ServiceContext } from '../../platform/http/service.ts';
import { sharedSecret } from '../../platform/secrets/platform-secrets.ts';
import { IdentityErrors } from '../identity/identity-errors.ts';
import type { Uploads } from '../importer/uploads.ts';
import type { OAuthProvider } from '../oauth/provider.ts';
import { interactionRoutes } from '../oauth/interaction-routes.ts';
import { landingPage } from '../landing/landing-page.ts';
import { errorPage } from '../web/layout.ts';
import { loginRoutes } from './login-routes.ts';
import { invitationsPage } from './invitations-page.ts';
import { aiAgentsPage } from './ai-agents-page.ts';
import { membersPage } from './members-page.ts';
import { connectionsPage } from './connections-page.ts';
import { uploadConversationsPage } from './upload-conversations-page.ts';
import { webhooksPage } from './webhooks-page.ts';

export interface PagesContext extends ServiceContext {
  readonly provider: OAuthProvider;
  readonly uploads: Uploads;
  readonly secureCookies: boolean;
}

/** Errors of the libraries behind the pages, in words a user can act on. */
function pageError(error: unknown): AppError | undefined {
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && code.startsWith('FST_CSRF')) return IdentityErrors.IDENTITY_CSRF();
  // oidc-provider: the interaction cookie is missing, or the interaction or its session is gone.
  if (name === 'SessionNotFound') return IdentityErrors.IDENTITY_INTERACTION_EXPIRED();
  return undefined;
}

function errorHtml(error: AppError) {
  return errorPage(error.statusCode >= 500 ? 'Something went wrong' : 'That did not work', error.message);
}

export const pagesPlugin: FastifyPluginAsync<PagesContext> = async (app, context) => {
  const cookieSecret = await sharedSecret(context.db, 'pages.cookie-secret', () => randomBytes(32).toString('base64url'));
  await app.register(fastifyCookie, { secret: cookieSecret });
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'ct_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: context.secureCookies, signed: true },
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf,
  });

  app.setErrorHandler((error, request, reply) => {
    const appError: AppError = pageError(error) ?? toAppError(error, request, 64 * 1024);
    logRequestFailure(request.log, request.raw, reply.raw, error, appError, 'page failed');
    return reply.code(appError.statusCode).headers(appError.headers).type('text/html; charset=utf-8').send(errorHtml(appError));
  });

  // A browser that reaches a page's path with another method or a broken URL gets a page too.
  pageSurface(app, errorHtml, { root: true });

  await app.register(landingPage, context);
  await app.register(loginRoutes, context);
  await app.register(interactionRoutes, context);
  await app.register(invitationsPage, context);
  await app.register(membersPage, context);
  await app.register(connectionsPage, context);
  await app.register(webhooksPage, context);
  await app.register(uploadConversationsPage, context);
  await app.register(aiAgentsPage, context);
};
