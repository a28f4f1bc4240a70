/**
 * Webhook subscriptions of a workspace: where to send which events, whether
 * to send them, and the signing secret (shown once, at creation and at each
 * rotation; the previous secret keeps signing beside the new one for 24 h).
 * Managed from Settings > Connections > Webhooks, /api/webhooks and
 * `commontime webhook …`, all through these functions.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, WebhookSubscriptionsTable } from '../../platform/db/schema.ts';
import { TenancyErrors } from '../../platform/tenancy/tenancy-errors.ts';
import { isUuid } from '../../platform/tenancy/tenancy.ts';
import { publishEvents, wakeDeliveries } from './publish-event.ts';
import { newSecret } from './signatures.ts';
import { checkTargetUrl, type ResolveAll, type TargetPolicy } from '../../platform/http/ssrf-guard.ts';
import { WebhookErrors } from './webhook-errors.ts';
import { isSubscribableEvent, SUBSCRIBABLE_EVENTS, type SubscribableEvent } from './webhook-events.ts';

export const MAX_SUBSCRIPTIONS = 50;
export const ROTATION_OVERLAP_HOURS = 24;

export interface SubscriptionView {
  readonly id: string;
  readonly url: string;
  /** null: every event. */
  readonly events: readonly SubscribableEvent[] | null;
  readonly enabled: boolean;
  readonly disabled_reason: string | null;
  readonly disabled_at: string | null;
  /** Until when the previous secret still signs, after a rotation. */
  readonly previous_secret_expires_at: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

type Row = Selectable<WebhookSubscriptionsTable>;

export function subscriptionView(row: Row): SubscriptionView {
  const previousLive = row.previous_secret_expires_at && row.previous_secret_expires_at.getTime() > Date.now();
  return {
    id: row.id,
    url: row.url,
    events: row.events as SubscribableEvent[] | null,
    enabled: row.enabled,
    disabled_reason: row.disabled_reason,
    disabled_at: row.disabled_at?.toISOString() ?? null,
    previous_secret_expires_at: previousLive ? row.previous_secret_expires_at!.toISOString() : null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** Undefined or empty: every event. */
export function checkEvents(events: readonly string[] | null | undefined): SubscribableEvent[] | null {
  if (events === undefined || events === null) return null;
  const unique = [...new Set(events.map((e) => e.trim()).filter(Boolean))];
  if (unique.length === 0) return null;
  for (const event of unique) {
    if (!isSubscribableEvent(event)) throw WebhookErrors.WEBHOOK_UNKNOWN_EVENT([JSON.stringify(event.slice(0, 100)), SUBSCRIBABLE_EVENTS.join(', ')]);
  }
  return unique as SubscribableEvent[];
}

export interface SubscriptionInput {
  readonly url: string;
  readonly events?: readonly string[] | null;
  readonly enabled?: boolean;
}

export interface TargetOptions extends TargetPolicy {
  readonly resolve?: ResolveAll;
}

async function findRow(db: Kysely<Database>, tenantId: string, id: string): Promise<Row> {
  const row = isUuid(id) ? await db.selectFrom('webhook_subscriptions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw WebhookErrors.WEBHOOK_NOT_FOUND([id]);
  return row;
}

export async function getSubscription(db: Kysely<Database>, tenantId: string, id: string): Promise<SubscriptionView> {
  return subscriptionView(await findRow(db, tenantId, id));
}

/** The workspace a subscription belongs to, for the CLI's `--id` without `--tenant`. */
export async function subscriptionTenant(db: Kysely<Database>, id: string): Promise<string> {
  const row = isUuid(id) ? await db.selectFrom('webhook_subscriptions').select('tenant_id').where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw WebhookErrors.WEBHOOK_NOT_FOUND([id]);
  return row.tenant_id;
}

export async function listSubscriptions(db: Kysely<Database>, tenantId: string): Promise<SubscriptionView[]> {
  const rows = await db.selectFrom('webhook_subscriptions').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
  return rows.map(subscriptionView);
}

export async function createSubscription(
  db: Kysely<Database>,
  tenantId: string,
  input: SubscriptionInput & { createdBy?: string },
  target: TargetOptions,
): Promise<{ subscription: SubscriptionView; secret: string }> {
  const events = checkEvents(input.events);
  const url = await checkTargetUrl(input.url, target, target.resolve);
  if (!isUuid(tenantId) || !(await db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst())) {
    throw TenancyErrors.TENANCY_TENANT_NOT_FOUND([tenantId]);
  }
  const secret = newSecret();
  const row = await db.transaction().execute(async (trx) => {
    // Serialises creations per workspace, so concurrent requests cannot pass the limit together.
    await sql`select pg_advisory_xact_lock(hashtext('webhook_subscriptions:' || ${tenantId}))`.execute(trx);
    const { count } = await trx.selectFrom('webhook_subscriptions').select((eb) => eb.fn.countAll<string>().as('count')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    if (Number(count) >= MAX_SUBSCRIPTIONS) throw WebhookErrors.WEBHOOK_LIMIT_REACHED([MAX_SUBSCRIPTIONS]);
    return trx
      .insertInto('webhook_subscriptions')
      .values({ tenant_id: tenantId, url, events, enabled: input.enabled ?? true, secret, created_by: input.createdBy ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return { subscription: subscriptionView(row), secret };
}

/**
 * Changes what is given. Enabling clears the reason it was disabled and
 * resumes its pending deliveries; disabling by hand records that.
 */
export async function updateSubscription(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  input: Partial<SubscriptionInput>,
  target: TargetOptions,
): Promise<SubscriptionView> {
  const current = await findRow(db, tenantId, id);
  const url = input.url === undefined ? undefined : await checkTargetUrl(input.url, target, target.resolve);
  const events = input.events === undefined ? undefined : checkEvents(input.events);
  const enabling = input.enabled === true && !current.enabled;
  const disabling = input.enabled === false && current.enabled;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('webhook_subscriptions')
      .set({
        ...(url === undefined ? {} : { url }),
        ...(events === undefined ? {} : { events }),
        ...(enabling ? { enabled: true, disabled_reason: null, disabled_at: null, failing_since: null } : {}),
        ...(disabling ? { enabled: false, disabled_reason: 'Disabled by hand.', disabled_at: sql<Date>`now()` } : {}),
        updated_at: sql<Date>`now()`,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw WebhookErrors.WEBHOOK_NOT_FOUND([id]);
    if (enabling) await wakeDeliveries(trx, tenantId, id);
    return subscriptionView(row);
  });
}

/** Deletes the subscription with its deliveries and their attempts. */
export async function deleteSubscription(db: Kysely<Database>, tenantId: string, id: string): Promise<void> {
  const result = isUuid(id) ? await db.deleteFrom('webhook_subscriptions').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst() : undefined;
  if (!result || result.numDeletedRows === 0n) throw WebhookErrors.WEBHOOK_NOT_FOUND([id]);
}

/** A new secret signs from now on; the one it replaces keeps signing beside it for 24 hours. */
export async function rotateSecret(db: Kysely<Database>, tenantId: string, id: string): Promise<{ secret: string; previous_secret_expires_at: string }> {
  const secret = newSecret();
  const row = isUuid(id)
    ? await db
        .updateTable('webhook_subscriptions')
        .set({
          previous_secret: sql<string>`secret`,
          previous_secret_expires_at: sql<Date>`now() + make_interval(hours => ${ROTATION_OVERLAP_HOURS})`,
          secret,
          updated_at: sql<Date>`now()`,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .returning('previous_secret_expires_at')
        .executeTakeFirst()
    : undefined;
  if (!row) throw WebhookErrors.WEBHOOK_NOT_FOUND([id]);
  return { secret, previous_secret_expires_at: row.previous_secret_expires_at!.toISOString() };
}

/** Queues a `webhook_test` event for this subscription only; returns its id. */
export async function sendTestEvent(db: Kysely<Database>, tenantId: string, id: string): Promise<string> {
  const row = await findRow(db, tenantId, id);
  if (!row.enabled) throw WebhookErrors.WEBHOOK_DISABLED([id]);
  const [eventId] = await publishEvents(db, tenantId, [{ event: 'webhook_test', payload: { subscription: id } }], id);
  // Disabled between the read and the write: nothing was queued.
  if (!eventId) throw WebhookErrors.WEBHOOK_DISABLED([id]);
  return eventId;
}

/** The secrets that sign a delivery now, newest first. */
export function activeSecrets(row: Pick<Row, 'secret' | 'previous_secret' | 'previous_secret_expires_at'>, now = Date.now()): string[] {
  const previous = row.previous_secret && row.previous_secret_expires_at && row.previous_secret_expires_at.getTime() > now ? [row.previous_secret] : [];
  return [row.secret, ...previous];
}
