/**
 * Sign-in, sign-out, first-run setup and the workspace switcher.
 *
 * First-run setup creates the first workspace and its admin from the landing
 * page, as self-hosted products do; it is refused once any workspace exists,
 * so it cannot be used to take over an installation.
 */
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import { html } from '../../platform/http/html.ts';
import { pendingInvitationsFor } from '../../platform/tenancy/invitations.ts';
import { countTenants, createTenant } from '../../platform/tenancy/tenancy.ts';
import { IdentityErrors } from '../identity/identity-errors.ts';
import { checkCredentials, createSession, deleteSession, setActiveTenant, signInFailure, SESSION_COOKIE } from '../identity/web-sessions.ts';
import { formField, type FormBody } from '../../platform/http/form.ts';
import { loginForm } from '../web/login-form.ts';
import { page } from '../web/layout.ts';
import { inTenant, loginRedirect, setSessionCookie, signedIn } from '../web/page-session.ts';
import { sameOriginPath } from '../web/same-origin-path.ts';
import { INVITATIONS_PAGE } from './invitations-page.ts';
import type { PagesContext } from './pages-plugin.ts';

type Form = FormBody;

const SETUP_LOCK = 7_020_240_002n.toString();

export const loginRoutes: FastifyPluginAsync<PagesContext> = async (app, { config, db, secureCookies }) => {
  app.get<{ Querystring: { return_to?: string } }>('/login', async (request, reply) => {
    const returnTo = sameOriginPath(request.query.return_to, config.publicUrl);
    if (await signedIn(db, request)) return reply.redirect(returnTo, 303);
    return reply.type('text/html; charset=utf-8').send(
      page({ title: 'Sign in', body: html`<h1>Sign in to CommonTime</h1>${loginForm('/login', reply.generateCsrf(), { returnTo })}` }),
    );
  });

  app.post<{ Body: Form }>('/login', { preHandler: app.csrfProtection }, async (request, reply) => {
    const returnTo = sameOriginPath(formField(request.body, 'return_to'), config.publicUrl);
    try {
      const userId = await checkCredentials(db, formField(request.body, 'email'), formField(request.body, 'password'));
      setSessionCookie(reply, await createSession(db, userId), secureCookies);
      // Invitations are answered first, on their own page, then the user goes on where they were going.
      if ((await pendingInvitationsFor(db, userId)).length > 0) return reply.redirect(`${INVITATIONS_PAGE}?return_to=${encodeURIComponent(returnTo)}`, 303);
      return reply.redirect(returnTo, 303);
    } catch (error) {
      const failure = signInFailure(error);
      if (!failure) throw error;
      if (failure.target) reply.header('retry-after', failure.target);
      return reply
        .code(failure.statusCode)
        .type('text/html; charset=utf-8')
        .send(page({ title: 'Sign in', body: html`<h1>Sign in to CommonTime</h1>${loginForm('/login', reply.generateCsrf(), { email: formField(request.body, 'email'), error: failure.message, returnTo })}` }));
    }
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    await deleteSession(db, request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });

  app.post<{ Body: Form }>('/setup', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { tenantId, userId } = await db.transaction().execute(async (trx) => {
      // Two setups submitted at once: the second waits here, then finds the first workspace.
      await sql`select pg_advisory_xact_lock(${SETUP_LOCK})`.execute(trx);
      if ((await countTenants(trx)) > 0) throw IdentityErrors.IDENTITY_SETUP_DONE();
      return createTenant(trx, {
        name: formField(request.body, 'workspace'),
        admin: { email: formField(request.body, 'email'), password: formField(request.body, 'password'), name: formField(request.body, 'name') },
      });
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
    const tenantId = formField(request.body, 'tenant_id');
    if (!user.memberships.some((m) => m.tenantId === tenantId)) throw IdentityErrors.IDENTITY_NOT_A_MEMBER();
    await setActiveTenant(db, user.sessionId, tenantId);
    return reply.redirect('/settings/connections', 303);
  });
};
