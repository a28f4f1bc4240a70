/**
 * Settings > Connections: connected applications (AI clients and OAuth
 * clients a user authorised: their own, or every one for an admin), OAuth
 * clients (admins) and the user's personal access tokens. A new client secret or token is shown once, on the page
 * that answers the form, and never again (only its digest is kept).
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { html, type SafeHtml } from '../../platform/http/html.ts';
import { IdentityErrors } from '../identity/identity-errors.ts';
import { createToken, listTokens, revokeToken } from '../identity/personal-access-tokens.ts';
import { isScope, SCOPES } from '../identity/scopes.ts';
import { listConnectedApps, revokeConnectedApp, type Viewer } from '../oauth/connected-apps.ts';
import { createClient, deleteClient, listClients, rotateClientSecret, updateClient } from '../oauth/oauth-clients.ts';
import { formField, formList, type FormBody } from '../../platform/http/form.ts';
import type { InTenant } from '../web/page-session.ts';
import { requireAdmin } from '../web/page-session.ts';
import type { PagesContext } from './pages-plugin.ts';
import { sendSettingsPage, settingsUser } from './settings-page.ts';
import { WEBHOOKS_PAGE } from './webhooks-page.ts';

type Form = FormBody;
type IdParams = { id: string };

const BASE = '/settings/connections';

const lines = (text: string) => text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
const date = (value: Date | null) => (value ? value.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '—');

function shownOnce(title: string, rows: [string, string][], note: string): SafeHtml {
  return html`<section class="box secret" aria-labelledby="once"><h2 id="once">${title}</h2>
<p><strong>Copy it now: it will not be shown again.</strong> ${note}</p>
<table>${rows.map(([label, value]) => html`<tr><th scope="row">${label}</th><td><code>${value}</code></td></tr>`)}</table></section>
<p><a href="${BASE}">Back to Connections</a></p>`;
}

/** An admin sees and revokes every connection of the workspace; a member only their own. */
const viewerOf = (user: InTenant): Viewer => (user.role === 'admin' ? { tenantId: user.tenantId } : { tenantId: user.tenantId, userId: user.userId });

export const connectionsPage: FastifyPluginAsync<PagesContext> = async (app, { db }) => {
  async function render(reply: FastifyReply, user: InTenant) {
    const csrfToken = reply.generateCsrf();
    const csrf = html`<input type="hidden" name="_csrf" value="${csrfToken}">`;
    const connected = await listConnectedApps(db, viewerOf(user));
    const connectedRows = connected.map(
      (c) => html`<tr><td>${c.clientName}</td><td>${c.aiClient ? 'AI client (registered itself)' : 'OAuth client'}<div class="muted"><code>${c.clientId}</code></div></td>
${user.role === 'admin' ? html`<td>${c.userEmail}</td>` : html``}<td>${date(c.connectedAt)}</td><td>${date(c.lastUsedAt)}</td>
<td><form class="inline" method="post" action="${BASE}/connected/${c.grantId}/revoke">${csrf}<button class="danger" type="submit" aria-label="Revoke ${c.clientName}">Revoke</button></form></td></tr>`,
    );
    const connectedSection = html`<h2 id="connected">Connected applications</h2>
<p>AI assistants (Claude, ChatGPT, …) and applications that ${user.role === 'admin' ? html`people of ${user.tenantName}` : html`you`} allowed to reach ${user.tenantName}. Revoking one ends its access at once; it must be connected again to come back.</p>
${connected.length ? html`<table><thead><tr><th scope="col">Application</th><th scope="col">Kind</th>${user.role === 'admin' ? html`<th scope="col">Connected by</th>` : html``}<th scope="col">Connected</th><th scope="col">Last used</th><th scope="col"></th></tr></thead><tbody>${connectedRows}</tbody></table>` : html`<p class="muted">No connected applications yet. To connect an AI assistant, give it the MCP server's URL (see <a href="/docs/mcp.md">docs/mcp.md</a>).</p>`}`;
    const clients = user.role === 'admin' ? await listClients(db, user.tenantId) : [];
    const tokens = await listTokens(db, user.tenantId, user.userId);

    const clientRows = clients.map(
      (c) => html`<tr><td>${c.name}</td><td><code>${c.id}</code></td><td>${c.redirect_uris.map((u) => html`<div><code>${u}</code></div>`)}</td>
<td><details><summary>Edit</summary><form class="stack" method="post" action="${BASE}/oauth-clients/${c.id}">${csrf}
<label for="n-${c.id}">Client name</label><input id="n-${c.id}" name="name" type="text" required maxlength="200" value="${c.name}">
<label for="r-${c.id}">Redirect URLs, one per line</label><textarea id="r-${c.id}" name="redirect_uris" rows="3" required>${c.redirect_uris.join('\n')}</textarea>
<button type="submit">Save</button></form></details>
<form class="inline" method="post" action="${BASE}/oauth-clients/${c.id}/rotate-secret">${csrf}<button class="secondary" type="submit">Rotate secret</button></form>
<form class="inline" method="post" action="${BASE}/oauth-clients/${c.id}/delete">${csrf}<button class="danger" type="submit" aria-label="Delete ${c.name}">Delete</button></form></td></tr>`,
    );
    const clientsSection =
      user.role === 'admin'
        ? html`<h2 id="oauth-clients">OAuth clients</h2>
<p>Applications that users of any workspace can authorize (authorization code flow). Each token reaches only the workspace its user chose.</p>
${clients.length ? html`<table><thead><tr><th scope="col">Name</th><th scope="col">Client id</th><th scope="col">Redirect URLs</th><th scope="col">Actions</th></tr></thead><tbody>${clientRows}</tbody></table>` : html`<p class="muted">No OAuth clients yet.</p>`}
<details><summary>ADD CLIENT</summary><form class="stack" method="post" action="${BASE}/oauth-clients">${csrf}
<label for="client-name">Client name <span class="muted">(shown to users when they authorize it)</span></label><input id="client-name" name="name" type="text" required maxlength="200">
<label for="client-redirects">Redirect URLs, one per line <span class="muted">(https, or http for localhost)</span></label><textarea id="client-redirects" name="redirect_uris" rows="3" required></textarea>
<button type="submit">Add client</button></form></details>`
        : html`<h2 id="oauth-clients">OAuth clients</h2><p class="muted">Only admins of ${user.tenantName} manage OAuth clients.</p>`;

    const tokenRows = tokens.map(
      (t) => html`<tr><td>${t.name}</td><td><code>${t.token_prefix}…</code></td><td>${t.scopes.map((s) => (isScope(s) ? SCOPES[s] : s)).join(', ')}</td>
<td>${date(t.created_at)}</td><td>${date(t.expires_at)}</td><td>${date(t.last_used_at)}</td>
<td><form class="inline" method="post" action="${BASE}/tokens/${t.id}/revoke">${csrf}<button class="danger" type="submit" aria-label="Revoke ${t.name}">Revoke</button></form></td></tr>`,
    );
    const scopeBoxes = Object.entries(SCOPES).map(
      ([scope, label]) => html`<div><input type="checkbox" id="scope-${scope}" name="scopes" value="${scope}"><label for="scope-${scope}">${label} <code>${scope}</code></label></div>`,
    );
    const tokensSection = html`<h2 id="tokens">Personal access tokens</h2>
<p>Tokens for your scripts and tools, acting as you in ${user.tenantName}. Send one as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
${tokens.length ? html`<table><thead><tr><th scope="col">Name</th><th scope="col">Token</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col"></th></tr></thead><tbody>${tokenRows}</tbody></table>` : html`<p class="muted">No tokens yet.</p>`}
<details><summary>CREATE TOKEN</summary><form class="stack" method="post" action="${BASE}/tokens">${csrf}
<label for="token-name">Token name</label><input id="token-name" name="name" type="text" required maxlength="200">
<fieldset><legend>Scopes</legend>${scopeBoxes}</fieldset>
<label for="token-expiry">Expires on <span class="muted">(optional)</span></label><input id="token-expiry" name="expires_on" type="date">
<button type="submit">Create token</button></form></details>`;

    const webhooksSection = html`<h2 id="webhooks">Webhooks</h2>
${user.role === 'admin' ? html`<p>Signed HTTP POST requests to your endpoints when events happen. <a href="${WEBHOOKS_PAGE}">Manage webhooks</a></p>` : html`<p class="muted">Only admins of ${user.tenantName} manage webhooks.</p>`}`;
    return sendSettingsPage(reply, user, 'Connections', html`<h1>Connections</h1>${connectedSection}${clientsSection}${tokensSection}${webhooksSection}`, csrfToken);
  }

  app.get(BASE, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    return user && render(reply, user);
  });

  app.post<{ Body: Form }>(`${BASE}/oauth-clients`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    requireAdmin(user);
    const created = await createClient(db, user.tenantId, { name: formField(request.body, 'name'), redirectUris: lines(formField(request.body, 'redirect_uris')), createdBy: user.userId });
    return sendSettingsPage(reply, user, 'OAuth client created', shownOnce('OAuth client created', [['Client id', created.clientId], ['Client secret', created.clientSecret]], 'Your application needs both to get tokens from /oauth/token.'));
  });

  app.post<{ Body: Form; Params: IdParams }>(`${BASE}/oauth-clients/:id`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    requireAdmin(user);
    await updateClient(db, user.tenantId, request.params.id, { name: formField(request.body, 'name'), redirectUris: lines(formField(request.body, 'redirect_uris')) });
    return reply.redirect(`${BASE}#oauth-clients`, 303);
  });

  app.post<{ Params: IdParams }>(`${BASE}/oauth-clients/:id/rotate-secret`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    requireAdmin(user);
    const { clientSecret } = await rotateClientSecret(db, user.tenantId, request.params.id);
    return sendSettingsPage(reply, user, 'New client secret', shownOnce('New client secret', [['Client id', request.params.id], ['Client secret', clientSecret]], 'The previous secret no longer works.'));
  });

  app.post<{ Params: IdParams }>(`${BASE}/oauth-clients/:id/delete`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    requireAdmin(user);
    await deleteClient(db, user.tenantId, request.params.id);
    return reply.redirect(`${BASE}#oauth-clients`, 303);
  });

  app.post<{ Params: IdParams }>(`${BASE}/connected/:id/revoke`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    await revokeConnectedApp(db, viewerOf(user), request.params.id);
    return reply.redirect(`${BASE}#connected`, 303);
  });

  app.post<{ Body: Form }>(`${BASE}/tokens`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    const expiresOn = formField(request.body, 'expires_on');
    let expiresAt: Date | undefined;
    if (expiresOn) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(expiresOn) || Number.isNaN(Date.parse(`${expiresOn}T23:59:59Z`))) throw IdentityErrors.IDENTITY_INVALID_EXPIRY([expiresOn]);
      expiresAt = new Date(`${expiresOn}T23:59:59Z`);
    }
    const created = await createToken(db, { tenantId: user.tenantId, userId: user.userId, name: formField(request.body, 'name'), scopes: formList(request.body, 'scopes'), expiresAt });
    return sendSettingsPage(reply, user, 'Token created', shownOnce('Personal access token created', [['Token', created.token]], 'Use it as a Bearer token.'));
  });

  app.post<{ Params: IdParams }>(`${BASE}/tokens/:id/revoke`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    await revokeToken(db, user.tenantId, request.params.id, user.userId);
    return reply.redirect(`${BASE}#tokens`, 303);
  });
};
