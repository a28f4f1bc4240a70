/**
 * The pipeline's watchdog (docs/processing.md "Watchdog"), every minute on
 * the job queue: no conversation stays `processing` or `pending` for good.
 *
 * - A run that holds a conversation longer than PROCESSING_TIMEOUT_SECONDS
 *   died with its process (a crash, a kill, a machine lost): its
 *   conversation is queued again, or, after `MAX_ATTEMPTS` runs that never
 *   finished, `failed` with the reason, so a conversation that kills its
 *   worker cannot take the pipeline down over and over.
 * - A conversation waiting longer than that whose lane has no job (one that
 *   graphile-worker gave up on) gets its tenant's lanes woken.
 */
import { parseCronItems, type Task } from 'graphile-worker';
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { ConversationObserver } from './pipeline-options.ts';
import { wakeProcessing } from './processing-queue.ts';

export const WATCHDOG_TASK = 'processing:watchdog';

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'processing:watchdog': Record<string, never>;
    }
  }
}

export const MAX_ATTEMPTS = 3;

export interface WatchdogResult {
  readonly requeued: number;
  readonly failed: number;
  readonly woken: number;
}

interface Stale {
  tenant_id: string;
  conversation_id: string;
  revision: number;
  attempts: number;
}

export async function watchConversations(db: Db, timeoutSeconds: number, observers: readonly ConversationObserver[]): Promise<WatchdogResult> {
  const stale = await db.transaction().execute(async (trx) => {
    const { rows } = await sql<Stale>`
      select tenant_id, conversation_id, revision, attempts from conversation_sources
      where started_at < now() - make_interval(secs => ${timeoutSeconds})
      order by tenant_id, service, service_id
      for update skip locked`.execute(trx);
    const requeue = rows.filter((row) => row.attempts < MAX_ATTEMPTS);
    const give = rows.filter((row) => row.attempts >= MAX_ATTEMPTS);
    const error = `processing did not finish in ${MAX_ATTEMPTS} attempts of at most ${timeoutSeconds} s each (the worker stopped each time); post the conversation again to retry`;
    for (const [kind, list] of [['requeue', requeue], ['fail', give]] as const) {
      if (list.length === 0) continue;
      const keys = JSON.stringify(list.map((row) => ({ tenant_id: row.tenant_id, conversation_id: row.conversation_id })));
      await sql`
        with keys as (select * from json_to_recordset(${keys}::json) as x (tenant_id uuid, conversation_id text)),
        sources as (
          update conversation_sources s
          set started_at = null,
            queued_at = case when ${kind === 'requeue'} then coalesce(s.queued_at, now()) else s.queued_at end,
            attempts = case when ${kind === 'requeue'} then s.attempts else 0 end
          from keys k where s.tenant_id = k.tenant_id and s.conversation_id = k.conversation_id
          returning s.tenant_id, s.conversation_id
        )
        update conversations c
        set status = case when ${kind === 'requeue'} then 'pending' else 'failed' end,
          processing_error = case when ${kind === 'requeue'} then c.processing_error else ${error} end, updated_at = now()
        from sources s where c.tenant_id = s.tenant_id and c.id = s.conversation_id and c.status = 'processing'`.execute(trx);
    }
    for (const tenantId of new Set(give.map((row) => row.tenant_id))) {
      const outcomes = give.filter((row) => row.tenant_id === tenantId).map((row) => ({ conversationId: row.conversation_id, revision: row.revision, status: 'failed' as const, error }));
      for (const observer of observers) await observer.finished(trx, tenantId, outcomes);
    }
    return { requeue, give };
  });
  const { rows: waiting } = await sql<{ tenant_id: string }>`
    select distinct tenant_id from conversation_sources
    where queued_at < now() - make_interval(secs => ${timeoutSeconds}) and started_at is null`.execute(db);
  const tenants = new Set([...stale.requeue.map((row) => row.tenant_id), ...waiting.map((row) => row.tenant_id)]);
  for (const tenantId of tenants) await wakeProcessing(db, tenantId);
  return { requeued: stale.requeue.length, failed: stale.give.length, woken: tenants.size };
}

export function watchdogTask(db: Db, timeoutSeconds: number, observers: readonly ConversationObserver[]): Task<'processing:watchdog'> {
  return async (_payload, helpers) => {
    const result = await watchConversations(db, timeoutSeconds, observers);
    if (result.requeued + result.failed > 0) helpers.logger.warn('requeued conversations whose processing run had stopped', { ...result });
  };
}

export const PROCESSING_SCHEDULE = parseCronItems([{ task: WATCHDOG_TASK, match: '* * * * *', identifier: WATCHDOG_TASK }]);
