/**
 * `tracker-linking:relink` (docs/processing.md, "Tracker linking"): every
 * insight of a tenant linked again after its tracker issues changed
 * (tracker-changes.ts enqueues it, coalesced per tenant).
 *
 * - **Bounded:** the tenant's conversations are walked in batches of
 *   RELINK_BATCH_SIZE (keyset paging, conversation-batches.ts), each in its
 *   own short transaction that locks the batch's conversations (as the
 *   pipeline's store transaction does) and reads only their insights.
 * - **Vectors first:** with an embedding provider, the issues whose
 *   vector is missing or stale are embedded before anything is linked
 *   (issue-vectors.ts), each page committed with a raised version, so no
 *   process keeps an index without them. A provider that fails is logged and the
 *   relink goes on: issues without a vector are matched by their words.
 * - **Exact counts at the end:** batches write links without counting;
 *   the last transaction drops links to issues or insights that are gone
 *   and recounts every issue (replace-links.ts, `recountTenant`). A worker
 *   that stops abandons the job between batches; it runs again from the
 *   start, which is harmless since linking is idempotent.
 */
import type { Task } from 'graphile-worker';
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { conversationBatches } from '../crm-matching/conversation-batches.ts';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.ts';
import { tenantIssueIndex } from './issue-index-cache.ts';
import { embedIssues } from './issue-vectors.ts';
import { linkConversations } from './link-conversations.ts';
import { recountTenant } from './replace-links.ts';

const RELINK_BATCH_SIZE = 500;

export interface RelinkOptions {
  readonly embeddings?: EmbeddingProvider;
  readonly vectorThreshold: number;
}

export function relinkTask(db: Db, options: RelinkOptions): Task<'tracker-linking:relink'> {
  const { embeddings, vectorThreshold } = options;
  return async ({ tenant }, helpers) => {
    const started = Date.now();
    if ((await tenantIssueIndex(db, tenant, embeddings?.model)) === null) return;
    if (embeddings) {
      try {
        await embedIssues(db, tenant, embeddings, helpers.abortSignal);
      } catch (error) {
        helpers.abortSignal?.throwIfAborted();
        helpers.logger.warn(`tracker issues not embedded, linked by their words: ${error instanceof Error ? error.message : String(error)}`, { tenant });
      }
    }
    let added = 0;
    let removed = 0;
    for await (const ids of conversationBatches(db, tenant, RELINK_BATCH_SIZE)) {
      helpers.abortSignal?.throwIfAborted();
      const counts = await db.transaction().execute(async (trx) => {
        await sql`select 1 from conversations where tenant_id = ${tenant}::uuid and id = any(${ids}::text[]) order by id for no key update`.execute(trx);
        return linkConversations(trx, tenant, ids, [], { recount: false, embeddingModel: embeddings?.model, vectorThreshold });
      });
      added += counts.added;
      removed += counts.removed;
    }
    await db.transaction().execute((trx) => recountTenant(trx, tenant));
    helpers.logger.info(`tracker links recomputed: ${added} added, ${removed} removed in ${Date.now() - started} ms`, { tenant });
  };
}
