/**
 * The user-facing steps of `/oauth/authorize`: oidc-provider sends the
 * browser to `/interaction/:uid` whenever it needs a decision.
 *
 * 1. login: someone signed in to the pages is taken as the user; otherwise
 *    the login form (email + password).
 * 2. tenant: a user of several workspaces picks the one the client may reach.
 * 3. consent: the page names the client, the host it sends the browser
 *    back to (for a client that registered itself, the only part of its
 *    name that is checked), the workspace and the scopes;
 *    Allow creates the grant and records its tenant (grant-tenants.ts),
 *    Deny ends at `{redirect_uri}?error=access_denied&state=…`.
 *
 * The tenant choice travels in the URL (`?tenant=`) and is checked against
 * the user's memberships again on submit, so nothing is trusted from the form.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../platform/http/service.ts';
import { html } from '../../platform/http/html.ts';
import { IdentityErrors } from '../identity/identity-errors.ts';
import { isScope, SCOPES } from '../identity/scopes.ts';
import { checkCredentials, createSession, signInFailure } from '../identity/web-sessions.ts';
import { errorPage, page } from '../web/layout.ts';
import { formField, type FormBody } from '../../platform/http/form.ts';
import { loginForm } from '../web/login-form.ts';
import { defaultMembership, setSessionCookie, signedIn, type SignedIn } from '../web/page-session.ts';
import { recordGrantTenant } from './grant-tenants.ts';
import type { OAuthProvider } from './provider.ts';
import { isAiClient } from './registered-clients.ts';

export interface InteractionContext extends ServiceContext {
  readonly provider: OAuthProvider;
  readonly secureCookies: boolean;
}

type Params = { uid: string };
type Form = FormBody;

export const interactionRoutes: FastifyPluginAsync<InteractionContext> = async (app, { db, provider, secureCookies }) => {
  async function load(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) {
    const interaction = await provider.interactionDetails(request.raw, reply.raw);
    if (interaction.uid !== request.params.uid) throw IdentityErrors.IDENTITY_CSRF();
    const clientId = String(interaction.params.client_id);
    const client = await provider.Client.find(clientId);
    const clientName = client?.clientName ?? clientId;
    const redirectHost = URL.parse(String(interaction.params.redirect_uri ?? ''))?.host ?? '';
    const documentHost = clientId.startsWith('https://') ? (URL.parse(clientId)?.host ?? '') : undefined;
    return { interaction, clientName, consentFacts: { redirectHost, selfRegistered: isAiClient(clientId), documentHost } };
  }

  async function finish(request: FastifyRequest, reply: FastifyReply, result: Parameters<typeof provider.interactionResult>[2], merge = false) {
    const redirectTo = await provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: merge });
    return reply.redirect(redirectTo, 303);
  }

  function html200(reply: FastifyReply, title: string, body: ReturnType<typeof html>, status = 200) {
    return reply.code(status).type('text/html; charset=utf-8').send(page({ title, body }));
  }

  function loginPage(reply: FastifyReply, uid: string, clientName: string, options: { email?: string; error?: string } = {}, status = 200) {
    return html200(
      reply,
      'Sign in',
      html`<h1>Sign in to continue to ${clientName}</h1>${loginForm(`/interaction/${uid}/login`, reply.generateCsrf(), options)}`,
      status,
    );
  }

  function consentPage(
    reply: FastifyReply,
    uid: string,
    clientName: string,
    facts: { redirectHost: string; selfRegistered: boolean; documentHost: string | undefined },
    user: SignedIn,
    tenant: { tenantId: string; tenantName: string },
    scopes: string[],
  ) {
    const csrfToken = reply.generateCsrf();
    const items = scopes.filter(isScope).map((scope) => html`<li>${SCOPES[scope]} <code>${scope}</code></li>`);
    const decision = (value: 'allow' | 'deny', label: string, cls: string) =>
      html`<form class="inline" method="post" action="/interaction/${uid}/consent"><input type="hidden" name="_csrf" value="${csrfToken}">
<input type="hidden" name="tenant_id" value="${tenant.tenantId}"><input type="hidden" name="decision" value="${value}"><button type="submit" class="${cls}">${label}</button></form> `;
    return html200(
      reply,
      'Authorize',
      html`<h1>Authorize ${clientName}</h1>
<p><strong>${clientName}</strong> wants to access the workspace <strong>${tenant.tenantName}</strong> on your behalf, as ${user.userName} (${user.userEmail}).</p>
<p>After your decision you return to <strong><code>${facts.redirectHost}</code></strong>.${
        facts.documentHost !== undefined
          ? html` This application is described by <code>${facts.documentHost}</code>, which vouches for its name and addresses: allow it only if you started this connection and trust that site.`
          : facts.selfRegistered
            ? html` This application registered itself: its name is its own claim, so allow it only if you started this connection and know that address.`
            : html``
      }</p>
<p>It will be able to:</p><ul>${items}</ul>
${decision('allow', 'Allow', '')}${decision('deny', 'Deny', 'secondary')}
${user.memberships.length > 1 ? html`<p><a href="/interaction/${uid}">Choose another workspace</a></p>` : html``}`,
    );
  }

  function requestedScopes(interaction: Awaited<ReturnType<typeof provider.interactionDetails>>): string[] {
    const fromParams = String(interaction.params.scope ?? '').split(' ').filter(Boolean);
    return [...new Set(fromParams)];
  }

  app.get<{ Params: Params; Querystring: { tenant?: string } }>('/interaction/:uid', async (request, reply) => {
    const { interaction, clientName, consentFacts } = await load(request, reply);
    const user = await signedIn(db, request);
    if (interaction.prompt.name === 'login') {
      if (user) return finish(request, reply, { login: { accountId: user.userId } });
      return loginPage(reply, interaction.uid, clientName);
    }
    if (!user || user.userId !== interaction.session?.accountId) return loginPage(reply, interaction.uid, clientName);
    if (user.memberships.length === 0) {
      return reply.code(403).type('text/html; charset=utf-8').send(errorPage('No workspace', IdentityErrors.IDENTITY_NOT_A_MEMBER().message));
    }
    const chosen = user.memberships.length === 1 ? user.memberships[0] : user.memberships.find((m) => m.tenantId === request.query.tenant);
    if (!chosen) {
      const preselected = defaultMembership(user)!.tenantId;
      const options = user.memberships.map(
        (m, i) => html`<div><input type="radio" id="t${i}" name="tenant" value="${m.tenantId}" ${m.tenantId === preselected ? html`checked` : html``}><label for="t${i}">${m.tenantName}</label></div>`,
      );
      return html200(
        reply,
        'Choose a workspace',
        html`<h1>Choose a workspace for ${clientName}</h1><p>You belong to several workspaces. ${clientName} will reach only the one you choose.</p>
<form method="get" action="/interaction/${interaction.uid}"><fieldset><legend>Workspace</legend>${options}</fieldset><button type="submit">Continue</button></form>`,
      );
    }
    return consentPage(reply, interaction.uid, clientName, consentFacts, user, chosen, requestedScopes(interaction));
  });

  app.post<{ Params: Params; Body: Form }>('/interaction/:uid/login', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { interaction, clientName } = await load(request, reply);
    let userId: string;
    try {
      userId = await checkCredentials(db, formField(request.body, 'email'), formField(request.body, 'password'));
    } catch (error) {
      const failure = signInFailure(error);
      if (!failure) throw error;
      if (failure.target) reply.header('retry-after', failure.target);
      return loginPage(reply, interaction.uid, clientName, { email: formField(request.body, 'email'), error: failure.message }, failure.statusCode);
    }
    setSessionCookie(reply, await createSession(db, userId), secureCookies);
    if (interaction.prompt.name === 'login') return finish(request, reply, { login: { accountId: userId } });
    // Signed in again at the consent step: as the same user, show the consent page; as another, restart the login.
    if (userId === interaction.session?.accountId) return reply.redirect(`/interaction/${interaction.uid}`, 303);
    return finish(request, reply, { login: { accountId: userId } });
  });

  app.post<{ Params: Params; Body: Form }>('/interaction/:uid/consent', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { interaction, clientName } = await load(request, reply);
    const user = await signedIn(db, request);
    if (interaction.prompt.name !== 'consent' || !user || user.userId !== interaction.session?.accountId) {
      return reply.redirect(`/interaction/${interaction.uid}`, 303);
    }
    if (formField(request.body, 'decision') !== 'allow') {
      return finish(request, reply, { error: 'access_denied', error_description: 'The user denied access' });
    }
    const tenantId = formField(request.body, 'tenant_id');
    const membership = user.memberships.find((m) => m.tenantId === tenantId);
    if (!membership) throw IdentityErrors.IDENTITY_NOT_A_MEMBER();
    const clientId = String(interaction.params.client_id);
    const grant = new provider.Grant({ accountId: user.userId, clientId });
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = interaction.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
    const grantId = await grant.save();
    await recordGrantTenant(db, { grantId, tenantId: membership.tenantId, userId: user.userId, clientId, clientName });
    return finish(request, reply, { consent: { grantId } }, true);
  });
};
