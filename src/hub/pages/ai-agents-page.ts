/**
 * Settings > AI agents: whether the workspace's tokens may use the MCP
 * server at /mcp (docs/mcp.md, "Turning MCP off"), with the URL to give an
 * AI client. Every member sees the state; admins turn it off and on.
 * Connected AI clients are listed under Settings > Connections.
 */
import type { FastifyPluginAsync } from 'fastify';
import { html } from '../../platform/http/html.ts';
import { mcpEnabled, setMcpEnabled } from '../mcp/mcp-access.ts';
import { formField, type FormBody } from '../../platform/http/form.ts';
import { requireAdmin } from '../web/page-session.ts';
import type { PagesContext } from './pages-plugin.ts';
import { sendSettingsPage, settingsUser } from './settings-page.ts';

export const AI_AGENTS_PAGE = '/settings/ai-agents';

export const aiAgentsPage: FastifyPluginAsync<PagesContext> = async (app, { db, config }) => {
  app.get(AI_AGENTS_PAGE, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    const enabled = await mcpEnabled(db, user.tenantId);
    const csrfToken = reply.generateCsrf();
    const state = enabled
      ? html`<p id="mcp-state">MCP access is <strong>on</strong>: AI agents (Claude, ChatGPT, Claude Code, any MCP client) connect to <code>${config.publicUrl}/mcp</code> with an OAuth sign-in or a personal access token with the <code>mcp</code> scope, and read this workspace\u2019s conversations, insights, topics and CRM records.</p>`
      : html`<p id="mcp-state">MCP access is <strong>off</strong>: <code>${config.publicUrl}/mcp</code> refuses every token of this workspace.</p>`;
    const toggle =
      user.role === 'admin'
        ? html`<form method="post" action="${AI_AGENTS_PAGE}"><input type="hidden" name="_csrf" value="${csrfToken}"><input type="hidden" name="enabled" value="${enabled ? 'false' : 'true'}"><button class="${enabled ? 'danger' : ''}" type="submit">${enabled ? 'Turn MCP access off' : 'Turn MCP access on'}</button></form>`
        : html`<p class="muted">Only admins turn MCP access on or off.</p>`;
    return sendSettingsPage(reply, user, 'AI agents', html`<h1>AI agents (MCP)</h1>${state}${toggle}`, csrfToken);
  });

  app.post<{ Body: FormBody }>(AI_AGENTS_PAGE, { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    requireAdmin(user);
    await setMcpEnabled(db, user.tenantId, formField(request.body, 'enabled') === 'true');
    return reply.redirect(AI_AGENTS_PAGE, 303);
  });
};
