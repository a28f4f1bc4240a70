/**
 * Stage (d), the end of a run, in the transaction that stored its outputs:
 * each conversation becomes `processed` (with `processed_at` and
 * `updated_at`, the language, sentiment, summary and keywords, and the name
 * of the analyzer that produced them, which may be a configured analyzer's
 * fallback)
 * or `failed` (with `processing_error`; the outputs of an earlier run stay),
 * its source is released, the observers are told, and
 * `conversation_processing_complete` {id} is published through the outbox
 * for each processed one (docs/webhooks.md). The status and the event
 * therefore commit together or not at all.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { publishEvents } from '../../webhooks/publish-event.ts';
import type { ClaimedConversation } from './claim-conversations.ts';
import type { ConversationObserver, ConversationOutcome } from './pipeline-options.ts';
import type { ProcessedConversation } from './store-outputs.ts';

export interface FailedConversation {
  readonly conversation: ClaimedConversation;
  readonly error: string;
}

/** Longest processing_error kept: the start of the message says what went wrong. */
const MAX_ERROR_CHARS = 2_000;

export async function completeConversations(
  trx: Kysely<Database>,
  tenantId: string,
  processed: readonly ProcessedConversation[],
  failed: readonly FailedConversation[],
  observers: readonly ConversationObserver[],
): Promise<void> {
  if (processed.length > 0) {
    const rows = processed.map(({ conversation: c, analysis: a }) => ({
      id: c.id,
      analyzer: a.analyzer,
      language: c.language ?? a.language,
      sentiment: a.sentiment,
      summary: a.summary,
      keywords: a.keywords,
    }));
    await sql`
      update conversations c
      set status = 'processed', processed_at = now(), updated_at = now(), processing_error = null, analyzer = x.analyzer,
        language = x.language, sentiment = x.sentiment, summary = x.summary, keywords = x.keywords
      from json_to_recordset(${JSON.stringify(rows)}::json) as x (id text, analyzer text, language text, sentiment float8, summary text, keywords text[])
      where c.tenant_id = ${tenantId}::uuid and c.id = x.id`.execute(trx);
  }
  const errors = failed.map((f) => ({ id: f.conversation.id, error: f.error.slice(0, MAX_ERROR_CHARS) }));
  if (errors.length > 0) {
    await sql`
      update conversations c set status = 'failed', processing_error = x.error, updated_at = now()
      from json_to_recordset(${JSON.stringify(errors)}::json) as x (id text, error text)
      where c.tenant_id = ${tenantId}::uuid and c.id = x.id`.execute(trx);
  }
  const ids = [...processed.map((p) => p.conversation.id), ...errors.map((e) => e.id)];
  await sql`
    update conversation_sources set started_at = null, attempts = 0
    where tenant_id = ${tenantId}::uuid and conversation_id = any(${ids}::text[])`.execute(trx);
  const outcomes: ConversationOutcome[] = [
    ...processed.map(({ conversation: c }) => ({ conversationId: c.id, revision: c.revision, status: 'processed' as const, error: null })),
    ...failed.map((f, i) => ({ conversationId: f.conversation.id, revision: f.conversation.revision, status: 'failed' as const, error: errors[i]!.error })),
  ];
  for (const observer of observers) await observer.finished(trx, tenantId, outcomes);
  await publishEvents(
    trx,
    tenantId,
    processed.map(({ conversation: c }) => ({ event: 'conversation_processing_complete', payload: { id: c.id } })),
  );
}

/**
 * Hands conversations back to the queue without outputs: ones posted again
 * during the run (their newer revision is queued already), or a whole batch
 * after a failure of the database or a stopping worker, which the next run
 * redoes.
 */
export async function releaseConversations(db: Kysely<Database>, tenantId: string, conversationIds: readonly string[]): Promise<void> {
  if (conversationIds.length === 0) return;
  await sql`
    with released as (
      update conversation_sources set started_at = null, queued_at = coalesce(queued_at, now())
      where tenant_id = ${tenantId}::uuid and conversation_id = any(${conversationIds}::text[]) and started_at is not null
      returning conversation_id
    )
    update conversations c set status = 'pending', updated_at = now()
    from released r where c.tenant_id = ${tenantId}::uuid and c.id = r.conversation_id and c.status = 'processing'`.execute(db);
}
