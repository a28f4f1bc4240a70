/**
 * The one statement that matches a batch of conversations, from the keys
 * match-conversations.ts prepared for their participants, and writes what
 * changed (docs/processing.md, "CRM matching"):
 *
 * 1. A customer participant's contact: the contact whose email equals the
 *    participant's (crm_email_key: case-insensitive), the most recently
 *    updated one when several share it, then the smallest id; else the
 *    contact found by phone (phone-contacts.ts).
 * 2. Its account: the contact's account when that account exists; else the
 *    account whose `domain`, then whose `website`, has the host of the
 *    email's longest matching domain (email-domains.ts), the most recently
 *    updated one, then the smallest id.
 * 3. An internal or agent participant's owner: the Owner with that email,
 *    active ones first, then the most recently updated, then the smallest
 *    id. Internal participants never get a contact; bots get nothing.
 * 4. The conversation's account: the account most of its customer
 *    participants belong to (a plurality); on a tie the one more of them
 *    reached through their contact, then the smallest id.
 * 5. Its opportunity: of that account's open opportunities (is_closed not
 *    true), the one whose close date (else creation date) is closest to
 *    the day the conversation started (else was created), in UTC days; on
 *    a tie the most recently created, then the smallest id.
 * 6. Its owner: the Owner matched by its internal or agent participant
 *    who talked longest (talk_seconds), then the smallest owner id; none
 *    when no such participant has an Owner.
 * 7. Its insights: the conversation's account, and the contact of the
 *    participant whose fragment holds the insight (insightStatement, run
 *    right after).
 *
 * Only rows whose values change are written, so a rematch that finds what
 * is already stored writes nothing: row versions (and so OData delta
 * links) and `updated_at` move only for a real change. Everything is
 * recomputed from scratch: a match whose contact or account is gone, or
 * which a better one now beats, is replaced or cleared.
 */
import { sql, type RawBuilder } from 'kysely';

/** One participant's lookup keys, as the statement reads them from JSON. */
export interface ParticipantKeys {
  readonly id: string;
  readonly conversation_id: string;
  readonly role: string;
  /** crm_email_key of the participant's email, or null. */
  readonly email: string | null;
  /** Candidate domains for an account, longest first; none for free-mail addresses. */
  readonly domains: readonly string[];
  /** The contact found by the participant's phone number, if any (phone-contacts.ts). */
  readonly phone_contact: string | null;
  /** That contact's account, when the account exists. */
  readonly phone_account: string | null;
}

export interface MatchCounts {
  readonly conversations: number;
  readonly participants: number;
  readonly insights: number;
}

export function matchStatement(tenantId: string, conversationIds: readonly string[], participants: readonly ParticipantKeys[]): RawBuilder<{ conversations: string; participants: string }> {
  const t = sql`${tenantId}::uuid`;
  return sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(participants)}::jsonb)
        as x(id text, conversation_id text, role text, email text, domains text[], phone_contact text, phone_account text)
    ), matched as (
      select i.id, i.conversation_id, i.role, coalesce(ec.id, i.phone_contact) as contact_id,
        case when ec.id is null then i.phone_account else ec.account_id end as contact_account_id, da.id as domain_account_id, o.id as owner_id
      from input i
      left join lateral (
        select c.id, a.id as account_id from contacts c
        left join accounts a on a.tenant_id = c.tenant_id and a.id = c.account_id
        where i.role = 'customer' and c.tenant_id = ${t} and crm_email_key(c.email) = i.email
        order by c.updated desc, c.id limit 1
      ) ec on true
      left join lateral (
        select m.id from (
          select a.id, d.depth, 0 as by_website, a.updated from unnest(i.domains) with ordinality as d(host, depth)
          join accounts a on a.tenant_id = ${t} and crm_host(a.domain) = d.host
          union all
          select a.id, d.depth, 1, a.updated from unnest(i.domains) with ordinality as d(host, depth)
          join accounts a on a.tenant_id = ${t} and crm_host(a.website) = d.host
        ) m
        where (case when ec.id is null then i.phone_account else ec.account_id end) is null
        order by m.depth, m.by_website, m.updated desc, m.id limit 1
      ) da on true
      left join lateral (
        select o.id from owners o
        where i.role in ('internal', 'agent') and o.tenant_id = ${t} and crm_email_key(o.email) = i.email
        order by o.is_active is not false desc, o.updated desc, o.id limit 1
      ) o on true
    ), votes as (
      select conversation_id, coalesce(contact_account_id, domain_account_id) as account_id,
        count(*) as participants, count(contact_account_id) as by_contact
      from matched where role = 'customer' and coalesce(contact_account_id, domain_account_id) is not null
      group by 1, 2
    ), chosen as (
      select distinct on (conversation_id) conversation_id, account_id from votes
      order by conversation_id, participants desc, by_contact desc, account_id
    ), host as (
      select distinct on (m.conversation_id) m.conversation_id, m.owner_id from matched m
      join participants p on p.tenant_id = ${t} and p.id = m.id
      where m.owner_id is not null
      order by m.conversation_id, p.talk_seconds desc nulls last, m.owner_id
    ), target as (
      select c.id, ch.account_id, op.id as opportunity_id, h.owner_id
      from conversations c
      left join chosen ch on ch.conversation_id = c.id
      left join host h on h.conversation_id = c.id
      left join lateral (
        select o.id from opportunities o
        where o.tenant_id = ${t} and o.account_id = ch.account_id and o.is_closed is not true
        order by abs(coalesce(o.close_date, (o.created at time zone 'UTC')::date) - (coalesce(c.started_at, c.created_at) at time zone 'UTC')::date) nulls last,
          o.created desc nulls last, o.id
        limit 1
      ) op on true
      where c.tenant_id = ${t} and c.id = any(${conversationIds}::text[])
    ), participants_written as (
      update participants p set contact_id = m.contact_id, owner_id = m.owner_id
      from matched m
      where p.tenant_id = ${t} and p.conversation_id = any(${conversationIds}::text[]) and p.id = m.id
        and (p.contact_id is distinct from m.contact_id or p.owner_id is distinct from m.owner_id)
      returning p.id
    ), conversations_written as (
      update conversations c set account_id = x.account_id, opportunity_id = x.opportunity_id, owner_id = x.owner_id, updated_at = now()
      from target x
      where c.tenant_id = ${t} and c.id = any(${conversationIds}::text[]) and c.id = x.id
        and (c.account_id is distinct from x.account_id or c.opportunity_id is distinct from x.opportunity_id or c.owner_id is distinct from x.owner_id)
      returning c.id
    )
    select (select count(*) from conversations_written) as conversations,
      (select count(*) from participants_written) as participants`;
}

/**
 * Rule 7, after matchStatement has written: each insight of the
 * conversations takes its conversation's account and the contact of its
 * fragment's participant, as stored. A statement of its own, over tables
 * with statistics, because inside matchStatement the join of insights to
 * the participants' new contacts could only go through a CTE whose size the
 * planner cannot know, and it chose a nested loop over it. The
 * conversations are named by id too: on statistics older than the load
 * (a workspace filling up), the planner otherwise hashed every
 * conversation of the tenant to join a batch's insights.
 */
export function insightStatement(tenantId: string, conversationIds: readonly string[]): RawBuilder<{ insights: string }> {
  const t = sql`${tenantId}::uuid`;
  return sql`
    with target as (
      select i.id, c.account_id, p.contact_id
      from insights i
      join conversations c on c.tenant_id = i.tenant_id and c.id = i.conversation_id and c.id = any(${conversationIds}::text[])
      left join fragments f on f.tenant_id = i.tenant_id and f.id = i.fragment_id
      left join participants p on p.tenant_id = f.tenant_id and p.id = f.participant_id and p.conversation_id = i.conversation_id
      where i.tenant_id = ${t} and i.conversation_id = any(${conversationIds}::text[])
        and (i.account_id is distinct from c.account_id or i.contact_id is distinct from p.contact_id)
    ), written as (
      update insights i set account_id = x.account_id, contact_id = x.contact_id
      from target x
      where i.tenant_id = ${t} and i.conversation_id = any(${conversationIds}::text[]) and i.id = x.id
      returning i.id
    )
    select count(*) as insights from written`;
}
