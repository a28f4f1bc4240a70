/**
 * What matchStatement and insightStatement write for a batch in which no
 * participant can match anything (docs/processing.md, "CRM matching"): the
 * workspace has no Contacts, Accounts or Owners to look up, or none of the
 * batch's participants has a key that could find one. Every match of the
 * batch is then null, so this statement only clears the matches that are
 * still set (records deleted since, or set by the conversation's source),
 * without reading the participants' keys, planning the lookups or joining
 * insights to their fragments. Only rows that hold a match are written, as
 * in matchStatement.
 */
import { sql, type RawBuilder } from 'kysely';

export function clearStatement(tenantId: string, conversationIds: readonly string[]): RawBuilder<{ conversations: string; participants: string; insights: string }> {
  const t = sql`${tenantId}::uuid`;
  const ids = sql`${conversationIds}::text[]`;
  return sql`
    with participants_written as (
      update participants p set contact_id = null, owner_id = null
      where p.tenant_id = ${t} and p.conversation_id = any(${ids}) and (p.contact_id is not null or p.owner_id is not null)
      returning p.id
    ), conversations_written as (
      update conversations c set account_id = null, opportunity_id = null, owner_id = null, updated_at = now()
      where c.tenant_id = ${t} and c.id = any(${ids}) and (c.account_id is not null or c.opportunity_id is not null or c.owner_id is not null)
      returning c.id
    ), insights_written as (
      update insights i set account_id = null, contact_id = null
      where i.tenant_id = ${t} and i.conversation_id = any(${ids}) and (i.account_id is not null or i.contact_id is not null)
      returning i.id
    )
    select (select count(*) from conversations_written) as conversations,
      (select count(*) from participants_written) as participants,
      (select count(*) from insights_written) as insights`;
}
