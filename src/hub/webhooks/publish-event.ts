/**
 * Publishing an event: the transactional outbox.
 *
 * `publishEvent(trx, tenantId, event, payload)` runs inside the caller's
 * transaction and, in one statement, writes the event (its exact body), one
 * delivery per enabled subscription that wants it, and wakes each of those
 * subscriptions' delivery job. All of it commits or rolls back with the
 * caller's change: an event is never sent for a change that did not happen,
 * and never lost for one that did. An event no subscription wants writes
 * nothing.
 *
 * Each subscription has one delivery job at a time (graphile-worker queue
 * `webhooks:<subscription>`, job key of the same name), which drains its due
 * deliveries in batches (deliver-task.ts); publishing only nudges it.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { enqueue, type EnqueueOptions } from '../../platform/jobs/job-queue.ts';
import { envelope, type WebhookEventName, type WebhookEventPayloads } from './webhook-events.ts';

export interface DeliverJob {
  readonly tenant: string;
  readonly subscription: string;
}

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'webhooks:deliver': DeliverJob;
    }
  }
}

/** One job per subscription at a time: its queue serialises them, its key coalesces wake-ups. */
export function deliverJobOptions(subscriptionId: string, options: Pick<EnqueueOptions, 'runAt' | 'jobKeyMode'> = {}): EnqueueOptions {
  return { queue: `webhooks:${subscriptionId}`, jobKey: `webhooks:${subscriptionId}`, ...options };
}

/** Runs the subscription's delivery job now (or keeps it as soon as it already is). */
export async function wakeDeliveries(db: Kysely<any>, tenantId: string, subscriptionId: string): Promise<void> {
  await enqueue(db, 'webhooks:deliver', { tenant: tenantId, subscription: subscriptionId }, deliverJobOptions(subscriptionId));
}

export type PublishedEvent<E extends WebhookEventName = WebhookEventName> = { readonly event: E; readonly payload: WebhookEventPayloads[E] };

/**
 * Writes the events' outbox rows and deliveries through `db` (a transaction,
 * usually). `target` restricts delivery to one subscription whatever its
 * event list (the test event). Returns the ids of the events that went to at
 * least one subscription, in input order.
 */
export async function publishEvents(db: Kysely<Database>, tenantId: string, events: readonly PublishedEvent[], target?: string): Promise<string[]> {
  if (events.length === 0) return [];
  const now = new Date();
  const bodies = events.map(({ event, payload }) => envelope(now, event, tenantId, payload));
  const names = events.map(({ event }) => event);
  const wanted = target === undefined ? sql`(s.events is null or i.event = any (s.events))` : sql`s.id = ${target}::uuid`;
  // One statement: the foreign keys of the deliveries are checked at its end, when the events exist.
  const { rows } = await sql<{ ids: string[] }>`
    with input as (
      -- Time-ordered ids (migration 0011): the deliveries' indexes on event_id are then written in order.
      select webhook_uuidv7() as id, t.* from unnest(${names}::text[], ${bodies}::text[]) with ordinality as t (event, body, n)
    ), pairs as (
      select i.id as event_id, s.id as subscription_id
      from input i join webhook_subscriptions s on s.tenant_id = ${tenantId}::uuid and s.enabled and ${wanted}
    ), events as (
      insert into webhook_events (tenant_id, id, event, body, created_at)
      select ${tenantId}::uuid, i.id, i.event, i.body, ${now} from input i
      where exists (select 1 from pairs p where p.event_id = i.id)
      returning id
    ), deliveries as (
      insert into webhook_deliveries (tenant_id, event_id, subscription_id)
      select ${tenantId}::uuid, event_id, subscription_id from pairs
      returning subscription_id
    ), jobs as (
      select graphile_worker.add_job(
        identifier => 'webhooks:deliver',
        payload => json_build_object('tenant', ${tenantId}::text, 'subscription', d.subscription_id),
        queue_name => 'webhooks:' || d.subscription_id,
        job_key => 'webhooks:' || d.subscription_id
      ) from (select distinct subscription_id from deliveries) d
    )
    select array(select i.id::text from input i where i.id in (select id from events) order by i.n) as ids,
      (select count(*) from jobs) as jobs`.execute(db);
  return rows[0]!.ids;
}

/**
 * Publishes one event in the caller's transaction; returns its id (the
 * `webhook-id` every attempt carries), or undefined when no enabled
 * subscription of the tenant wants it.
 */
export async function publishEvent<E extends WebhookEventName>(db: Kysely<Database>, tenantId: string, event: E, payload: WebhookEventPayloads[E]): Promise<string | undefined> {
  const [id] = await publishEvents(db, tenantId, [{ event, payload } as PublishedEvent]);
  return id;
}
