/**
 * `GET /`: what runs here and where, for a newcomer who just typed `npm start`.
 * Until the first workspace exists it offers to create one (first-run
 * setup, handled by POST /setup), and names the CLI command that does the same.
 */
import type { FastifyPluginAsync } from 'fastify';
import { countTenants } from '../../platform/tenancy/tenancy.ts';
import { html } from '../../platform/http/html.ts';
import { serviceUrl, type ServiceContext } from '../../platform/http/service.ts';
import { MIN_PASSWORD_LENGTH } from '../../platform/tenancy/tenancy.ts';
import { page } from '../web/layout.ts';
import { FIRST_WORKSPACE_COMMAND } from './first-run.ts';
import { DOCS } from './docs-routes.ts';

export const landingPage: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  app.get('/', async (_request, reply) => {
    const tenants = await countTenants(context.db);
    const rows = context.services.map(
      (service) => html`<tr><th scope="row">${service.title}</th><td><a href="${serviceUrl(service, context.config)}">${serviceUrl(service, context.config)}</a></td><td>${service.summary}</td></tr>`,
    );
    const start =
      tenants === 0
        ? html`<section class="box" aria-labelledby="setup"><h2 id="setup">Create your workspace</h2>
<p>No workspace exists yet. Create the first one, with you as its admin.</p>
<form class="stack" method="post" action="/setup"><input type="hidden" name="_csrf" value="${reply.generateCsrf()}">
<label for="workspace">Workspace name</label><input id="workspace" name="workspace" type="text" required maxlength="200" autocomplete="organization">
<label for="name">Your name</label><input id="name" name="name" type="text" maxlength="200" autocomplete="name">
<label for="email">Email</label><input id="email" name="email" type="email" required autocomplete="username">
<label for="password">Password <span class="muted">(at least ${MIN_PASSWORD_LENGTH} characters)</span></label><input id="password" name="password" type="password" required minlength="${MIN_PASSWORD_LENGTH}" autocomplete="new-password">
<button type="submit">Create workspace</button></form>
<p class="muted">Or from a terminal:</p><pre><code>${FIRST_WORKSPACE_COMMAND}</code></pre></section>`
        : html`<p><a href="/login">Sign in</a> to manage members, OAuth clients and access tokens.</p>`;
    const docs = DOCS.map((doc) => html`<li><a href="/docs/${doc.file}">${doc.title}</a></li>`);
    return reply.type('text/html; charset=utf-8').send(
      page({
        title: 'Welcome',
        body: html`<h1>CommonTime</h1>
<p class="lead">Every customer conversation in one place, open to your BI tools, services and AI agents.</p>
${start}
<h2>Services</h2>
<table><thead><tr><th scope="col">Service</th><th scope="col">URL</th><th scope="col">What it is</th></tr></thead><tbody>${rows}</tbody></table>
<p>Health: <a href="/healthz">/healthz</a> · Readiness: <a href="/readyz">/readyz</a> · OAuth metadata: <a href="/.well-known/oauth-authorization-server">/.well-known/oauth-authorization-server</a></p>
<h2>Documentation</h2><ul>${docs}</ul>`,
      }),
    );
  });
};
