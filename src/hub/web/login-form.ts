/** The email and password form, on the sign-in page and in the sign-in step of an authorization. */
import { html } from '../../platform/http/html.ts';

export function loginForm(action: string, csrfToken: string, options: { email?: string; error?: string; returnTo?: string } = {}) {
  return html`${options.error ? html`<p class="error" role="alert">${options.error}</p>` : html``}
<form class="stack" method="post" action="${action}">
<input type="hidden" name="_csrf" value="${csrfToken}">
${options.returnTo ? html`<input type="hidden" name="return_to" value="${options.returnTo}">` : html``}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${options.email ?? ''}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`;
}
