/**
 * The contact center's pages: sign-in, the agent console, the wallboard and
 * Settings > Developer Settings > API Credentials. Forms are protected against CSRF (@fastify/csrf-protection:
 * a secret in a signed cookie, a token in the form); cookies are HttpOnly,
 * SameSite=Lax, and Secure when PUBLIC_URL is https. Cookies are per host,
 * not per port, so this service's cookies have names of their own (`cc_…`).
 * Errors on these routes render an HTML page, not the Apps API's JSON.
 */
import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyPluginAsync } from 'fastify';
import type { AppError } from '../../platform/errors/app-error.ts';
import { toAppError } from '../../platform/http/error-handler.ts';
import { logRequestFailure } from '../../platform/http/request-faults.ts';
import { pageSurface } from '../../platform/http/routing-errors.ts';
import { serviceUrl, type ServiceContext } from '../../platform/http/service.ts';
import { sharedSecret } from '../../platform/secrets/platform-secrets.ts';
import { ccDb, type CcDb } from '../db/cc-database.ts';
import { consolePage } from './console-page.ts';
import { credentialsPage } from './credentials-page.ts';
import { ccErrorPage } from './layout.ts';
import { loginRoutes } from './login-routes.ts';
import { wallboardPage } from './wallboard-page.ts';
import { ContactCenterWebErrors } from './web-errors.ts';

export interface WebContext {
  readonly db: CcDb;
  readonly publicHost: string;
  readonly secureCookies: boolean;
  /** Where the Apps API of this service is reached, for the examples the pages show. */
  readonly apiBase: string;
}

const FORM_LIMIT = 16 * 1024;

function errorHtml(error: AppError) {
  return ccErrorPage(error.statusCode >= 500 ? 'Something went wrong' : 'That did not work', error.message);
}

export function webPlugin(service: Parameters<typeof serviceUrl>[0]): FastifyPluginAsync<ServiceContext> {
  return async (app, context) => {
    const cookieSecret = await sharedSecret(context.db, 'contact-center.cookie-secret', () => randomBytes(32).toString('base64url'));
    await app.register(fastifyCookie, { secret: cookieSecret });
    await app.register(fastifyFormbody, { bodyLimit: FORM_LIMIT });
    const secureCookies = context.config.publicUrl.startsWith('https:');
    await app.register(fastifyCsrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: 'cc_csrf',
      cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies, signed: true },
      getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf,
    });
    app.setErrorHandler((error, request, reply) => {
      const code = (error as { code?: unknown }).code;
      const appError = typeof code === 'string' && code.startsWith('FST_CSRF') ? ContactCenterWebErrors.CC_WEB_CSRF() : toAppError(error, request, FORM_LIMIT);
      logRequestFailure(request.log, request.raw, reply.raw, error, appError, 'page failed');
      return reply.code(appError.statusCode).headers(appError.headers).type('text/html; charset=utf-8').send(errorHtml(appError));
    });
    pageSurface(app, errorHtml);
    const web: WebContext = {
      db: ccDb(context.db),
      publicHost: new URL(context.config.publicUrl).hostname,
      secureCookies,
      apiBase: `${serviceUrl(service, context.config)}/apps/api/v1`,
    };
    await app.register(loginRoutes, web);
    await app.register(credentialsPage, web);
    await app.register(wallboardPage, { ...web, config: context.config });
    await app.register(consolePage, { ...web, config: context.config });
  };
}
