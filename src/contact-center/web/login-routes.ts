/**
 * Sign-in and sign-out of the contact center's pages. The center is named by
 * the Host (`acme.localhost:4001`) when it carries one, else by the form's
 * subdomain field.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { formField, type FormBody } from '../../platform/http/form.ts';
import { html } from '../../platform/http/html.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { hostSubdomain } from '../http/authenticate.ts';
import { ccPage } from './layout.ts';
import type { WebContext } from './web-plugin.ts';
import { ContactCenterWebErrors } from './web-errors.ts';
import { agentSession, checkAgentCredentials, createAgentSession, endAgentSession, setAgentSessionCookie } from './web-sessions.ts';

const HOME = '/console';
/** The pages a sign-in may return to; anything else (another site, a crafted path) goes to the console. */
const RETURN_TO = /^\/(console|wallboard|settings\/developer\/api-credentials)$/;

const afterSignIn = (next: unknown) => (typeof next === 'string' && RETURN_TO.test(next) ? next : HOME);

/** The page asked for needs a signed-in agent: to sign-in, and back to it afterwards. */
export function signInFirst(reply: FastifyReply, path: string) {
  return reply.redirect(`/login?next=${encodeURIComponent(afterSignIn(path))}`, 303);
}

function loginPage(csrfToken: string, options: { subdomain?: string; fromHost: boolean; email?: string; error?: string; next: string }) {
  return ccPage({
    title: 'Sign in',
    body: html`<h1>Sign in to the contact center</h1>
${options.error ? html`<p class="error" role="alert">${options.error}</p>` : html``}
<form class="stack" method="post" action="/login"><input type="hidden" name="_csrf" value="${csrfToken}"><input type="hidden" name="next" value="${options.next}">
${options.fromHost ? html`<input type="hidden" name="subdomain" value="${options.subdomain ?? ''}">` : html`<label for="subdomain">Subdomain</label><input id="subdomain" name="subdomain" type="text" autocomplete="organization" required value="${options.subdomain ?? ''}">`}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${options.email ?? ''}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`,
  });
}

export const loginRoutes: FastifyPluginAsync<WebContext> = async (app, { db, publicHost, secureCookies }) => {
  app.get<{ Querystring: Record<string, unknown> }>('/login', async (request, reply) => {
    const next = afterSignIn(request.query.next);
    if (await agentSession(db, request)) return reply.redirect(next, 303);
    const subdomain = hostSubdomain(request.headers.host, publicHost);
    return reply.type('text/html; charset=utf-8').send(loginPage(reply.generateCsrf(), { subdomain, fromHost: subdomain !== undefined, next }));
  });

  app.post<{ Body: FormBody }>('/login', { preHandler: app.csrfProtection }, async (request, reply) => {
    const fromHost = hostSubdomain(request.headers.host, publicHost);
    const subdomain = fromHost ?? formField(request.body, 'subdomain');
    const email = formField(request.body, 'email');
    try {
      const { tenantId, agentId } = await checkAgentCredentials(db, subdomain, email, formField(request.body, 'password'));
      setAgentSessionCookie(reply, await createAgentSession(db, tenantId, agentId, request.ip), secureCookies);
      return reply.redirect(afterSignIn(formField(request.body, 'next')), 303);
    } catch (error) {
      const codes: string[] = [ContactCenterWebErrors.CC_WEB_LOGIN_FAILED.code, ContactCenterWebErrors.CC_WEB_TOO_MANY_ATTEMPTS.code];
      if (!(error instanceof AppError) || !codes.includes(error.code)) throw error;
      if (error.target) reply.header('retry-after', error.target);
      return reply
        .code(error.statusCode)
        .type('text/html; charset=utf-8')
        .send(loginPage(reply.generateCsrf(), { subdomain: subdomain.slice(0, 63), fromHost: fromHost !== undefined, email: email.slice(0, 320), error: error.message, next: afterSignIn(formField(request.body, 'next')) }));
    }
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    await endAgentSession(db, request, reply);
    return reply.redirect('/login', 303);
  });
};
