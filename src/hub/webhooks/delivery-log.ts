/**
 * The delivery log of a subscription: each delivery (one event to this
 * subscription) with every attempt made (time, status code, latency, the
 * first 1 KB of the response, error), newest first; and redelivery by hand
 * of any delivery, dead letters included.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, WebhookAttempt, WebhookDeliveryStatus } from '../../platform/db/schema.ts';
import { isUuid } from '../../platform/tenancy/tenancy.ts';
import { wakeDeliveries } from './publish-event.ts';
import { getSubscription } from './subscriptions.ts';
import { WebhookErrors } from './webhook-errors.ts';

export const DELIVERY_STATUSES: readonly WebhookDeliveryStatus[] = ['pending', 'delivered', 'dead'];
export const MAX_LOG_LIMIT = 200;

export type AttemptView = Readonly<WebhookAttempt>;

export interface DeliveryView {
  readonly id: string;
  /** The `webhook-id` of every attempt. */
  readonly event_id: string;
  readonly event: string;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: readonly AttemptView[];
  /** When the next attempt is due, while pending. */
  readonly next_attempt_at: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface LogQuery {
  readonly limit?: number;
  readonly status?: WebhookDeliveryStatus;
}

export async function listDeliveries(db: Kysely<Database>, tenantId: string, subscriptionId: string, query: LogQuery = {}): Promise<DeliveryView[]> {
  await getSubscription(db, tenantId, subscriptionId);
  let select = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', (join) => join.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.event_id'))
    .select(['d.id', 'd.event_id', 'e.event', 'd.status', 'd.attempt_log', 'd.next_attempt_at', 'd.created_at', 'd.updated_at'])
    .where('d.tenant_id', '=', tenantId)
    .where('d.subscription_id', '=', subscriptionId);
  if (query.status) select = select.where('d.status', '=', query.status);
  const deliveries = await select.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(Math.min(query.limit ?? 50, MAX_LOG_LIMIT)).execute();
  return deliveries.map((d) => ({
    id: d.id,
    event_id: d.event_id,
    event: d.event,
    status: d.status,
    // jsonb keeps its own key order; the log shows them in the documented one.
    attempts: d.attempt_log.map((a) => ({
      attempt: a.attempt,
      started_at: a.started_at,
      status_code: a.status_code,
      latency_ms: a.latency_ms,
      response_body: a.response_body,
      error: a.error,
    })),
    next_attempt_at: d.status === 'pending' ? d.next_attempt_at.toISOString() : null,
    created_at: d.created_at.toISOString(),
    updated_at: d.updated_at.toISOString(),
  }));
}

/**
 * Sends the delivery again now, with the same `webhook-id` and body, and a
 * fresh set of retries. Any state: delivered, dead or still pending.
 */
export async function redeliver(db: Kysely<Database>, tenantId: string, subscriptionId: string, deliveryId: string): Promise<void> {
  const subscription = await getSubscription(db, tenantId, subscriptionId);
  if (!subscription.enabled) throw WebhookErrors.WEBHOOK_DISABLED([subscriptionId]);
  await db.transaction().execute(async (trx) => {
    // Orders this write before the delivery job's last claim (deliver-task.ts, lastClaim).
    await trx.selectFrom('webhook_subscriptions').select('id').where('tenant_id', '=', tenantId).where('id', '=', subscriptionId).forShare().execute();
    const result = isUuid(deliveryId)
      ? await trx
          .updateTable('webhook_deliveries')
          .set({ status: 'pending', retries: 0, next_attempt_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
          .where('tenant_id', '=', tenantId)
          .where('subscription_id', '=', subscriptionId)
          .where('id', '=', deliveryId)
          .executeTakeFirst()
      : undefined;
    if (!result || result.numUpdatedRows === 0n) throw WebhookErrors.WEBHOOK_DELIVERY_NOT_FOUND([deliveryId]);
    await wakeDeliveries(trx, tenantId, subscriptionId);
  });
}
