/**
 * CRM matching (docs/processing.md, "CRM matching"): links conversations,
 * their participants and their insights to the workspace's Contacts,
 * Accounts, Opportunities and Owners. The rules are in match-statement.ts.
 *
 * Each call recomputes its conversations from scratch and is idempotent;
 * the pipeline calls it as a stage, and the rematch job
 * (rematch-task.ts) after CRM records are imported. A batch takes at most
 * five statements whatever its size: lock the conversations, read their
 * participants, find contacts by phone (only when a customer has a
 * number), one statement that matches and writes conversations and
 * participants, and one that brings their insights along (only when they
 * have some). Where nothing can match, a batch costs less (clear-statement.ts):
 * a workspace without Contacts, Accounts and Owners costs the lock alone
 * (which also tells whether some match is left to clear), and a batch
 * whose participants have no key that the workspace's records could find
 * costs the lock, the participants and one clearing statement. The
 * records are looked for in every call, not cached, so records imported
 * later are matched by the rematch that their import requests, as before.
 * Per conversation, batches are about ten times cheaper than
 * single calls (docs/benchmarks.md, "CRM matching"): the pipeline should
 * match the conversations it processes together in one call.
 *
 * The conversations are locked first (in id order, so two batches never
 * wait on each other in a cycle), and their participants read after the
 * lock: a pipeline run that is still writing a conversation's participants
 * is waited for, so a rematch never writes matches computed from the
 * participants it replaced.
 */
import { sql, type Kysely } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import type { Database } from '../../../platform/db/schema.ts';
import { clearStatement } from './clear-statement.ts';
import { conversationBatches, MATCH_BATCH_SIZE } from './conversation-batches.ts';
import { domainCandidates } from './email-domains.ts';
import { insightStatement, matchStatement, type MatchCounts, type ParticipantKeys } from './match-statement.ts';
import { contactsByPhone } from './phone-contacts.ts';
import { toE164 } from './phone-numbers.ts';

export type { MatchCounts } from './match-statement.ts';

export interface MatchOptions {
  /** PHONE_DEFAULT_REGION: the country of numbers written without a country code. */
  readonly phoneRegion: CountryCode | undefined;
}

export type MatchSelection = { readonly conversationIds: readonly string[] } | { readonly all: true };

interface ParticipantRow {
  readonly id: string;
  readonly conversation_id: string;
  readonly role: string;
  readonly email: string | null;
  readonly host: string | null;
  readonly phone: string | null;
}

const NONE: MatchCounts = { conversations: 0, participants: 0, insights: 0 };

const add = (a: MatchCounts, b: MatchCounts): MatchCounts => ({
  conversations: a.conversations + b.conversations,
  participants: a.participants + b.participants,
  insights: a.insights + b.insights,
});

/** What the workspace has that a participant could be matched to, read with the lock (one round trip). */
interface LockedConversation {
  readonly id: string;
  readonly insights: boolean;
  readonly contacts: boolean;
  readonly accounts: boolean;
  readonly owners: boolean;
  /** Only read when the workspace has no CRM records: whether the conversation, a participant or an insight still holds a match. */
  readonly holds_match: boolean | null;
}

/** Whether a participant has a key that the workspace's records could match (the rules of match-statement.ts). */
function canMatch(keys: ParticipantKeys, crm: LockedConversation): boolean {
  if (keys.role === 'customer') return (crm.contacts && keys.email !== null) || keys.phone_contact !== null || (crm.accounts && keys.domains.length > 0);
  return (keys.role === 'internal' || keys.role === 'agent') && crm.owners && keys.email !== null;
}

async function clear(trx: Kysely<Database>, tenantId: string, conversationIds: readonly string[]): Promise<MatchCounts> {
  const counts = (await clearStatement(tenantId, conversationIds).execute(trx)).rows[0]!;
  return { conversations: Number(counts.conversations), participants: Number(counts.participants), insights: Number(counts.insights) };
}

async function matchBatch(trx: Kysely<Database>, tenantId: string, ids: readonly string[], options: MatchOptions): Promise<MatchCounts> {
  // holds_match is evaluated only in the CASE's branch for a workspace without records (PostgreSQL runs a subplan only when its branch is taken).
  const locked = await sql<LockedConversation>`
    select c.id, crm.contacts, crm.accounts, crm.owners,
      exists (select 1 from insights i where i.tenant_id = c.tenant_id and i.conversation_id = c.id) as insights,
      case when crm.contacts or crm.accounts or crm.owners then null
        else c.account_id is not null or c.opportunity_id is not null or c.owner_id is not null
          or exists (select 1 from participants p where p.tenant_id = c.tenant_id and p.conversation_id = c.id and (p.contact_id is not null or p.owner_id is not null))
          or exists (select 1 from insights i where i.tenant_id = c.tenant_id and i.conversation_id = c.id and (i.account_id is not null or i.contact_id is not null))
      end as holds_match
    from conversations c
    cross join (select exists (select 1 from contacts where tenant_id = ${tenantId}::uuid) as contacts,
      exists (select 1 from accounts where tenant_id = ${tenantId}::uuid) as accounts,
      exists (select 1 from owners where tenant_id = ${tenantId}::uuid) as owners) crm
    where c.tenant_id = ${tenantId}::uuid and c.id = any(${ids}::text[])
    order by c.id for no key update of c`.execute(trx);
  const crm = locked.rows[0];
  if (crm === undefined) return NONE;
  const conversationIds = locked.rows.map((row) => row.id);
  // No records to match: every match is null, and the lock told which conversations still hold one to clear.
  if (!crm.contacts && !crm.accounts && !crm.owners) {
    const holding = locked.rows.filter((row) => row.holds_match).map((row) => row.id);
    return holding.length === 0 ? NONE : clear(trx, tenantId, holding);
  }
  const { rows } = await sql<ParticipantRow>`
    select p.id, p.conversation_id, p.role, crm_email_key(p.email) as email,
      crm_host(substring(p.email from '@([^@]*)$')) as host, p.phone
    from participants p
    where p.tenant_id = ${tenantId}::uuid and p.conversation_id = any(${conversationIds}::text[])`.execute(trx);
  const numbers = new Map(crm.contacts ? rows.filter((row) => row.role === 'customer').map((row) => [row.id, toE164(row.phone, options.phoneRegion)]) : []);
  const byPhone = await contactsByPhone(trx, tenantId, new Set([...numbers.values()].filter((n) => n !== undefined)), options.phoneRegion);
  const keys: ParticipantKeys[] = rows.map((row) => {
    const number = numbers.get(row.id);
    return {
      id: row.id,
      conversation_id: row.conversation_id,
      role: row.role,
      email: row.email,
      domains: row.role === 'customer' ? domainCandidates(row.host) : [],
      phone_contact: (number && byPhone.get(number)?.id) ?? null,
      phone_account: (number && byPhone.get(number)?.account_id) ?? null,
    };
  });
  // Nothing any participant could find: the result is the same as the full statement's, for a fraction of its planning and joins.
  if (!keys.some((k) => canMatch(k, crm))) return clear(trx, tenantId, conversationIds);
  const counts = (await matchStatement(tenantId, conversationIds, keys).execute(trx)).rows[0]!;
  // A conversation without insights yet (matched before its processing, or the rematch's) has none to bring along.
  const insights = locked.rows.some((row) => row.insights) ? Number((await insightStatement(tenantId, conversationIds).execute(trx)).rows[0]!.insights) : 0;
  return { conversations: Number(counts.conversations), participants: Number(counts.participants), insights };
}

/**
 * Matches the selected conversations of one tenant (ids of other tenants,
 * and unknown ids, are ignored) and returns how many rows changed. `trx`
 * should be a transaction: the lock taken on each batch holds until it
 * ends. `{ all: true }` walks the tenant in batches within that one
 * transaction; the rematch job gives each batch its own instead.
 */
export async function matchConversations(trx: Kysely<Database>, tenantId: string, selection: MatchSelection, options: MatchOptions): Promise<MatchCounts> {
  let total = NONE;
  if ('all' in selection) {
    for await (const ids of conversationBatches(trx, tenantId, MATCH_BATCH_SIZE)) total = add(total, await matchBatch(trx, tenantId, ids, options));
    return total;
  }
  for (let i = 0; i < selection.conversationIds.length; i += MATCH_BATCH_SIZE) {
    total = add(total, await matchBatch(trx, tenantId, [...new Set(selection.conversationIds.slice(i, i + MATCH_BATCH_SIZE))], options));
  }
  return total;
}

/** matchConversations for one conversation: the pipeline's stage. */
export function matchConversation(trx: Kysely<Database>, tenantId: string, conversationId: string, options: MatchOptions): Promise<MatchCounts> {
  return matchConversations(trx, tenantId, { conversationIds: [conversationId] }, options);
}
