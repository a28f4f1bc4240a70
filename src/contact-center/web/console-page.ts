/**
 * The agent console (issue: "log in, set status, take the next call or chat,
 * see the live transcript, wrap up"): a page of forms, one per action
 * (console/agent-work.ts), each answered by a redirect back to the page, or
 * by the page again with what went wrong. Its script (console.js) reads
 * `/console/data` every second to grow the transcript and the chats, and
 * reloads the page when its forms would change.
 */
import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config/config.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { formField, type FormBody } from '../../platform/http/form.ts';
import { html, type SafeHtml } from '../../platform/http/html.ts';
import { AgentStatusErrors } from '../agent-statuses/agent-status-errors.ts';
import { chatSettings, type ChatSettings } from '../chats/chats.ts';
import type { CcDb } from '../db/cc-database.ts';
import { endCall, finishChat, finishWrapUp, MAX_REPLY_LENGTH, replyInChat, takeNext } from '../console/agent-work.ts';
import { consoleView, type ConsoleView } from '../console/console-view.ts';
import { setAgentStatuses, settableStatus } from '../directory/agent-status.ts';
import { containsNul, pathId } from '../http/inputs.ts';
import { ConsoleErrors } from '../console/console-errors.ts';
import { signInFirst } from './login-routes.ts';
import { ccPage } from './layout.ts';
import type { WebContext } from './web-plugin.ts';
import { agentSession, type AgentSession } from './web-sessions.ts';

const SCRIPT = readFileSync(new URL('./console.js', import.meta.url), 'utf8');

const form = (action: string, csrf: string, label: string, fields: SafeHtml = html``, style = '') =>
  html`<form class="inline" method="post" action="${action}"><input type="hidden" name="_csrf" value="${csrf}">${fields}<button type="submit"${style ? html` class="${style}"` : html``}>${label}</button></form>`;

function consoleBody(view: ConsoleView, csrf: string, notice?: string): SafeHtml {
  const { agent, call, chats } = view;
  const options = agent.statuses.map((s) => html`<option${s === agent.status ? html` selected` : html``}>${s}</option>`);
  const callSection = call
    ? html`<section class="stack" aria-labelledby="call-title"><h2 id="call-title">Call ${call.id}</h2>
<p>From <strong>${call.end_user_number ?? 'unknown number'}</strong>${call.queue ? html` in ${call.queue}` : html``} · <span id="call-status">${call.status}</span></p>
${call.contact ? html`<h3>CRM contact</h3><dl class="contact">${Object.entries(call.contact).filter(([, v]) => v !== '' && v !== null).map(([k, v]) => html`<dt>${k.replaceAll('_', ' ')}</dt><dd>${String(v)}</dd>`)}</dl>` : html``}
<h3>Transcript</h3><ol id="transcript" class="transcript" aria-live="polite">${call.turns.map((t) => html`<li><strong>${t.name}</strong>: ${t.text}</li>`)}</ol>
${call.status === 'connected' ? form(`/console/calls/${call.id}/end`, csrf, 'End call', html``, 'secondary') : html``}
${agent.wrap_up ? form('/console/wrap-up', csrf, 'Wrap up') : html``}</section>`
    : html``;
  const chatSections = chats.map(
    (chat) => html`<section class="stack" aria-labelledby="chat-${chat.id}-title"><h2 id="chat-${chat.id}-title">Chat ${chat.id}</h2>
<p>${chat.queue ?? ''} · ${chat.status}</p>
<ol id="chat-${chat.id}-messages" class="transcript" aria-live="polite">${chat.messages.map((m) => html`<li><strong>${m.sender === 'end_user' ? 'Customer' : m.sender === 'agent' ? 'You' : 'Virtual agent'}</strong>: ${m.text}</li>`)}</ol>
${chat.status === 'in_progress' ? form(`/console/chats/${chat.id}/reply`, csrf, 'Send', html`<label for="reply-${chat.id}">Reply</label><input id="reply-${chat.id}" name="text" type="text" maxlength="${MAX_REPLY_LENGTH}" required autocomplete="off">`) : html``}
${form(`/console/chats/${chat.id}/end`, csrf, 'End chat', html``, 'secondary')}</section>`,
  );
  return html`<div id="console" class="stack" data-signature="${view.signature}"><h1>Agent console</h1>
${notice ? html`<p class="error" role="alert">${notice}</p>` : html``}
<section class="stack" aria-labelledby="status-title"><h2 id="status-title">Status</h2>
<p>${agent.name}: <strong id="agent-status">${agent.status}</strong></p>
${form('/console/status', csrf, 'Set status', html`<label for="status">New status</label><select id="status" name="status">${options}</select>`)}
${form('/console/take', csrf, 'Take next call or chat')}</section>
${callSection}${chatSections}
${!call && chats.length === 0 ? html`<p class="muted">Nothing in hand. Set yourself Available and take the next call or chat.</p>` : html``}</div>`;
}

export const consolePage: FastifyPluginAsync<WebContext & { config: Pick<Config, 'ccTimeScale'> }> = async (app, { db, config }) => {
  async function render(reply: FastifyReply, session: AgentSession, notice?: string, status = 200) {
    const settings = await chatSettings(db, session.tenantId, config);
    const view = await consoleView(db, session.tenantId, session.agentId, settings.timeScale);
    const csrfToken = reply.generateCsrf();
    return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(ccPage({ title: 'Agent console', body: consoleBody(view, csrfToken, notice), session, csrfToken, script: '/assets/console.js' }));
  }

  /**
   * Runs an action for the signed-in agent in one transaction, with their
   * center's settings; its own refusals come back on the page, at their status.
   */
  function action<P>(run: (trx: CcDb, settings: ChatSettings, session: AgentSession, request: FastifyRequest<{ Body: FormBody; Params: P }>) => Promise<string | void>) {
    return async (request: FastifyRequest<{ Body: FormBody; Params: P }>, reply: FastifyReply) => {
      const session = await agentSession(db, request);
      if (!session) return signInFirst(reply, '/console');
      try {
        if (containsNul(request.body)) throw ConsoleErrors.CC_CONSOLE_NUL();
        const notice = await db.transaction().execute(async (trx) => run(trx, await chatSettings(trx, session.tenantId, config), session, request));
        if (notice) return render(reply, session, notice);
        return reply.redirect('/console', 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
        return render(reply, session, error.message, error.statusCode);
      }
    };
  }

  app.get('/console', async (request, reply) => {
    const session = await agentSession(db, request);
    if (!session) return signInFirst(reply, '/console');
    return render(reply, session);
  });

  app.get('/console/data', async (request, reply) => {
    const session = await agentSession(db, request);
    if (!session) return reply.code(401).header('cache-control', 'no-store').send({ message: 'Sign in first' });
    const settings = await chatSettings(db, session.tenantId, config);
    return reply.header('cache-control', 'no-store').send(await consoleView(db, session.tenantId, session.agentId, settings.timeScale));
  });

  const post = { preHandler: app.csrfProtection };

  app.post<{ Body: FormBody }>('/console/status', post, action(async (trx, settings, { tenantId, agentId }, request) => {
    const wanted = formField(request.body, 'status');
    const status = await settableStatus(trx, tenantId, wanted);
    if (!status) throw AgentStatusErrors.CC_AGENT_STATUS_INVALID([wanted.slice(0, 100)]);
    const [change] = await setAgentStatuses(trx, settings, tenantId, [agentId], status);
    return change?.message;
  }));

  app.post<{ Body: FormBody }>('/console/take', post, action(async (trx, settings, { tenantId, agentId }) => void (await takeNext(trx, settings, tenantId, agentId))));

  app.post<{ Body: FormBody; Params: { id: string } }>('/console/calls/:id/end', post, action<{ id: string }>((trx, settings, { tenantId, agentId }, request) => endCall(trx, settings, tenantId, agentId, pathId(request.params.id))));

  app.post<{ Body: FormBody }>('/console/wrap-up', post, action((trx, settings, { tenantId, agentId }) => finishWrapUp(trx, settings, tenantId, agentId)));

  app.post<{ Body: FormBody; Params: { id: string } }>('/console/chats/:id/reply', post, action<{ id: string }>((trx, settings, { tenantId, agentId }, request) =>
    replyInChat(trx, settings, tenantId, agentId, pathId(request.params.id), formField(request.body, 'text')),
  ));

  app.post<{ Body: FormBody; Params: { id: string } }>('/console/chats/:id/end', post, action<{ id: string }>((trx, _settings, { tenantId, agentId }, request) => finishChat(trx, tenantId, agentId, pathId(request.params.id))));

  app.get('/assets/console.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(SCRIPT));
};
