/** search_contacts and get_contact: the CRM's people, with their conversations. */
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import * as input from '../inputs.ts';
import { entityUrl } from '../links.ts';
import { McpErrors } from '../mcp-errors.ts';
import { defineTool, type ToolContext } from '../tool.ts';
import { defineSearchTool } from '../search-tool.ts';
import { conversationItem } from './conversations.ts';

interface ContactRow {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  title: string | null;
  department: string | null;
  region: string | null;
  account_id: string | null;
  account_name: string | null;
}

const COLUMNS = sql`t.id, t.first_name, t.last_name, t.email, t.phone, t.title, t.department, t.region, t.account_id, a.name as account_name`;
const ACCOUNT_JOIN = sql`left join accounts a on a.tenant_id = t.tenant_id and a.id = t.account_id`;

function contactItem(context: ToolContext, row: ContactRow) {
  const { account_id, account_name, ...fields } = row;
  return {
    ...fields,
    account: account_id === null ? null : { id: account_id, name: account_name, url: entityUrl(context.publicUrl, 'Accounts', account_id) },
    url: entityUrl(context.publicUrl, 'Contacts', row.id),
  };
}

export const searchContacts = defineSearchTool({
  name: 'search_contacts',
  title: 'Search contacts',
  description:
    'Find CRM contacts (people at customer and prospect companies) by free text in their name, email and job title, or those of one account; the most recently updated first without query. Each has an id for get_contact.',
  filters: {
    account_id: z.string().min(1).max(200).optional().describe('Only contacts of this account.'),
  },
  pageSize: [50, 10],
  key: 'contacts',
  spec: { from: sql`contacts t`, recency: sql`t.updated desc, t.id desc`, similar: sql`(coalesce(t.first_name, '') || ' ' || coalesce(t.last_name, ''))`, select: COLUMNS, joins: ACCOUNT_JOIN },
  conditions(args) {
    const conditions: RawBuilder<unknown>[] = [];
    if (args.account_id) conditions.push(sql`t.account_id = ${args.account_id}`);
    return conditions;
  },
  item: contactItem,
});

export const getContact = defineTool({
  name: 'get_contact',
  title: 'Get a contact',
  description: 'One CRM contact by id: their fields (standard and additional), account, how many conversations they took part in, and the five latest of them.',
  input: { id: input.id('contact') },
  async run(context, args) {
    const { db, tenantId } = context;
    const { rows } = await sql<ContactRow & { additional_fields: Record<string, unknown> }>`
      select ${COLUMNS}, t.additional_fields from contacts t ${ACCOUNT_JOIN} where t.tenant_id = ${tenantId} and t.id = ${args.id}`.execute(db);
    const contact = rows[0];
    if (!contact) throw McpErrors.MCP_NOT_FOUND(['contact', args.id]);
    const of = sql`conversations t join (select distinct conversation_id from participants where tenant_id = ${tenantId} and contact_id = ${args.id}) p on p.conversation_id = t.id
      left join accounts a on a.tenant_id = t.tenant_id and a.id = t.account_id where t.tenant_id = ${tenantId}`;
    const [count, recent] = await Promise.all([
      sql<{ n: string }>`select count(*) as n from ${of}`.execute(db),
      sql<Parameters<typeof conversationItem>[1]>`
        select t.id, t.title, t.type, t.service, t.started_at, t.duration_seconds, t.direction, t.language, t.status, t.summary, t.sentiment, t.account_id, a.name as account_name, t.opportunity_id
        from ${of} order by t.started_at desc nulls last, t.id desc limit 5`.execute(db),
    ]);
    return {
      ...contactItem(context, contact),
      additional_fields: contact.additional_fields,
      conversation_count: Number(count.rows[0]!.n),
      recent_conversations: recent.rows.map((row) => conversationItem(context, row)),
    };
  },
});
