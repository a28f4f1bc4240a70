/**
 * Settings > Invitations: the workspaces that invited the signed-in user's
 * email, each with the admin who invited them, and Accept / Decline. Signing
 * in never joins a workspace by itself, and joining one never makes it the
 * active workspace (web/page-session.ts defaultMembership): an admin of
 * another workspace cannot pull a user's Settings, tokens or OAuth grants
 * into it (docs/oauth.md, "Members of a workspace").
 */
import type { FastifyPluginAsync } from 'fastify';
import { html } from '../../platform/http/html.ts';
import { acceptInvitation, declineInvitation, pendingInvitationsFor } from '../../platform/tenancy/invitations.ts';
import { formField, type FormBody } from '../../platform/http/form.ts';
import { page } from '../web/layout.ts';
import { loginRedirect, signedIn } from '../web/page-session.ts';
import { sameOriginPath } from '../web/same-origin-path.ts';
import type { PagesContext } from './pages-plugin.ts';

export const INVITATIONS_PAGE = '/settings/invitations';

export const invitationsPage: FastifyPluginAsync<PagesContext> = async (app, { db, config }) => {
  app.get<{ Querystring: { return_to?: string } }>(INVITATIONS_PAGE, async (request, reply) => {
    const user = await signedIn(db, request);
    if (!user) return reply.redirect(loginRedirect(request), 303);
    const returnTo = sameOriginPath(request.query.return_to, config.publicUrl);
    const invitations = await pendingInvitationsFor(db, user.userId);
    const csrfToken = reply.generateCsrf();
    const answer = (tenantId: string, action: 'accept' | 'decline', label: string, name: string) =>
      html`<form class="inline" method="post" action="${INVITATIONS_PAGE}/${action}"><input type="hidden" name="_csrf" value="${csrfToken}"><input type="hidden" name="tenant_id" value="${tenantId}"><input type="hidden" name="return_to" value="${returnTo}"><button class="${action === 'accept' ? '' : 'secondary'}" type="submit" aria-label="${label} the invitation to ${name}">${label}</button></form>`;
    const rows = invitations.map(
      (i) =>
        html`<tr><td>${i.tenantName}</td><td>${i.inviterName ? html`${i.inviterName} (${i.inviterEmail})` : html`<span class="muted">an admin</span>`}</td><td>${i.role}</td><td>${answer(i.tenantId, 'accept', 'Accept', i.tenantName)} ${answer(i.tenantId, 'decline', 'Decline', i.tenantName)}</td></tr>`,
    );
    const body =
      invitations.length === 0
        ? html`<h1>Invitations</h1><p>You have no open invitations.</p><p><a href="${returnTo}">Continue</a></p>`
        : html`<h1>Invitations</h1><p>These workspaces invited ${user.userEmail}. Accept only those you expect: their admins see what you do in them. Accepting does not change the workspace you are working in.</p>
<table><thead><tr><th scope="col">Workspace</th><th scope="col">Invited by</th><th scope="col">Role</th><th scope="col"></th></tr></thead><tbody>${rows}</tbody></table>
<p><a href="${returnTo}">Decide later</a></p>`;
    const current = user.memberships.find((m) => m.tenantId === user.activeTenantId);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(page({ title: 'Invitations', body, signedIn: { name: user.userName, tenantName: current?.tenantName, csrfToken } }));
  });

  for (const [action, answer] of [
    ['accept', acceptInvitation],
    ['decline', declineInvitation],
  ] as const) {
    app.post<{ Body: FormBody }>(`${INVITATIONS_PAGE}/${action}`, { preHandler: app.csrfProtection }, async (request, reply) => {
      const user = await signedIn(db, request);
      if (!user) return reply.redirect(loginRedirect(request), 303);
      await answer(db, user.userId, formField(request.body, 'tenant_id'));
      const returnTo = sameOriginPath(formField(request.body, 'return_to'), config.publicUrl);
      return reply.redirect(`${INVITATIONS_PAGE}?return_to=${encodeURIComponent(returnTo)}`, 303);
    });
  }
};
