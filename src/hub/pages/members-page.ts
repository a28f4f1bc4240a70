/**
 * Settings > Members: who belongs to the workspace, with which role, and who
 * is invited. Admins invite by email; the answer and the page are the same
 * whether or not the email has an account in another workspace, so the form
 * tells an admin nothing about other workspaces' users
 * (platform/tenancy/invitations.ts, docs/oauth.md).
 */
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import { html } from '../../platform/http/html.ts';
import type { MembershipRole } from '../../platform/db/schema.ts';
import { cancelInvitation, INVITATION_TTL_DAYS, invitationsOf, inviteToTenant } from '../../platform/tenancy/invitations.ts';
import { addUserToTenant, removeUserFromTenant } from '../../platform/tenancy/tenancy.ts';
import { formField, type FormBody } from '../../platform/http/form.ts';
import { requireAdmin } from '../web/page-session.ts';
import type { PagesContext } from './pages-plugin.ts';
import { sendSettingsPage, settingsUser } from './settings-page.ts';

type Form = FormBody;

export const membersPage: FastifyPluginAsync<PagesContext> = async (app, { db }) => {
  app.get('/settings/members', async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    const members = await db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.name', 'u.email', 'm.role'])
      .where('m.tenant_id', '=', user.tenantId)
      .orderBy('u.name')
      .orderBy('u.email')
      .execute();
    const csrfToken = reply.generateCsrf();
    const remove = (m: { id: string; name: string; email: string }) =>
      user.role === 'admin' && m.id !== user.userId
        ? html`<form class="inline" method="post" action="/settings/members/remove"><input type="hidden" name="_csrf" value="${csrfToken}"><input type="hidden" name="email" value="${m.email}"><button class="danger" type="submit" aria-label="Remove ${m.name}">Remove</button></form>`
        : html``;
    const rows = members.map((m) => html`<tr><td>${m.name}</td><td>${m.email}</td><td>${m.role}</td><td>${remove(m)}</td></tr>`);
    const invitations = await invitationsOf(db, user.tenantId);
    const cancel = (email: string) =>
      user.role === 'admin'
        ? html`<form class="inline" method="post" action="/settings/members/invitations/cancel"><input type="hidden" name="_csrf" value="${csrfToken}"><input type="hidden" name="email" value="${email}"><button class="danger" type="submit" aria-label="Cancel the invitation of ${email}">Cancel</button></form>`
        : html``;
    const invited =
      invitations.length === 0
        ? html``
        : html`<h2>Invited</h2><p class="muted">They see the invitation the next time they sign in with this email, and join if they accept. It expires after ${String(INVITATION_TTL_DAYS)} days.</p><table><thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col"></th></tr></thead><tbody>${invitations.map((i) => html`<tr><td>${i.email}</td><td>${i.role}</td><td>${cancel(i.email)}</td></tr>`)}</tbody></table>`;
    const addForm =
      user.role === 'admin'
        ? html`<h2>Invite a member</h2><form class="stack" method="post" action="/settings/members"><input type="hidden" name="_csrf" value="${csrfToken}">
<label for="member-email">Email</label><input id="member-email" name="email" type="email" required>
<label for="member-role">Role</label><select id="member-role" name="role"><option value="member">member</option><option value="admin">admin</option></select>
<p class="muted">They see the invitation the next time they sign in to CommonTime with this email, and join if they accept. Someone without an account gets one from an operator (<code>commontime user create</code>).</p>
<button type="submit">Invite</button></form>`
        : html`<p class="muted">Only admins add members.</p>`;
    return sendSettingsPage(
      reply,
      user,
      'Members',
      html`<h1>Members of ${user.tenantName}</h1><table><thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col"></th></tr></thead><tbody>${rows}</tbody></table>${invited}${addForm}`,
      csrfToken,
    );
  });

  app.post<{ Body: Form }>('/settings/members', { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    requireAdmin(user);
    const email = formField(request.body, 'email');
    const role = formField(request.body, 'role') || 'member';
    // Someone already in this workspace (the admin sees the list) gets the new role; anyone else an invitation.
    const member = await db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('m.user_id')
      .where('m.tenant_id', '=', user.tenantId)
      .where(sql`lower(u.email)`, '=', email.trim().toLowerCase())
      .executeTakeFirst();
    if (member) await addUserToTenant(db, { tenantId: user.tenantId, email, role: role as MembershipRole });
    else await inviteToTenant(db, { tenantId: user.tenantId, email, role, invitedBy: user.userId });
    return reply.redirect('/settings/members', 303);
  });

  app.post<{ Body: Form }>('/settings/members/invitations/cancel', { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    requireAdmin(user);
    await cancelInvitation(db, { tenantId: user.tenantId, email: formField(request.body, 'email') });
    return reply.redirect('/settings/members', 303);
  });

  app.post<{ Body: Form }>('/settings/members/remove', { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    requireAdmin(user);
    await removeUserFromTenant(db, { tenantId: user.tenantId, email: formField(request.body, 'email') });
    return reply.redirect('/settings/members', 303);
  });
};
