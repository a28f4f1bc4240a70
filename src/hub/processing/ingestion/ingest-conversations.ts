/**
 * Storing conversations for processing (docs/processing.md "Ingestion"):
 * the internal API that uploads, the demo and connectors call.
 *
 *   await db.transaction().execute((trx) => ingestConversation(trx, tenantId, {
 *     id: 'call-42', type: 'call', started_at: '2026-01-05T10:00:00Z',
 *     participants: [{ name: 'Ada', role: 'customer' }],
 *     utterances: [{ speaker: 'Ada', text: 'We need SSO.' }],
 *   }));
 *
 * In the caller's transaction, set-based whatever the number of
 * conversations: the source (utterances as received, the key (service,
 * service_id), the declared language) in conversation_sources, the
 * Conversations row with status `pending`, its Participants, and the
 * wake-up of the tenant's processing lanes. All of it commits together, so
 * a stored conversation always gets processed and a rolled-back one never
 * is. The same service and service_id again updates the conversation (same
 * id), raises its source's revision and processes it again; its outputs
 * stay readable until the new run replaces them.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { wakeProcessing } from '../pipeline/processing-queue.ts';
import { checkConversation, type CheckedConversation, type ConversationInput } from './conversation-input.ts';

export interface IngestedConversation {
  /** The hub's id of the conversation (Conversations.id). */
  readonly id: string;
  readonly service: string;
  readonly serviceId: string;
  /** Raised by each ingestion of the conversation, from 1. */
  readonly revision: number;
  readonly created: boolean;
}

const seconds = (c: CheckedConversation): number | null => {
  if (c.endedAt) return Math.round((c.endedAt.getTime() - c.startedAt.getTime()) / 1000);
  const ends = c.utterances.flatMap((u) => (u.end_ms === null ? [] : [u.end_ms]));
  return ends.length ? Math.round(Math.max(...ends) / 1000) : null;
};

export interface IngestOptions {
  /** The hub's ids of the conversations that are new, in input order (the demo's, stable across runs); random uuids otherwise. */
  readonly ids?: readonly string[];
}

/** Stores the conversations and queues them, in `trx`; returns them in input order. */
export async function ingestConversations(trx: Kysely<Database>, tenantId: string, conversations: readonly CheckedConversation[], options: IngestOptions = {}): Promise<IngestedConversation[]> {
  if (conversations.length === 0) return [];
  const sources = conversations.map((c, i) => ({ id: options.ids?.[i] ?? null, service: c.service, service_id: c.serviceId, language: c.language, utterances: c.utterances }));
  // Each statement writes its rows in key order, so concurrent uploads of overlapping conversations cannot deadlock.
  const { rows } = await sql<{ conversation_id: string; service: string; service_id: string; revision: number; created: boolean }>`
    insert into conversation_sources as s (tenant_id, conversation_id, service, service_id, language, utterances, queued_at)
    select ${tenantId}::uuid, coalesce(x.id, gen_random_uuid()::text), x.service, x.service_id, x.language, x.utterances, now()
    from json_to_recordset(${JSON.stringify(sources)}::json) as x (id text, service uuid, service_id text, language text, utterances jsonb)
    order by x.service, x.service_id
    on conflict (tenant_id, service, service_id) do update
      set revision = s.revision + 1, language = excluded.language, utterances = excluded.utterances,
        queued_at = coalesce(s.queued_at, now()), attempts = 0, received_at = now()
    returning s.conversation_id, s.service_id, s.service::text, s.revision, (s.xmax = 0) as created`.execute(trx);
  const byKey = new Map(rows.map((row) => [`${row.service} ${row.service_id}`, row]));
  const ingested = conversations.map((c): IngestedConversation => {
    const row = byKey.get(`${c.service} ${c.serviceId}`)!;
    return { id: row.conversation_id, service: c.service, serviceId: c.serviceId, revision: row.revision, created: row.created };
  });

  const headers = conversations.map((c, i) => ({
    id: ingested[i]!.id,
    title: c.title,
    type: c.type,
    service: c.service,
    service_id: c.serviceId,
    started_at: c.startedAt.toISOString(),
    ended_at: c.endedAt?.toISOString() ?? null,
    duration_seconds: seconds(c),
    language: c.language,
    direction: c.direction,
  }));
  await sql`
    insert into conversations (tenant_id, id, title, type, service, service_id, started_at, ended_at, duration_seconds, language, direction, status, created_at, updated_at)
    select ${tenantId}::uuid, x.id, x.title, x.type, x.service, x.service_id, x.started_at, x.ended_at, x.duration_seconds, x.language, x.direction, 'pending', now(), now()
    from json_to_recordset(${JSON.stringify(headers)}::json)
      as x (id text, title text, type text, service uuid, service_id text, started_at timestamptz, ended_at timestamptz, duration_seconds int, language text, direction text)
    order by x.id
    on conflict (tenant_id, id) do update
      set title = excluded.title, type = excluded.type, started_at = excluded.started_at, ended_at = excluded.ended_at,
        duration_seconds = excluded.duration_seconds, language = excluded.language, direction = excluded.direction,
        status = 'pending', processing_error = null, updated_at = now()`.execute(trx);

  const participants = conversations.flatMap((c, i) =>
    c.participants.map((p, k) => ({ id: participantId(ingested[i]!.id, k), conversation_id: ingested[i]!.id, name: p.name, email: p.email, phone: p.phone, role: p.role })),
  );
  const updated = ingested.filter((c) => !c.created).map((c) => c.id);
  // A participant left out of the new version goes; the others keep their id (its position) and CRM match.
  if (updated.length > 0) {
    await sql`
      delete from participants p
      where p.tenant_id = ${tenantId}::uuid and p.conversation_id = any(${updated}::text[])
        and p.id <> all(${participants.map((p) => p.id)}::text[])`.execute(trx);
  }
  if (participants.length > 0) {
    await sql`
      insert into participants (tenant_id, id, conversation_id, name, email, phone, role)
      select ${tenantId}::uuid, x.id, x.conversation_id, x.name, x.email, x.phone, x.role
      from json_to_recordset(${JSON.stringify(participants)}::json) as x (id text, conversation_id text, name text, email text, phone text, role text)
      order by x.id
      on conflict (tenant_id, id) do update set name = excluded.name, email = excluded.email, phone = excluded.phone, role = excluded.role`.execute(trx);
  }
  await wakeProcessing(trx, tenantId);
  return ingested;
}

/** A participant's id: its conversation's and its position in the participants. */
export function participantId(conversationId: string, index: number): string {
  return `${conversationId}-p${index}`;
}

/** Checks and stores one conversation (throws IngestionErrors on bad input); see ingestConversations. */
export async function ingestConversation(trx: Kysely<Database>, tenantId: string, input: ConversationInput): Promise<IngestedConversation> {
  const [ingested] = await ingestConversations(trx, tenantId, [checkConversation(input, { label: 'The conversation', target: (path) => path })]);
  return ingested!;
}
