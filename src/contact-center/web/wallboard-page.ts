/**
 * The wallboard: calls and chats by status per queue, estimated waits and
 * agents by status, for any signed-in agent, redrawn every two seconds from
 * `/wallboard/data` (wallboard-data.ts) by a script of this origin (the
 * frame's policy is `script-src 'self'`).
 */
import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../platform/config/config.ts';
import { html } from '../../platform/http/html.ts';
import { signInFirst } from './login-routes.ts';
import { ccPage } from './layout.ts';
import { wallboardData } from './wallboard-data.ts';
import type { WebContext } from './web-plugin.ts';
import { agentSession } from './web-sessions.ts';

const SCRIPT = readFileSync(new URL('./wallboard.js', import.meta.url), 'utf8');

export const wallboardPage: FastifyPluginAsync<WebContext & { config: Pick<Config, 'ccTimeScale'> }> = async (app, { db, config }) => {
  app.get('/wallboard', async (request, reply) => {
    const session = await agentSession(db, request);
    if (!session) return signInFirst(reply, '/wallboard');
    const body = html`<h1>Wallboard</h1><p class="muted" id="updated" aria-live="polite">Loading…</p><div id="board" class="stack"></div>`;
    return reply.type('text/html; charset=utf-8').send(ccPage({ title: 'Wallboard', body, session, csrfToken: reply.generateCsrf(), script: '/assets/wallboard.js' }));
  });

  app.get('/wallboard/data', async (request, reply) => {
    const session = await agentSession(db, request);
    if (!session) return reply.code(401).header('cache-control', 'no-store').send({ message: 'Sign in first' });
    return reply.header('cache-control', 'no-store').send(await wallboardData(db, session.tenantId, config));
  });

  app.get('/assets/wallboard.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(SCRIPT));
};
