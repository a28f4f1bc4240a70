/**
 * Settings > Connections > Webhooks (admins): subscriptions, their secret
 * shown once at creation and at rotation, "Send test event", and each
 * subscription's delivery log with redelivery. The same functions serve
 * /api/webhooks and `commontime webhook …`.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { html, type SafeHtml } from '../../platform/http/html.ts';
import { listDeliveries, redeliver, type DeliveryView } from '../webhooks/delivery-log.ts';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  rotateSecret,
  sendTestEvent,
  updateSubscription,
  type SubscriptionView,
} from '../webhooks/subscriptions.ts';
import { SUBSCRIBABLE_EVENTS } from '../webhooks/webhook-events.ts';
import { formField, formList, type FormBody } from '../../platform/http/form.ts';
import { requireAdmin, type InTenant } from '../web/page-session.ts';
import type { PagesContext } from './pages-plugin.ts';
import { sendSettingsPage, settingsUser } from './settings-page.ts';

export const WEBHOOKS_PAGE = '/settings/connections/webhooks';

type IdParams = { id: string };

const time = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') + ' UTC' : '—');
const eventsText = (s: SubscriptionView) => (s.events ? s.events.join(', ') : 'every event');
const state = (s: SubscriptionView) => (s.enabled ? html`enabled` : html`<strong>disabled</strong>${s.disabled_reason ? html`: ${s.disabled_reason}` : html``}`);

function eventBoxes(prefix: string, chosen: readonly string[] | null): SafeHtml {
  return html`<fieldset><legend>Events <span class="muted">(none ticked: every event)</span></legend>${SUBSCRIBABLE_EVENTS.map(
    (event) => html`<div><input type="checkbox" id="${prefix}-${event}" name="events" value="${event}"${chosen?.includes(event) ? html` checked` : html``}><label for="${prefix}-${event}"><code>${event}</code></label></div>`,
  )}</fieldset>`;
}

function secretShown(title: string, subscriptionId: string, secret: string, note: string): SafeHtml {
  return html`<section class="box secret" aria-labelledby="once"><h2 id="once">${title}</h2>
<p><strong>Copy it now: it will not be shown again.</strong> ${note}</p>
<table><tr><th scope="row">Signing secret</th><td><code>${secret}</code></td></tr></table></section>
<p><a href="${WEBHOOKS_PAGE}/${subscriptionId}">Back to the webhook</a></p>`;
}

function deliveryRows(subscriptionId: string, deliveries: readonly DeliveryView[], csrf: SafeHtml): SafeHtml {
  if (deliveries.length === 0) return html`<p class="muted">No deliveries yet.</p>`;
  const rows = deliveries.map((d) => {
    const last = d.attempts.at(-1);
    const attempts = d.attempts.map(
      (a) => html`<li>#${a.attempt} at ${time(a.started_at)}: ${a.status_code ?? 'no answer'}, ${a.latency_ms} ms${a.error ? html` — ${a.error}` : html``}${a.response_body ? html`<pre>${a.response_body}</pre>` : html``}</li>`,
    );
    return html`<tr><td>${time(d.created_at)}</td><td><code>${d.event}</code><div class="muted"><code>${d.event_id}</code></div></td>
<td>${d.status === 'dead' ? html`<strong>dead letter</strong>` : d.status}${d.next_attempt_at ? html`<div class="muted">next attempt ${time(d.next_attempt_at)}</div>` : html``}</td>
<td>${last ? (last.status_code ?? 'no answer') : '—'}</td>
<td>${d.attempts.length ? html`<details><summary>${d.attempts.length} attempt${d.attempts.length === 1 ? '' : 's'}</summary><ol>${attempts}</ol></details>` : html`0`}</td>
<td><form class="inline" method="post" action="${WEBHOOKS_PAGE}/${subscriptionId}/deliveries/${d.id}/redeliver">${csrf}<button class="secondary" type="submit" aria-label="Redeliver ${d.event_id}">Redeliver</button></form></td></tr>`;
  });
  return html`<table><thead><tr><th scope="col">Created</th><th scope="col">Event</th><th scope="col">State</th><th scope="col">Last status</th><th scope="col">Attempts</th><th scope="col"></th></tr></thead><tbody>${rows}</tbody></table>`;
}

export const webhooksPage: FastifyPluginAsync<PagesContext> = async (app, { db, config }) => {
  const target = { allowLoopback: config.allowInsecureWebhooks };

  /** The signed-in admin, or undefined after redirecting to sign-in. Members get IDENTITY_ADMIN_ONLY. */
  async function admin(request: Parameters<typeof settingsUser>[1], reply: FastifyReply): Promise<InTenant | undefined> {
    const user = await settingsUser(db, request, reply);
    if (user) requireAdmin(user);
    return user;
  }

  app.get(WEBHOOKS_PAGE, async (request, reply) => {
    const user = await admin(request, reply);
    if (!user) return;
    const csrfToken = reply.generateCsrf();
    const csrf = html`<input type="hidden" name="_csrf" value="${csrfToken}">`;
    const subscriptions = await listSubscriptions(db, user.tenantId);
    const rows = subscriptions.map(
      (s) => html`<tr><td><a href="${WEBHOOKS_PAGE}/${s.id}"><code>${s.url}</code></a></td><td>${eventsText(s)}</td><td>${state(s)}</td><td>${time(s.created_at)}</td></tr>`,
    );
    const body = html`<p><a href="/settings/connections">Connections</a> › Webhooks</p><h1>Webhooks</h1>
<p>${user.tenantName} sends signed HTTP POST requests to these URLs when events happen. <a href="/docs/webhooks.md">How to receive and verify them</a>.</p>
${subscriptions.length ? html`<table><thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">State</th><th scope="col">Created</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No webhooks yet.</p>`}
<details><summary>ADD WEBHOOK</summary><form class="stack" method="post" action="${WEBHOOKS_PAGE}">${csrf}
<label for="webhook-url">Endpoint URL <span class="muted">(https, public address)</span></label><input id="webhook-url" name="url" type="text" required maxlength="2000" placeholder="https://yourdomain.com/webhook">
${eventBoxes('new', null)}
<button type="submit">Add webhook</button></form></details>`;
    return sendSettingsPage(reply, user, 'Webhooks', body, csrfToken);
  });

  app.post<{ Body: FormBody }>(WEBHOOKS_PAGE, { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await admin(request, reply);
    if (!user) return;
    const { subscription, secret } = await createSubscription(db, user.tenantId, { url: formField(request.body, 'url'), events: formList(request.body, 'events'), createdBy: user.userId }, target);
    return sendSettingsPage(reply, user, 'Webhook created', secretShown('Webhook created', subscription.id, secret, 'Your endpoint needs it to verify the Signature and webhook-signature headers.'));
  });

  app.get<{ Params: IdParams }>(`${WEBHOOKS_PAGE}/:id`, async (request, reply) => {
    const user = await admin(request, reply);
    if (!user) return;
    const s = await getSubscription(db, user.tenantId, request.params.id);
    const deliveries = await listDeliveries(db, user.tenantId, s.id, { limit: 50 });
    const csrfToken = reply.generateCsrf();
    const csrf = html`<input type="hidden" name="_csrf" value="${csrfToken}">`;
    const action = (path: string, label: string, kind = 'secondary') => html`<form class="inline" method="post" action="${WEBHOOKS_PAGE}/${s.id}/${path}">${csrf}<button class="${kind}" type="submit">${label}</button></form>`;
    const body = html`<p><a href="/settings/connections">Connections</a> › <a href="${WEBHOOKS_PAGE}">Webhooks</a></p>
<h1>Webhook</h1>
<table><tr><th scope="row">URL</th><td><code>${s.url}</code></td></tr><tr><th scope="row">Events</th><td>${eventsText(s)}</td></tr>
<tr><th scope="row">State</th><td>${state(s)}</td></tr>
${s.previous_secret_expires_at ? html`<tr><th scope="row">Previous secret</th><td>still signs until ${time(s.previous_secret_expires_at)}</td></tr>` : html``}</table>
<p>${s.enabled ? html`${action('test', 'Send test event', '')} ${action('disable', 'Disable')}` : action('enable', 'Enable', '')} ${action('rotate-secret', 'Rotate secret')} ${action('delete', 'Delete', 'danger')}</p>
<details><summary>Edit</summary><form class="stack" method="post" action="${WEBHOOKS_PAGE}/${s.id}">${csrf}
<label for="edit-url">Endpoint URL</label><input id="edit-url" name="url" type="text" required maxlength="2000" value="${s.url}">
${eventBoxes('edit', s.events)}
<button type="submit">Save</button></form></details>
<h2 id="deliveries">Deliveries</h2>
<p class="muted">The 50 most recent, newest first. Failed attempts are retried ${config.webhookRetrySchedule.length} times; then the delivery is a dead letter until you redeliver it.</p>
${deliveryRows(s.id, deliveries, csrf)}`;
    return sendSettingsPage(reply, user, 'Webhook', body, csrfToken);
  });

  app.post<{ Body: FormBody; Params: IdParams }>(`${WEBHOOKS_PAGE}/:id`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await admin(request, reply);
    if (!user) return;
    await updateSubscription(db, user.tenantId, request.params.id, { url: formField(request.body, 'url'), events: formList(request.body, 'events') }, target);
    return reply.redirect(`${WEBHOOKS_PAGE}/${request.params.id}`, 303);
  });

  const simple: Record<string, (tenantId: string, id: string) => Promise<unknown>> = {
    test: (tenantId, id) => sendTestEvent(db, tenantId, id),
    enable: (tenantId, id) => updateSubscription(db, tenantId, id, { enabled: true }, target),
    disable: (tenantId, id) => updateSubscription(db, tenantId, id, { enabled: false }, target),
  };
  for (const [path, run] of Object.entries(simple)) {
    app.post<{ Params: IdParams }>(`${WEBHOOKS_PAGE}/:id/${path}`, { preHandler: app.csrfProtection }, async (request, reply) => {
      const user = await admin(request, reply);
      if (!user) return;
      await run(user.tenantId, request.params.id);
      return reply.redirect(`${WEBHOOKS_PAGE}/${request.params.id}#deliveries`, 303);
    });
  }

  app.post<{ Params: IdParams }>(`${WEBHOOKS_PAGE}/:id/rotate-secret`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await admin(request, reply);
    if (!user) return;
    const { secret, previous_secret_expires_at } = await rotateSecret(db, user.tenantId, request.params.id);
    return sendSettingsPage(reply, user, 'New signing secret', secretShown('New signing secret', request.params.id, secret, `The previous secret keeps signing webhook-signature beside it until ${time(previous_secret_expires_at)}; Signature uses the new one from now on.`));
  });

  app.post<{ Params: IdParams }>(`${WEBHOOKS_PAGE}/:id/delete`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await admin(request, reply);
    if (!user) return;
    await deleteSubscription(db, user.tenantId, request.params.id);
    return reply.redirect(WEBHOOKS_PAGE, 303);
  });

  app.post<{ Params: IdParams & { delivery: string } }>(`${WEBHOOKS_PAGE}/:id/deliveries/:delivery/redeliver`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = await admin(request, reply);
    if (!user) return;
    await redeliver(db, user.tenantId, request.params.id, request.params.delivery);
    return reply.redirect(`${WEBHOOKS_PAGE}/${request.params.id}#deliveries`, 303);
  });
};
