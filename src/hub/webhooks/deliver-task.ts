/**
 * The delivery job of one subscription (`webhooks:deliver`): claims its due
 * deliveries in batches of 8 × WEBHOOK_CONCURRENCY, sends a batch
 * WEBHOOK_CONCURRENCY at a time over keep-alive connections, and records
 * the attempts and outcomes of a batch in one statement.
 *
 * Outcomes (docs/webhooks.md, "Delivery, retries and dead letters"):
 * - 2xx: delivered.
 * - 410 Gone: the subscription is disabled, the delivery dead-lettered.
 * - anything else (3xx included), a timeout or a connection error: retried
 *   after the next WEBHOOK_RETRY_SCHEDULE delay (Retry-After honoured), and
 *   dead-lettered once the schedule is used up.
 * - a subscription whose every attempt has failed for 3 days is disabled.
 *
 * At-least-once with a stable id: a delivery stays pending until its outcome
 * is recorded, so a worker killed mid-request leaves it to the job's next run
 * (WorkerLiveness frees the job), which sends the same body with the same
 * `webhook-id`. One job runs per subscription at a time (its queue); it
 * yields after a time slice so that subscriptions share the workers, and
 * before leaving schedules itself for the earliest pending retry.
 */
import type { Task } from 'graphile-worker';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { WebhookAttempt } from '../../platform/db/schema.ts';
import { parseRetryAfter } from '../../platform/http/retry-after.ts';
import { enqueue } from '../../platform/jobs/job-queue.ts';
import { deliverJobOptions, wakeDeliveries, type DeliverJob } from './publish-event.ts';
import { retryDelayMs } from './retry-policy.ts';
import { sendAttempt, type AttemptResult } from './send-attempt.ts';
import { signatureHeaders, signingKeys } from './signatures.ts';
import type { TargetCheck } from '../../platform/http/ssrf-guard.ts';
import { activeSecrets } from './subscriptions.ts';

export const FAILING_DISABLES_AFTER_MS = 3 * 24 * 60 * 60 * 1000;
const SLICE_MS = 1_000;
/** Deliveries claimed per database round trip, in multiples of WEBHOOK_CONCURRENCY. */
const BATCHES_PER_CLAIM = 8;

export interface DeliveryOptions {
  readonly guard: TargetCheck;
  readonly retrySchedule: readonly number[];
  readonly timeoutMs: number;
  readonly concurrency: number;
}

interface Due {
  readonly id: string;
  readonly event_id: string;
  readonly body: string;
  readonly attempts: number;
  readonly retries: number;
}

type Outcome = 'delivered' | 'pending' | 'dead';

interface Recorded extends AttemptResult {
  readonly due: Due;
  readonly outcome: Outcome;
  readonly nextAttemptAt: Date | null;
}

function judge(due: Due, result: AttemptResult, schedule: readonly number[]): Recorded {
  const code = result.statusCode;
  if (code !== null && code >= 200 && code < 300) return { ...result, due, outcome: 'delivered', nextAttemptAt: null };
  if (code === 410) return { ...result, due, outcome: 'dead', nextAttemptAt: null };
  const delay = retryDelayMs(schedule, due.retries + 1, parseRetryAfter(result.retryAfter, Date.now()));
  return delay === undefined ? { ...result, due, outcome: 'dead', nextAttemptAt: null } : { ...result, due, outcome: 'pending', nextAttemptAt: new Date(Date.now() + delay) };
}

/** Runs `fn` over `items` with at most `limit` at once, keeping results in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]!);
      }
    }),
  );
  return results;
}

export function deliverTask(db: Db, options: DeliveryOptions): Task<'webhooks:deliver'> {
  const batchSize = options.concurrency * BATCHES_PER_CLAIM;
  return async ({ tenant, subscription: subscriptionId }: DeliverJob) => {
    const deadline = Date.now() + SLICE_MS;
    // The previous batch's outcomes are written while the next batch is claimed and sent.
    let recording: Promise<Streak> | undefined;
    let recordingIds: string[] = [];
    const stopped = async () => (await recording)?.disabled === true;
    for (;;) {
      const subscription = await db
        .selectFrom('webhook_subscriptions')
        .select(['url', 'enabled', 'secret', 'previous_secret', 'previous_secret_expires_at', 'failing_since'])
        .where('tenant_id', '=', tenant)
        .where('id', '=', subscriptionId)
        .executeTakeFirst();
      if (!subscription?.enabled) return void (await recording);

      // The batch is chosen from the due index alone, then joined to its bodies: ordering after the join
      // would fetch the body of every delivery sharing the batch's last next_attempt_at (a publishing
      // transaction's worth), and a large backlog could turn the join into a scan of every event.
      const claim = async (executor: Db) =>
        (
          await sql<Due>`
            select d.id, d.event_id, e.body, d.attempts, d.retries
            from (
              select id, event_id, attempts, retries, next_attempt_at from webhook_deliveries
              where tenant_id = ${tenant} and subscription_id = ${subscriptionId}
                and status = 'pending' and next_attempt_at <= statement_timestamp()
                and id <> all (${recordingIds}::uuid[])
              order by next_attempt_at, id
              limit ${batchSize}
            ) d
            join webhook_events e on e.tenant_id = ${tenant} and e.id = d.event_id
            order by d.next_attempt_at, d.id`.execute(executor)
        ).rows;
      let due = await claim(db);
      if (due.length === 0) {
        if (await stopped()) return;
        due = await lastClaim(db, tenant, subscriptionId, claim);
      }
      if (due.length === 0) {
        await scheduleNextRetry(db, tenant, subscriptionId);
        return;
      }

      const keys = signingKeys(activeSecrets(subscription));
      const results = await mapLimit(due, options.concurrency, async (d) =>
        judge(d, await sendAttempt(options.guard, subscription.url, signatureHeaders(keys, d.event_id, d.body, Date.now()), d.body, options.timeoutMs), options.retrySchedule),
      );
      const previous = await recording;
      if (previous?.disabled) return;
      recording = record(db, tenant, subscriptionId, previous ? previous.failingSince : subscription.failing_since, results);
      recordingIds = due.map((d) => d.id);
      if (Date.now() >= deadline) {
        if (!(await stopped())) await wakeDeliveries(db, tenant, subscriptionId);
        return;
      }
    }
  };
}

/**
 * The claim before leaving, after every transaction still writing
 * deliveries for this subscription has committed. Such a writer holds a
 * share lock on the subscription row (the deliveries' foreign key, or
 * `redeliver`'s explicit lock), which FOR UPDATE waits out. Without this, a
 * publisher whose wake-up reached the job just as a worker took it (its
 * job-key update then finds the job locked and does nothing) could leave
 * its deliveries behind a claim that ran before it committed.
 */
async function lastClaim(db: Db, tenant: string, subscriptionId: string, claim: (executor: Db) => Promise<Due[]>): Promise<Due[]> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('webhook_subscriptions').select('id').where('tenant_id', '=', tenant).where('id', '=', subscriptionId).forUpdate().execute();
    return claim(trx);
  });
}

/** Leaves a job for the earliest pending retry; a job already due sooner keeps its time. */
async function scheduleNextRetry(db: Db, tenant: string, subscriptionId: string): Promise<void> {
  const next = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('at'))
    .where('tenant_id', '=', tenant)
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (next?.at) await enqueue(db, 'webhooks:deliver', { tenant, subscription: subscriptionId }, deliverJobOptions(subscriptionId, { runAt: next.at, jobKeyMode: 'preserve_run_at' }));
}

interface Streak {
  /** Since when every attempt has failed, after this batch. */
  readonly failingSince: Date | null;
  readonly disabled: boolean;
}

/** Records a batch's attempts and outcomes, and what they mean for the subscription. */
async function record(db: Db, tenant: string, subscriptionId: string, failingSince: Date | null, results: readonly Recorded[]): Promise<Streak> {
  const gone = results.find((r) => r.statusCode === 410);
  const anyDelivered = results.some((r) => r.outcome === 'delivered');
  const firstFailure = anyDelivered ? null : (failingSince ?? results[0]!.startedAt);
  const failedTooLong = !anyDelivered && firstFailure !== null && Date.now() - firstFailure.getTime() >= FAILING_DISABLES_AFTER_MS;
  const reason = gone
    ? `The endpoint answered 410 Gone at ${gone.startedAt.toISOString()}.`
    : failedTooLong
      ? `Every delivery failed for 3 days (since ${firstFailure!.toISOString()}).`
      : null;
  // One update per delivery records both its outcome and its attempt (appended to attempt_log,
  // migration 0011). A delivery whose attempt count moved past the claim's (a job run twice over a
  // crash it survived) keeps the attempt already logged under that number.
  const entries = results.map((r): WebhookAttempt => ({
    attempt: r.due.attempts + 1,
    started_at: r.startedAt.toISOString(),
    status_code: r.statusCode,
    latency_ms: r.latencyMs,
    response_body: r.responseBody,
    error: r.error,
  }));
  const streak =
    reason || firstFailure?.getTime() !== failingSince?.getTime()
      ? sql`, streak as (
          update webhook_subscriptions set failing_since = ${firstFailure}, updated_at = now()
            ${reason ? sql`, enabled = false, disabled_reason = ${reason}, disabled_at = now()` : sql``}
          where tenant_id = ${tenant}::uuid and id = ${subscriptionId}::uuid
        )`
      : sql``;
  // One statement, so one implicit transaction and one round trip. Outcomes lost to a crash before
  // the WAL reaches disk are only resent, with the same webhook-id: at-least-once holds without
  // waiting for the flush on every batch (synchronous_commit is set for this transaction only).
  await sql`
    with durability as (
      select set_config('synchronous_commit', 'off', true)
    ), o as (
      select * from unnest(
        ${results.map((r) => r.due.id)}::uuid[], ${entries.map((e) => e.attempt)}::int[], ${entries.map((e) => JSON.stringify(e))}::jsonb[],
        ${results.map((r) => r.outcome)}::text[], ${results.map((r) => r.nextAttemptAt)}::timestamptz[]
      ) as t (id, attempt, entry, outcome, next_attempt_at)
    )${streak}
    update webhook_deliveries d set
      status = o.outcome,
      attempts = greatest(d.attempts, o.attempt),
      attempt_log = case when d.attempts < o.attempt then d.attempt_log || o.entry else d.attempt_log end,
      retries = d.retries + (o.outcome <> 'delivered')::int,
      next_attempt_at = coalesce(o.next_attempt_at, d.next_attempt_at),
      updated_at = now()
    from o, durability where d.tenant_id = ${tenant}::uuid and d.id = o.id`.execute(db);
  return { failingSince: firstFailure, disabled: reason !== null };
}
