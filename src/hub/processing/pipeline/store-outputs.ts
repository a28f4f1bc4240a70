/**
 * What stages (a) and (b) produced, written for a batch of conversations
 * in a few statements whatever its size. Each conversation's own outputs
 * are replaced, so a run repeated (a retried job, a requeued one, a
 * conversation posted again) leaves exactly one set of them:
 *
 * - ids are derived from the conversation and a position
 *   (`<conversation>-f3`, `<conversation>-i0`), so a row repeated is updated
 *   in place, and rows beyond the new output are deleted;
 * - a row whose values did not change is not written, so a repeated run
 *   leaves OData delta links nothing to report.
 *
 * Insights get the account of their conversation and the contact of their
 * fragment's participant as they stand; CRM matching (stage c) recomputes
 * both in the same transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { ConversationAnalysis } from '../analyzer.ts';
import type { ClaimedConversation } from './claim-conversations.ts';
import type { Segmentation } from './segment.ts';

export interface ProcessedConversation {
  readonly conversation: ClaimedConversation;
  readonly segmentation: Segmentation;
  readonly analysis: ConversationAnalysis;
}

export const fragmentId = (conversationId: string, position: number) => `${conversationId}-f${position}`;
export const insightId = (conversationId: string, n: number) => `${conversationId}-i${n}`;

/** Returns the ids of the insights it deleted (their conversation's earlier run had more), whose links tracker linking drops. */
export async function storeOutputs(trx: Kysely<Database>, tenantId: string, batch: readonly ProcessedConversation[]): Promise<readonly string[]> {
  const ids = batch.map((p) => p.conversation.id);
  const fragments = batch.flatMap(({ conversation: c, segmentation, analysis }) => {
    const sentiment = new Map(analysis.fragments.map((f) => [f.position, f.sentiment]));
    return segmentation.fragments.map((f) => ({
      id: fragmentId(c.id, f.position),
      conversation_id: c.id,
      participant_id: f.participant === null ? null : (c.participants[f.participant]?.id ?? null),
      position: f.position,
      start_ms: f.startMs,
      end_ms: f.endMs,
      text: f.text,
      sentiment: sentiment.get(f.position) ?? null,
    }));
  });
  await sql`
    with input as (
      select * from json_to_recordset(${JSON.stringify(fragments)}::json)
        as x (id text, conversation_id text, participant_id text, position int, start_ms bigint, end_ms bigint, text text, sentiment float8)
    ), gone as (
      delete from fragments f where f.tenant_id = ${tenantId}::uuid and f.conversation_id = any(${ids}::text[])
        and not exists (select 1 from input i where i.id = f.id)
    )
    insert into fragments as f (tenant_id, id, conversation_id, participant_id, position, start_ms, end_ms, text, sentiment)
    select ${tenantId}::uuid, id, conversation_id, participant_id, position, start_ms, end_ms, text, sentiment from input order by id
    on conflict (tenant_id, id) do update
      set participant_id = excluded.participant_id, position = excluded.position, start_ms = excluded.start_ms, end_ms = excluded.end_ms,
        text = excluded.text, sentiment = excluded.sentiment
      where (f.participant_id, f.position, f.start_ms, f.end_ms, f.text, f.sentiment)
        is distinct from (excluded.participant_id, excluded.position, excluded.start_ms, excluded.end_ms, excluded.text, excluded.sentiment)`.execute(trx);

  const talk = batch.flatMap(({ conversation: c, segmentation }) =>
    c.participants.map((p, k) => ({ id: p.id, token_count: segmentation.participants[k]?.tokenCount ?? 0, talk_seconds: segmentation.participants[k]?.talkSeconds ?? null })),
  );
  if (talk.length > 0) {
    await sql`
      update participants p set token_count = x.token_count, talk_seconds = x.talk_seconds
      from json_to_recordset(${JSON.stringify(talk)}::json) as x (id text, token_count int, talk_seconds int)
      where p.tenant_id = ${tenantId}::uuid and p.id = x.id
        and (p.token_count, p.talk_seconds) is distinct from (x.token_count, x.talk_seconds)`.execute(trx);
  }

  const insights = batch.flatMap(({ conversation: c, segmentation, analysis }) =>
    analysis.insights.map((i, n) => {
      const fragment = segmentation.fragments[i.position]!;
      return {
        id: insightId(c.id, n),
        conversation_id: c.id,
        fragment_id: fragmentId(c.id, i.position),
        participant_id: fragment.participant === null ? null : (c.participants[fragment.participant]?.id ?? null),
        type: i.type,
        text: i.text,
        summary: i.summary,
        sentiment: i.sentiment,
        importance: i.importance,
      };
    }),
  );
  const { rows: removed } = await sql<{ id: string }>`
    with input as (
      select * from json_to_recordset(${JSON.stringify(insights)}::json)
        as x (id text, conversation_id text, fragment_id text, participant_id text, type text, text text, summary text, sentiment float8, importance float8)
    ), gone as (
      delete from insights i where i.tenant_id = ${tenantId}::uuid and i.conversation_id = any(${ids}::text[])
        and not exists (select 1 from input x where x.id = i.id)
      returning i.id
    ), written as (
    insert into insights as i (tenant_id, id, conversation_id, fragment_id, type, text, summary, sentiment, importance, account_id, contact_id, created_at)
    select ${tenantId}::uuid, x.id, x.conversation_id, x.fragment_id, x.type, x.text, x.summary, x.sentiment, x.importance, c.account_id, p.contact_id, now()
    from input x
      join conversations c on c.tenant_id = ${tenantId}::uuid and c.id = x.conversation_id
      left join participants p on p.tenant_id = ${tenantId}::uuid and p.id = x.participant_id
    order by x.id
    on conflict (tenant_id, id) do update
      set fragment_id = excluded.fragment_id, type = excluded.type, text = excluded.text, summary = excluded.summary,
        sentiment = excluded.sentiment, importance = excluded.importance, account_id = excluded.account_id, contact_id = excluded.contact_id
      where (i.fragment_id, i.type, i.text, i.summary, i.sentiment, i.importance, i.account_id, i.contact_id)
        is distinct from (excluded.fragment_id, excluded.type, excluded.text, excluded.summary, excluded.sentiment, excluded.importance, excluded.account_id, excluded.contact_id)
    returning 1)
    select id from gone`.execute(trx);
  return removed.map((row) => row.id);
}
