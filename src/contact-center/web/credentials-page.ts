/**
 * Settings > Developer Settings > API Credentials (seed 003, "Basic
 * Authentication": "To create API credentials go to Settings-> Developer
 * Settings-> API Credentials"). Admins create and revoke credentials; a new
 * token is shown once. The company secret, which signs custom data, is shown
 * here too, since integrators sign with it.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { formField, type FormBody } from '../../platform/http/form.ts';
import { html } from '../../platform/http/html.ts';
import { createCredential, listCredentials, revokeCredential, type CreatedCredential } from '../centers/api-credentials.ts';
import { findCenter } from '../centers/centers.ts';
import { signInFirst } from './login-routes.ts';
import { ccPage } from './layout.ts';
import type { WebContext } from './web-plugin.ts';
import { ContactCenterWebErrors } from './web-errors.ts';
import { agentSession, type AgentSession } from './web-sessions.ts';

const PATH = '/settings/developer/api-credentials';

export const credentialsPage: FastifyPluginAsync<WebContext> = async (app, { db, apiBase }) => {
  /** The signed-in admin, or a redirect to sign-in (undefined returned). */
  async function admin(request: FastifyRequest, reply: FastifyReply): Promise<AgentSession | undefined> {
    const session = await agentSession(db, request);
    if (!session) {
      await signInFirst(reply, PATH);
      return undefined;
    }
    if (!session.roles.includes('Admin')) throw ContactCenterWebErrors.CC_WEB_ADMIN_ONLY();
    return session;
  }

  async function render(reply: FastifyReply, session: AgentSession, created?: CreatedCredential & { name: string }) {
    const csrfToken = reply.generateCsrf();
    const center = await findCenter(db, session.tenantId);
    const credentials = await listCredentials(db, session.tenantId);
    const rows = credentials.map(
      (c) => html`<tr><td>${c.name}</td><td><code>…${c.hint}</code></td><td>${c.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</td><td>${c.lastUsedAt ? c.lastUsedAt.toISOString().slice(0, 16).replace('T', ' ') : 'never'}</td>
<td><form class="inline" method="post" action="${PATH}/${c.id}/revoke"><input type="hidden" name="_csrf" value="${csrfToken}"><button class="danger" type="submit" aria-label="Revoke ${c.name}">Revoke</button></form></td></tr>`,
    );
    const body = html`<h1>API Credentials</h1>
<p class="lead">Requests to the Apps API at <code>${apiBase}</code> use HTTP Basic: the subdomain <code>${session.subdomain}</code> as username, a token below as password.</p>
${created ? html`<section class="box secret" aria-labelledby="new-token"><h2 id="new-token">New credential: ${created.name}</h2><p>Copy the token now: it is not shown again.</p>
<p>Username <code>${created.subdomain}</code> · Token <code id="token">${created.token}</code></p>
<pre>curl -u ${created.subdomain}:${created.token} "${apiBase}/wait_times?lang=en"</pre></section>` : html``}
<h2>Create a credential</h2>
<form class="stack" method="post" action="${PATH}"><input type="hidden" name="_csrf" value="${csrfToken}">
<label for="name">What it is for</label><input id="name" name="name" type="text" maxlength="200" required placeholder="CRM integration"><button type="submit">Create credential</button></form>
<h2>Credentials</h2>
${credentials.length === 0 ? html`<p class="muted">No credentials yet.</p>` : html`<table><thead><tr><th>Name</th><th>Token</th><th>Created (UTC)</th><th>Last used</th><th></th></tr></thead><tbody>${rows}</tbody></table>`}
<h2>Company secret</h2>
<p>Signs custom data sent with <code>"signed": true</code> (HS256 JWT).</p><section class="box secret"><code>${center.companySecret}</code></section>`;
    return reply.type('text/html; charset=utf-8').send(ccPage({ title: 'API Credentials', body, session, csrfToken }));
  }

  app.get('/settings', async (_request, reply) => reply.redirect(PATH, 303));

  app.get(PATH, async (request, reply) => {
    const session = await admin(request, reply);
    return session ? render(reply, session) : reply;
  });

  app.post<{ Body: FormBody }>(PATH, { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = await admin(request, reply);
    if (!session) return reply;
    const name = formField(request.body, 'name').trim().slice(0, 200) || 'API credential';
    const created = await createCredential(db, session.tenantId, name);
    return render(reply.header('cache-control', 'no-store'), session, { ...created, name });
  });

  app.post<{ Params: { id: string } }>(`${PATH}/:id/revoke`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = await admin(request, reply);
    if (!session) return reply;
    await revokeCredential(db, session.tenantId, request.params.id);
    return reply.redirect(PATH, 303);
  });
};
