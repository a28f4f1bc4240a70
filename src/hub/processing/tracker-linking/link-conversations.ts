/**
 * Tracker linking of some conversations' insights (docs/processing.md,
 * "Tracker linking"): the pipeline's stage after storage, in its store
 * transaction, and each batch of the relink job.
 *
 * The caller holds the conversations' row locks (the pipeline's store
 * transaction and the relink job both take them, in id order), so a relink
 * and a pipeline run never link one conversation's insights against two
 * versions of the issues: whichever comes second waits for the first to
 * commit, and the relink job is only enqueued with the change of issues,
 * so it reads them.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { readInsightVectors } from '../embeddings/insight-vectors.ts';
import { tenantIssueIndex } from './issue-index-cache.ts';
import { replaceLinks, type ReplaceOptions } from './replace-links.ts';

export interface LinkOptions extends ReplaceOptions {
  /** The configured provider's model: insights and issues with vectors of it are compared by them. */
  readonly embeddingModel?: string;
}

export async function linkConversations(
  trx: Kysely<Database>,
  tenantId: string,
  conversationIds: readonly string[],
  removedInsightIds: readonly string[],
  options: LinkOptions = { recount: true },
): Promise<{ added: number; removed: number }> {
  const index = await tenantIssueIndex(trx, tenantId, options.embeddingModel);
  // No tracker issues ever: no link can exist, nothing to do.
  if (index === null || conversationIds.length === 0) return { added: 0, removed: 0 };
  const { rows } = await sql<{ id: string; type: string; text: string }>`
    select id, type, text from insights where tenant_id = ${tenantId}::uuid and conversation_id = any(${conversationIds}::text[]) order by id`.execute(trx);
  const vectors = options.embeddingModel !== undefined && index.withVectors > 0 ? await readInsightVectors(trx, tenantId, options.embeddingModel, rows.map((r) => r.id)) : [];
  const insights = rows.map((row, k) => ({ ...row, vector: vectors[k] }));
  return replaceLinks(trx, tenantId, index, insights, removedInsightIds, options);
}
