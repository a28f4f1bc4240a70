/**
 * Matches recomputed when CRM records change after the conversations
 * arrived (docs/processing.md, "CRM matching"): a contact imported after
 * the call it took part in gives that call its account.
 *
 * - **When.** The importer calls `rematchAfterImport` in the transaction
 *   that applies a job (src/services.ts wires it), so the rematch job exists
 *   exactly when the records do. Only sets that matching reads count:
 *   Accounts, Contacts, Opportunities and Owners.
 * - **Coalesced.** One pending job per tenant (graphile-worker's job key),
 *   run a second after the first request of a burst (`preserve_run_at`), so
 *   a burst of imports costs one rematch. A request that arrives while the
 *   job runs adds one more run after it (graphile-worker frees a running
 *   job's key), on the tenant's own queue, so the second run sees every
 *   record and two runs never overlap.
 * - **What.** Every conversation of the tenant, in batches of
 *   MATCH_BATCH_SIZE, each in its own short transaction; only changed rows
 *   are written. A worker that stops abandons the job between batches; it
 *   runs again from the start, which is harmless since matching is
 *   idempotent.
 */
import type { Task } from 'graphile-worker';
import type { Kysely } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { enqueue } from '../../../platform/jobs/job-queue.ts';
import { conversationBatches, MATCH_BATCH_SIZE } from './conversation-batches.ts';
import { matchConversations, type MatchOptions } from './match-conversations.ts';

export const REMATCH_TASK = 'crm-matching:rematch';

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'crm-matching:rematch': { tenant: string };
    }
  }
}

/** The entity sets whose records CRM matching reads. */
export const MATCHED_SETS: ReadonlySet<string> = new Set(['Accounts', 'Contacts', 'Opportunities', 'Owners']);

const COALESCE_MS = 1_000;

/** Asks for a rematch of the tenant's conversations; call it in the transaction that changed the records. */
export async function requestRematch(trx: Kysely<Database>, tenantId: string): Promise<void> {
  await enqueue(trx, REMATCH_TASK, { tenant: tenantId }, {
    queue: `crm-matching:${tenantId}`,
    jobKey: `crm-matching:rematch:${tenantId}`,
    jobKeyMode: 'preserve_run_at',
    runAt: new Date(Date.now() + COALESCE_MS),
  });
}

/** The importer's hook: a rematch when a job changed a set that matching reads. */
export async function rematchAfterImport(trx: Kysely<Database>, applied: { readonly tenantId: string; readonly set: string }): Promise<void> {
  if (MATCHED_SETS.has(applied.set)) await requestRematch(trx, applied.tenantId);
}

export function rematchTask(db: Db, options: MatchOptions): Task<'crm-matching:rematch'> {
  return async (payload, helpers) => {
    const started = Date.now();
    let conversations = 0;
    let changed = 0;
    for await (const ids of conversationBatches(db, payload.tenant, MATCH_BATCH_SIZE)) {
      helpers.abortSignal?.throwIfAborted();
      const counts = await db.transaction().execute((trx) => matchConversations(trx, payload.tenant, { conversationIds: ids }, options));
      conversations += ids.length;
      changed += counts.conversations;
    }
    helpers.logger.info(`CRM matches recomputed: ${changed} of ${conversations} conversations changed in ${Date.now() - started} ms`, { tenant: payload.tenant });
  };
}
