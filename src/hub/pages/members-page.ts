/**
 * Settings > Members: who belongs to the workspace, with which role. Admins
 * add an existing user by email, or create the user at the same time.
 */
import type { FastifyPluginAsync } from 'fastify';
import { html } from '../../platform/http/html.ts';
import type { MembershipRole } from '../../platform/db/schema.ts';
import { addUserToTenant, createUser, findUserIdByEmail, MIN_PASSWORD_LENGTH, removeUserFromTenant } from '../../platform/tenancy/tenancy.ts';
import { TenancyErrors } from '../../platform/tenancy/tenancy-errors.ts';
import { formField, type FormBody } from '../web/form.ts';
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
    const addForm =
      user.role === 'admin'
        ? html`<h2>Add a member</h2><form class="stack" method="post" action="/settings/members"><input type="hidden" name="_csrf" value="${csrfToken}">
<label for="member-email">Email</label><input id="member-email" name="email" type="email" required>
<label for="member-role">Role</label><select id="member-role" name="role"><option value="member">member</option><option value="admin">admin</option></select>
<fieldset><legend>New user <span class="muted">(only when no account has this email yet)</span></legend>
<label for="member-name">Name</label><input id="member-name" name="name" type="text" maxlength="200">
<label for="member-password">Initial password <span class="muted">(at least ${MIN_PASSWORD_LENGTH} characters)</span></label><input id="member-password" name="password" type="password" autocomplete="new-password"></fieldset>
<button type="submit">Add member</button></form>`
        : html`<p class="muted">Only admins add members.</p>`;
    return sendSettingsPage(
      reply,
      user,
      'Members',
      html`<h1>Members of ${user.tenantName}</h1><table><thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col"></th></tr></thead><tbody>${rows}</tbody></table>${addForm}`,
      csrfToken,
    );
  });

  app.post<{ Body: Form }>('/settings/members', { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    requireAdmin(user);
    const email = formField(request.body, 'email').trim();
    const role = (formField(request.body, 'role') || 'member') as MembershipRole;
    const password = formField(request.body, 'password');
    await db.transaction().execute(async (trx) => {
      if (!(await findUserIdByEmail(trx, email))) {
        if (!password) throw TenancyErrors.TENANCY_USER_NOT_FOUND([`${email} (give a name and an initial password to create the user)`]);
        await createUser(trx, { email, password, name: formField(request.body, 'name') });
      }
      await addUserToTenant(trx, { tenantId: user.tenantId, email, role });
    });
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
