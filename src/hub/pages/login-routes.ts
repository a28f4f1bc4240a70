/**
 * Sign-in, sign-out, first-run setup and the workspace switcher.
 *
 * First-run setup creates the first workspace and its admin from the landing
 * page, as self-hosted products do; it is refused once any workspace exists,
 * so it cannot be used to take over an installation.
 */
import type { FastifyPluginAsync } from 'fastify';
import { html } from '../../platform/http/html.ts';
import { countTenants, createTenant } from '../../platform/tenancy/tenancy.ts';
import { IdentityErrors } from '../identity/identity-errors.ts';
import { checkCredentials, createSession, deleteSession, setActiveTenant, SESSION_COOKIE } from '../identity/web-sessions.ts';
import { page } from './layout.ts';
import { inTenant, loginRedirect, safeReturnTo, setSessionCookie, signedIn } from './page-session.ts';
import type { PagesContext } from './pages-plugin.ts';

type Form = Record<string, string | undefined>;

export function loginForm(action: string, csrfToken: string, options: { email?: string; error?: string; returnTo?: string } = {}) {
  return html`${options.error ? html`<p class="error" role="alert">${options.error}</p>` : html``}
<form class="stack" method="post" action="${action}">
<input type="hidden" name="_csrf" value="${csrfToken}">
${options.returnTo ? html`<input type="hidden" name="return_to" value="${options.returnTo}">` : html``}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${options.email ?? ''}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`;
}

export const loginRoutes: FastifyPluginAsync<PagesContext> = async (app, { db, secureCookies }) => {
  app.get<{ Querystring: { return_to?: string } }>('/login', async (request, reply) => {
    const returnTo = safeReturnTo(request.query.return_to);
    if (await signedIn(db, request)) return reply.redirect(returnTo, 303);
    return reply.type('text/html; charset=utf-8').send(
      page({ title: 'Sign in', body: html`<h1>Sign in to CommonTime</h1>${loginForm('/login', reply.generateCsrf(), { returnTo })}` }),
    );
  });

  app.post<{ Body: Form }>('/login', { preHandler: app.csrfProtection }, async (request, reply) => {
    const returnTo = safeReturnTo(request.body.return_to);
    try {
      const userId = await checkCredentials(db, request.body.email ?? '', request.body.password ?? '');
      setSessionCookie(reply, await createSession(db, userId), secureCookies);
      return reply.redirect(returnTo, 303);
    } catch (error) {
      if ((error as { code?: string }).code !== IdentityErrors.IDENTITY_LOGIN_FAILED.code) throw error;
      return reply
        .code(401)
        .type('text/html; charset=utf-8')
        .send(page({ title: 'Sign in', body: html`<h1>Sign in to CommonTime</h1>${loginForm('/login', reply.generateCsrf(), { email: request.body.email, error: (error as Error).message, returnTo })}` }));
    }
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    await deleteSession(db, request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });

  app.post<{ Body: Form }>('/setup', { preHandler: app.csrfProtection }, async (request, reply) => {
    if ((await countTenants(db)) > 0) throw IdentityErrors.IDENTITY_SETUP_DONE();
    const { tenantId, userId } = await createTenant(db, {
      name: request.body.workspace ?? '',
      admin: { email: request.body.email ?? '', password: request.body.password ?? '', name: request.body.name },
    });
    setSessionCookie(reply, await createSession(db, userId, tenantId), secureCookies);
    return reply.redirect('/settings/connections', 303);
  });

  app.get('/settings', async (_request, reply) => reply.redirect('/settings/connections', 303));

  app.get('/settings/workspace', async (request, reply) => {
    const user = await signedIn(db, request);
    if (!user) return reply.redirect(loginRedirect(request), 303);
    const current = inTenant(user);
    const csrfToken = reply.generateCsrf();
    const options = user.memberships.map(
      (m) => html`<div><input type="radio" id="t-${m.tenantId}" name="tenant_id" value="${m.tenantId}" ${m.tenantId === current.tenantId ? html`checked` : html``}>
<label for="t-${m.tenantId}">${m.tenantName} <span class="muted">(${m.role})</span></label></div>`,
    );
    return reply.type('text/html; charset=utf-8').send(
      page({
        title: 'Workspace',
        signedIn: { name: user.userName, tenantName: current.tenantName, csrfToken },
        body: html`<h1>Workspace</h1><form method="post" action="/settings/workspace"><input type="hidden" name="_csrf" value="${csrfToken}">
<fieldset><legend>Work in</legend>${options}</fieldset><button type="submit">Switch</button></form>`,
      }),
    );
  });

  app.post<{ Body: Form }>('/settings/workspace', { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await signedIn(db, request);
    if (!user) return reply.redirect(loginRedirect(request), 303);
    if (!user.memberships.some((m) => m.tenantId === request.body.tenant_id)) throw IdentityErrors.IDENTITY_NOT_A_MEMBER();
    await setActiveTenant(db, user.sessionId, request.body.tenant_id!);
    return reply.redirect('/settings/connections', 303);
  });
};
