/**
 * Conversation uploads as import jobs (docs/importer.md "Conversations"):
 * the same row, status endpoint and webhook events as a CRM upload, of
 * type `conversation`.
 *
 * - **Accepting.** One transaction stores the job, its conversations
 *   (processing's ingestConversations, which queues them) and the list of
 *   the job's items, so the 202 means all of them are stored and queued.
 * - **Following.** The pipeline tells `conversationJobObserver` when it
 *   takes conversations (the job becomes `processing`) and when it finishes
 *   them, in its own transactions: each item is settled with the outcome of
 *   the first run that read its revision or a later one (a conversation
 *   posted again in a later job settles the earlier job's item too), the
 *   job counts it in `processed`, and when the last item is settled the job
 *   ends `completed`, or `failed` when any conversation failed (`error`
 *   names the first; the others stay processed), and import_job_completed
 *   or import_job_failed is published.
 */
import { sql, type Kysely } from 'kysely';
import type { ConnectionBudget } from '../../platform/db/connection-budget.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { CheckedConversation } from '../processing/ingestion/conversation-input.ts';
import { ingestConversations } from '../processing/ingestion/ingest-conversations.ts';
import type { ConversationObserver } from '../processing/pipeline/pipeline-options.ts';
import { publishEvent } from '../webhooks/publish-event.ts';
import { onClient } from '../../platform/db/client-kysely.ts';

export interface ConversationSubmission {
  readonly tenantId: string;
  readonly userId: string;
  readonly conversations: readonly CheckedConversation[];
}

/** One conversation of a job, as the job document lists it. */
export interface JobItem {
  readonly item: number;
  /** The hub's id: `/odata/Conversations('<id>')`. */
  readonly id: string;
  readonly service_id: string;
  readonly status: 'pending' | 'processed' | 'failed';
  readonly error: string | null;
}

/**
 * Stores the conversations and their job in one transaction, on a
 * connection of the uploads' budget (so uploads never take the connections
 * reads need, docs/operations.md "Database connections"); returns the job id.
 */
export async function submitConversations(connections: ConnectionBudget, submission: ConversationSubmission): Promise<string> {
  const client = await connections.connect();
  let broken: Error | undefined;
  try {
    return await onClient(client).transaction().execute((trx) => storeJob(trx, submission));
  } catch (error) {
    // A connection that failed mid-transaction is not given back to the pool.
    if ((error as { code?: unknown }).code === undefined) broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}

async function storeJob(trx: Kysely<Database>, submission: ConversationSubmission): Promise<string> {
  const { id: job } = await trx
    .insertInto('import_jobs')
    .values({ tenant_id: submission.tenantId, type: 'conversation', action: 'upsert', columns: [], total: submission.conversations.length, created_by: submission.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ingested = await ingestConversations(trx, submission.tenantId, submission.conversations);
  const items = ingested.map((c, item) => ({ item, conversation_id: c.id, service_id: c.serviceId, revision: c.revision }));
  await sql`
    insert into import_job_conversations (tenant_id, job_id, item, conversation_id, service_id, revision)
    select ${submission.tenantId}::uuid, ${job}::uuid, x.item, x.conversation_id, x.service_id, x.revision
    from json_to_recordset(${JSON.stringify(items)}::json) as x (item int, conversation_id text, service_id text, revision int)`.execute(trx);
  return job;
}

export async function jobItems(db: Kysely<Database>, tenantId: string, jobId: string): Promise<JobItem[]> {
  const rows = await db
    .selectFrom('import_job_conversations')
    .select(['item', 'conversation_id', 'service_id', 'status', 'error'])
    .where('tenant_id', '=', tenantId)
    .where('job_id', '=', jobId)
    .orderBy('item')
    .execute();
  return rows.map((row) => ({ item: row.item, id: row.conversation_id, service_id: row.service_id, status: row.status, error: row.error }));
}

interface EndedJob {
  id: string;
  status: 'pending' | 'processing' | 'completed' | 'failed';
  processed: string;
  error: string | null;
}

export const conversationJobObserver: ConversationObserver = {
  async claimed(trx, tenantId, conversationIds) {
    await sql`
      update import_jobs j set status = 'processing', started_at = coalesce(j.started_at, now()), updated_at = now()
      where j.tenant_id = ${tenantId}::uuid and j.status = 'pending' and j.id in (
        select i.job_id from import_job_conversations i
        where i.tenant_id = ${tenantId}::uuid and i.conversation_id = any(${conversationIds}::text[]) and i.status = 'pending')`.execute(trx);
  },

  async finished(trx, tenantId, outcomes) {
    const rows = outcomes.map((o) => ({ conversation_id: o.conversationId, revision: o.revision, status: o.status, error: o.error }));
    const { rows: ended } = await sql<EndedJob>`
      with outcome as (
        select * from json_to_recordset(${JSON.stringify(rows)}::json) as x (conversation_id text, revision int, status text, error text)
      ), settled as (
        update import_job_conversations i set status = o.status, error = o.error, finished_at = now()
        from outcome o
        where i.tenant_id = ${tenantId}::uuid and i.conversation_id = o.conversation_id and i.status = 'pending' and i.revision <= o.revision
        returning i.job_id, i.item, i.service_id, i.status, i.error
      ), counts as (
        select job_id, count(*) as n,
          (array_agg(format('conversation %s (id %s): %s', item, to_json(service_id), error) order by item) filter (where status = 'failed'))[1] as first_error
        from settled group by job_id
      )
      update import_jobs j
      set processed = j.processed + c.n, error = coalesce(j.error, c.first_error), updated_at = clock_timestamp(),
        started_at = coalesce(j.started_at, clock_timestamp()),
        status = case when j.processed + c.n < j.total then 'processing' when coalesce(j.error, c.first_error) is null then 'completed' else 'failed' end,
        completed_at = case when j.processed + c.n >= j.total then clock_timestamp() end
      from counts c where j.tenant_id = ${tenantId}::uuid and j.id = c.job_id
      returning j.id, j.status, j.processed::text, j.error`.execute(trx);
    for (const job of ended) {
      if (job.status !== 'completed' && job.status !== 'failed') continue;
      await publishEvent(trx, tenantId, job.status === 'completed' ? 'import_job_completed' : 'import_job_failed', {
        job: job.id,
        type: 'conversation',
        processed: Number(job.processed),
        error: job.error,
        error_line: null,
      });
    }
  },
};
