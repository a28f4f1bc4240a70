/**
 * The end of a conversation's processing, as the processing pipeline will
 * record it: the conversation becomes
 * `processed`, and `conversation_processing_complete` {id} is published in
 * the same transaction (docs/webhooks.md). Until the pipeline
 * exists, tests and demonstrations call this directly.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { ODataErrors } from '../odata/odata-errors.ts';
import { publishEvent } from '../webhooks/publish-event.ts';

/** Returns the id of the webhook event, or undefined when no subscription wants it. */
export async function completeConversationProcessing(db: Kysely<Database>, tenantId: string, conversationId: string): Promise<string | undefined> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql`
      update conversations set status = 'processed', processed_at = now(), updated_at = now()
      where tenant_id = ${tenantId}::uuid and id = ${conversationId}
      returning id`.execute(trx);
    if (rows.length === 0) throw ODataErrors.ODATA_ENTITY_NOT_FOUND(['Conversation', conversationId]);
    return publishEvent(trx, tenantId, 'conversation_processing_complete', { id: conversationId });
  });
}
