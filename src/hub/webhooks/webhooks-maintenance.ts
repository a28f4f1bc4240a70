/**
 * Housekeeping of webhooks on the job queue (graphile-worker cron, once per
 * occurrence across all processes):
 *
 * - every 5 minutes, `webhooks:sweep` wakes the delivery job of any enabled
 *   subscription with a delivery overdue by a minute. Publishing and
 *   retries already schedule these jobs; the sweep is the safety net for a
 *   job that graphile-worker gave up on after its own retries (a database
 *   outage longer than they last), so no delivery stays stranded.
 * - hourly, `webhooks:purge` deletes events older than 30 days, with their
 *   deliveries and attempts: the delivery log keeps 30 days.
 */
import { parseCronItems, type Task } from 'graphile-worker';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { wakeDeliveries } from './publish-event.ts';

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'webhooks:sweep': Record<string, never>;
      'webhooks:purge': Record<string, never>;
    }
  }
}

export const LOG_RETENTION_DAYS = 30;
const PURGE_BATCH = 10_000;

/** Wakes the subscriptions with overdue deliveries; returns how many. */
export async function sweepOverdue(db: Db): Promise<number> {
  const { rows } = await sql<{ tenant_id: string; id: string }>`
    select s.tenant_id, s.id from webhook_subscriptions s
    where s.enabled and exists (
      select 1 from webhook_deliveries d
      where d.tenant_id = s.tenant_id and d.subscription_id = s.id
        and d.status = 'pending' and d.next_attempt_at < now() - interval '1 minute'
    )`.execute(db);
  for (const row of rows) await wakeDeliveries(db, row.tenant_id, row.id);
  return rows.length;
}

/** Deletes events past retention (in batches, so one run never holds long locks); returns how many. */
export async function purgeOldEvents(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const { numAffectedRows } = await sql`
      delete from webhook_events where (tenant_id, id) in (
        select tenant_id, id from webhook_events
        where created_at < now() - make_interval(days => ${LOG_RETENTION_DAYS})
        limit ${PURGE_BATCH}
      )`.execute(db);
    total += Number(numAffectedRows ?? 0n);
    if (Number(numAffectedRows ?? 0n) < PURGE_BATCH) return total;
  }
}

export function sweepTask(db: Db): Task<'webhooks:sweep'> {
  return async (_payload, helpers) => {
    const woken = await sweepOverdue(db);
    if (woken > 0) helpers.logger.warn('woke webhook delivery jobs that had overdue deliveries', { subscriptions: woken });
  };
}

export function purgeTask(db: Db): Task<'webhooks:purge'> {
  return async (_payload, helpers) => {
    helpers.logger.info('purged old webhook events', { events: await purgeOldEvents(db) });
  };
}

export const WEBHOOKS_SCHEDULE = parseCronItems([
  { task: 'webhooks:sweep', match: '*/5 * * * *', identifier: 'webhooks:sweep' },
  { task: 'webhooks:purge', match: '43 * * * *', identifier: 'webhooks:purge' },
]);
