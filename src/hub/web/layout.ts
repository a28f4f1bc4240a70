/**
 * The hub's pages in the platform's frame (platform/http/page-frame.ts): its
 * navigation and who is signed in. No script.
 */
import { html, type SafeHtml } from '../../platform/http/html.ts';
import { framePage } from '../../platform/http/page-frame.ts';

export interface PageOptions {
  readonly title: string;
  readonly body: SafeHtml;
  /** Shown in the header with the sign-out button when someone is signed in. */
  readonly signedIn?: { readonly name: string; readonly tenantName?: string; readonly csrfToken: string };
}

export function page({ title, body, signedIn }: PageOptions): string {
  const header = signedIn
    ? html`<header class="top"><nav aria-label="Main"><a href="/conversations/upload">Upload conversations</a><a href="/settings/connections">Connections</a><a href="/settings/members">Members</a><a href="/settings/ai-agents">AI agents</a><a href="/settings/workspace">Workspace</a></nav>
<div><span class="muted">${signedIn.name}${signedIn.tenantName ? html` · ${signedIn.tenantName}` : html``}</span>
<form class="inline" method="post" action="/logout"><input type="hidden" name="_csrf" value="${signedIn.csrfToken}"><button class="secondary" type="submit">Sign out</button></form></div></header>`
    : html``;
  return framePage({ title, header, body });
}

export function errorPage(title: string, message: string): string {
  return page({ title, body: html`<h1>${title}</h1><p class="error" role="alert">${message}</p><p><a href="/">Back to CommonTime</a></p>` });
}
