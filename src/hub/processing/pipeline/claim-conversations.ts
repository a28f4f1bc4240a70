/**
 * The start of a run: up to `size` of a tenant's waiting conversations,
 * oldest first, taken in one transaction. Each becomes `processing`, its
 * source records when the run started (the watchdog's clock) and one more
 * attempt, and the run reads what it needs: the source utterances, the
 * participants and the conversation's title and type. Rows another lane is
 * taking are skipped (`skip locked`), never waited for.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, SourceUtterance } from '../../../platform/db/schema.ts';
import type { ParticipantRole } from '../analyzer.ts';
import { participantId } from '../ingestion/ingest-conversations.ts';
import type { ConversationObserver } from './pipeline-options.ts';

export interface ClaimedParticipant {
  readonly id: string;
  readonly name: string | null;
  readonly role: ParticipantRole;
}

export interface ClaimedConversation {
  readonly id: string;
  readonly revision: number;
  readonly title: string | null;
  readonly type: string;
  /** The language the source declared. */
  readonly language: string | null;
  readonly utterances: readonly SourceUtterance[];
  /** In their order in the source: utterances index them. */
  readonly participants: readonly ClaimedParticipant[];
}

interface ClaimRow {
  id: string;
  revision: number;
  title: string | null;
  type: string;
  language: string | null;
  utterances: SourceUtterance[];
  participants: ClaimedParticipant[];
}

export async function claimConversations(db: Kysely<Database>, tenantId: string, size: number, observers: readonly ConversationObserver[]): Promise<ClaimedConversation[]> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<ClaimRow>`
      with picked as (
        select conversation_id from conversation_sources
        where tenant_id = ${tenantId}::uuid and queued_at is not null and started_at is null
        order by queued_at
        limit ${size}
        for update skip locked
      ), claimed as (
        update conversation_sources s set queued_at = null, started_at = now(), attempts = s.attempts + 1
        from picked where s.tenant_id = ${tenantId}::uuid and s.conversation_id = picked.conversation_id
        returning s.conversation_id, s.revision, s.language, s.utterances
      ), marked as (
        update conversations c set status = 'processing', updated_at = now()
        from claimed where c.tenant_id = ${tenantId}::uuid and c.id = claimed.conversation_id
        returning c.id, c.title, c.type
      )
      select m.id, cl.revision, m.title, m.type, cl.language, cl.utterances,
        coalesce((select json_agg(json_build_object('id', p.id, 'name', p.name, 'role', p.role))
          from participants p where p.tenant_id = ${tenantId}::uuid and p.conversation_id = m.id), '[]') as participants
      from claimed cl join marked m on m.id = cl.conversation_id`.execute(trx);
    if (rows.length > 0) for (const observer of observers) await observer.claimed(trx, tenantId, rows.map((row) => row.id));
    return rows.map((row) => {
      const byId = new Map(row.participants.map((p) => [p.id, p]));
      const participants: ClaimedParticipant[] = [];
      for (let k = 0; byId.has(participantId(row.id, k)); k++) participants.push(byId.get(participantId(row.id, k))!);
      return { ...row, participants };
    });
  });
}
