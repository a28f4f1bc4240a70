/**
 * `GET /`: what runs here and where, for a newcomer who just typed `npm start`.
 * Until the first tenant exists it shows how to create one.
 */
import type { FastifyPluginAsync } from 'fastify';
import { countTenants } from '../../platform/tenancy/tenancy.ts';
import { html } from '../../platform/http/html.ts';
import { serviceUrl, type ServiceContext } from '../../platform/http/service.ts';
import { FIRST_WORKSPACE_COMMAND } from './first-run.ts';
import { DOCS } from './docs-routes.ts';

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem;margin-bottom:.2rem}p.lead{color:#57606a;margin-top:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #d0d7de;vertical-align:top}
code,pre{font:14px/1.4 ui-monospace,monospace;background:#f6f8fa;border-radius:4px}code{padding:.1rem .3rem}
pre{padding:.8rem;overflow-x:auto;white-space:pre-wrap}section.setup{border:2px solid #0969da;border-radius:6px;padding:0 1rem;margin:1.5rem 0}
a{color:#0969da}`;

export const landingPage: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  app.get('/', async (_request, reply) => {
    const tenants = await countTenants(context.db);
    const rows = context.services.map(
      (service) => html`<tr><th scope="row">${service.title}</th><td><a href="${serviceUrl(service, context.config)}">${serviceUrl(service, context.config)}</a></td><td>${service.summary}</td></tr>`,
    );
    const setup =
      tenants === 0
        ? html`<section class="setup" aria-labelledby="setup"><h2 id="setup">Create your workspace</h2>
<p>No workspace exists yet. Create the first one, with you as its admin:</p><pre><code>${FIRST_WORKSPACE_COMMAND}</code></pre></section>`
        : html``;
    const docs = DOCS.map((doc) => html`<li><a href="/docs/${doc.file}">${doc.title}</a></li>`);
    reply.type('text/html; charset=utf-8');
    return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>CommonTime</title><style>${STYLE}</style></head>
<body><main>
<h1>CommonTime</h1>
<p class="lead">Every customer conversation in one place, open to your BI tools, services and AI agents.</p>
${setup}
<h2>Services</h2>
<table><thead><tr><th scope="col">Service</th><th scope="col">URL</th><th scope="col">What it is</th></tr></thead><tbody>${rows}</tbody></table>
<p>Health: <a href="/healthz">/healthz</a> · Readiness: <a href="/readyz">/readyz</a></p>
<h2>Documentation</h2><ul>${docs}</ul>
</main></body></html>`.html;
  });
};
