/** The contact center's pages in the platform's frame: its navigation and the signed-in agent. */
import { html, type SafeHtml } from '../../platform/http/html.ts';
import { framePage } from '../../platform/http/page-frame.ts';
import type { AgentSession } from './web-sessions.ts';

export interface CcPageOptions {
  readonly title: string;
  readonly body: SafeHtml;
  readonly session?: AgentSession;
  readonly csrfToken?: string;
  readonly script?: string;
}

export function ccPage({ title, body, session, csrfToken, script }: CcPageOptions): string {
  const header = session
    ? html`<header class="top"><nav aria-label="Main"><a href="/console">Agent console</a> · <a href="/wallboard">Wallboard</a> · <a href="/settings/developer/api-credentials">Settings › Developer Settings › API Credentials</a></nav>
<div><span class="muted">${session.name} · ${session.subdomain}</span>
<form class="inline" method="post" action="/logout"><input type="hidden" name="_csrf" value="${csrfToken ?? ''}"><button class="secondary" type="submit">Sign out</button></form></div></header>`
    : html``;
  return framePage({ title: `${title} · Contact center`, header, body, script });
}

export function ccErrorPage(title: string, message: string): string {
  return ccPage({ title, body: html`<h1>${title}</h1><p class="error" role="alert">${message}</p><p><a href="/login">Back to sign-in</a></p>` });
}
