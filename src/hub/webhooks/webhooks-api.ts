/**
 * The management API of webhooks, `/api/webhooks`, in the hub's JSON error
 * body. Authorised by either:
 *
 * - a token (`Authorization: Bearer`, personal access token or OAuth) with
 *   the `webhooks` scope, whose user is an admin of the token's workspace; or
 * - the browser session of a workspace admin (the pages' cookie). The cookie
 *   is SameSite=Lax, so other sites cannot send it with a POST, PATCH or
 *   DELETE; a change that carries an `Origin` other than PUBLIC_URL is
 *   refused as well.
 *
 * A subscription sends the workspace's data to a URL of its creator's
 * choosing, so the scope alone is not enough: a member's token with
 * `webhooks` gets 403 IDENTITY_ADMIN_ONLY, as the page does.
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebhookDeliveryStatus } from '../../platform/db/schema.ts';
import { PlatformErrors } from '../../platform/errors/platform-errors.ts';
import type { ServiceContext } from '../../platform/http/service.ts';
import type { Authenticator } from '../identity/authenticate.ts';
import { IdentityErrors } from '../identity/identity-errors.ts';
import { SESSION_COOKIE } from '../identity/web-sessions.ts';
import { inTenant, requireAdmin, signedIn } from '../web/page-session.ts';
import { DELIVERY_STATUSES, listDeliveries, MAX_LOG_LIMIT, redeliver } from './delivery-log.ts';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  rotateSecret,
  sendTestEvent,
  updateSubscription,
  type SubscriptionInput,
} from './subscriptions.ts';
import { WebhookErrors } from './webhook-errors.ts';

const BASE = '/api/webhooks';
const BODY_LIMIT = 16 * 1024;
const FIELDS = ['url', 'events', 'enabled'] as const;

interface Caller {
  readonly tenantId: string;
  readonly userId: string;
}

const invalid = (message: string) => PlatformErrors.PLATFORM_INVALID_REQUEST([message]);

/** The JSON body of a create (`url` required) or an update (at least one field). */
export function readInput(body: unknown, partial: boolean): Partial<SubscriptionInput> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The body must be a JSON object such as {"url": "https://example.com/webhook"}');
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(FIELDS as readonly string[]).includes(key)) throw invalid(`Unknown field ${JSON.stringify(key.slice(0, 100))}; the fields are ${FIELDS.join(', ')}`);
  }
  const { url, events, enabled } = record;
  if (url !== undefined && typeof url !== 'string') throw invalid('url must be a string');
  if (url === undefined && !partial) throw invalid('url is required');
  if (events !== undefined && events !== null && !(Array.isArray(events) && events.length <= 20 && events.every((e) => typeof e === 'string'))) {
    throw invalid('events must be null (every event) or a list of at most 20 event names');
  }
  if (enabled !== undefined && typeof enabled !== 'boolean') throw invalid('enabled must be true or false');
  if (partial && Object.keys(record).length === 0) throw invalid(`Give at least one of ${FIELDS.join(', ')}`);
  return { url, events: events as string[] | null | undefined, enabled };
}

function readLogQuery(query: unknown): { limit?: number; status?: WebhookDeliveryStatus } {
  const { limit, status } = (query ?? {}) as Record<string, unknown>;
  if (limit !== undefined && !(typeof limit === 'string' && /^\d{1,3}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= MAX_LOG_LIMIT)) {
    throw invalid(`limit must be a whole number from 1 to ${MAX_LOG_LIMIT}`);
  }
  if (status !== undefined && !DELIVERY_STATUSES.includes(status as WebhookDeliveryStatus)) throw invalid(`status must be one of ${DELIVERY_STATUSES.join(', ')}`);
  return { limit: limit === undefined ? undefined : Number(limit), status: status as WebhookDeliveryStatus | undefined };
}

export const webhooksApi: FastifyPluginAsync<ServiceContext & { authenticator: Authenticator }> = async (app, { db, config, authenticator }) => {
  await app.register(fastifyCookie);
  const target = { allowLoopback: config.allowInsecureWebhooks };
  const requireWebhooksToken = authenticator.requireToken({ scope: 'webhooks' });

  async function caller(request: FastifyRequest, reply: FastifyReply): Promise<Caller> {
    if (request.headers.authorization !== undefined || !request.cookies[SESSION_COOKIE]) {
      await requireWebhooksToken.call(app, request, reply);
      const { tenantId, userId } = request.principal!;
      const membership = await db.selectFrom('memberships').select('role').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
      if (membership?.role !== 'admin') throw IdentityErrors.IDENTITY_ADMIN_ONLY();
      return { tenantId, userId };
    }
    const session = await signedIn(db, request);
    if (!session) {
      reply.header('www-authenticate', 'Bearer realm="CommonTime", error="invalid_token"');
      throw IdentityErrors.IDENTITY_INVALID_TOKEN();
    }
    const origin = request.headers.origin;
    if (request.method !== 'GET' && origin !== undefined && origin !== config.publicUrl) throw WebhookErrors.WEBHOOK_FOREIGN_ORIGIN([config.publicUrl]);
    const user = inTenant(session);
    requireAdmin(user);
    return { tenantId: user.tenantId, userId: user.userId };
  }

  // Before the body is read: an unauthorised request learns nothing from how its body is judged.
  const callers = new WeakMap<FastifyRequest, Caller>();
  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    callers.set(request, await caller(request, reply));
  });
  const who = (request: FastifyRequest) => callers.get(request)!;

  type Id = { Params: { id: string } };

  app.get(BASE, async (request) => {
    const { tenantId } = who(request);
    return { webhooks: await listSubscriptions(db, tenantId) };
  });

  app.post(BASE, { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const { tenantId, userId } = who(request);
    const input = readInput(request.body, false);
    const { subscription, secret } = await createSubscription(db, tenantId, { ...input, url: input.url!, createdBy: userId }, target);
    return reply.code(201).header('location', `${BASE}/${subscription.id}`).send({ ...subscription, secret });
  });

  app.get<Id>(`${BASE}/:id`, async (request) => {
    const { tenantId } = who(request);
    return getSubscription(db, tenantId, request.params.id);
  });

  app.patch<Id>(`${BASE}/:id`, { bodyLimit: BODY_LIMIT }, async (request) => {
    const { tenantId } = who(request);
    return updateSubscription(db, tenantId, request.params.id, readInput(request.body, true), target);
  });

  app.delete<Id>(`${BASE}/:id`, async (request, reply) => {
    const { tenantId } = who(request);
    await deleteSubscription(db, tenantId, request.params.id);
    return reply.code(204).send();
  });

  app.post<Id>(`${BASE}/:id/rotate-secret`, async (request) => {
    const { tenantId } = who(request);
    return { id: request.params.id, ...(await rotateSecret(db, tenantId, request.params.id)) };
  });

  app.post<Id>(`${BASE}/:id/test`, async (request, reply) => {
    const { tenantId } = who(request);
    return reply.code(202).send({ event_id: await sendTestEvent(db, tenantId, request.params.id) });
  });

  app.get<Id>(`${BASE}/:id/deliveries`, async (request) => {
    const { tenantId } = who(request);
    return { deliveries: await listDeliveries(db, tenantId, request.params.id, readLogQuery(request.query)) };
  });

  app.post<{ Params: { id: string; delivery: string } }>(`${BASE}/:id/deliveries/:delivery/redeliver`, async (request, reply) => {
    const { tenantId } = who(request);
    await redeliver(db, tenantId, request.params.id, request.params.delivery);
    return reply.code(202).send({ id: request.params.delivery, status: 'pending' });
  });
};
