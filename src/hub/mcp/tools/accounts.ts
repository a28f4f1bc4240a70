/** search_accounts and get_account: the CRM's companies, with what the conversations say of them. */
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import * as input from '../inputs.ts';
import { entityUrl } from '../links.ts';
import { McpErrors } from '../mcp-errors.ts';
import { defineTool, type ToolContext } from '../tool.ts';
import { defineSearchTool } from '../search-tool.ts';
import { conversationItem } from './conversations.ts';

interface AccountRow {
  id: string;
  name: string | null;
  website: string | null;
  domain: string | null;
  industry: string | null;
  annual_revenue: string | null;
  number_of_employees: number | null;
  region: string | null;
  country: string | null;
  owner_id: string | null;
  owner_name: string | null;
}

const COLUMNS = sql`t.id, t.name, t.website, t.domain, t.industry, t.annual_revenue, t.number_of_employees, t.region, t.country, t.owner_id, nullif(btrim(concat_ws(' ', o.first_name, o.last_name)), '') as owner_name`;
const OWNER_JOIN = sql`left join owners o on o.tenant_id = t.tenant_id and o.id = t.owner_id`;

function accountItem(context: ToolContext, row: AccountRow) {
  return {
    ...row,
    annual_revenue: row.annual_revenue === null ? null : Number(row.annual_revenue),
    url: entityUrl(context.publicUrl, 'Accounts', row.id),
  };
}

export const searchAccounts = defineSearchTool({
  name: 'search_accounts',
  title: 'Search accounts',
  description:
    'Find CRM accounts (customer and prospect companies) by free text in their name, website, domain and industry, or by industry, region and country; the most recently updated first without query. Each has an id for get_account and for the account_id filters of the other tools.',
  filters: {
    industry: z.string().min(1).max(200).optional().describe('Only accounts of this industry (exact, case-insensitive).'),
    region: z.string().min(1).max(200).optional().describe('Only accounts of this region (exact, case-insensitive).'),
    country: z.string().min(1).max(200).optional().describe('Only accounts of this country (exact, case-insensitive).'),
  },
  pageSize: [50, 10],
  key: 'accounts',
  spec: { from: sql`accounts t`, recency: sql`t.updated desc, t.id desc`, similar: sql`t.name`, select: COLUMNS, joins: OWNER_JOIN },
  conditions(args) {
    const conditions: RawBuilder<unknown>[] = [];
    if (args.industry) conditions.push(sql`lower(t.industry) = lower(${args.industry})`);
    if (args.region) conditions.push(sql`lower(t.region) = lower(${args.region})`);
    if (args.country) conditions.push(sql`lower(t.country) = lower(${args.country})`);
    return conditions;
  },
  item: accountItem,
});

/** One account with its CRM fields, counts, open opportunities and latest conversations. */
export async function readAccount(context: ToolContext, id: string) {
  const { db, tenantId, publicUrl } = context;
  const { rows } = await sql<AccountRow & { additional_fields: Record<string, unknown> }>`
    select ${COLUMNS}, t.additional_fields from accounts t ${OWNER_JOIN} where t.tenant_id = ${tenantId} and t.id = ${id}`.execute(db);
  const account = rows[0];
  if (!account) return undefined;
  const [counts, opportunities, conversations] = await Promise.all([
    sql<{ conversations: string; last_conversation_at: Date | null; insights: string; contacts: string }>`
      select (select count(*) from conversations where tenant_id = ${tenantId} and account_id = ${id}) as conversations,
             (select max(started_at) from conversations where tenant_id = ${tenantId} and account_id = ${id}) as last_conversation_at,
             (select count(*) from insights where tenant_id = ${tenantId} and account_id = ${id}) as insights,
             (select count(*) from contacts where tenant_id = ${tenantId} and account_id = ${id}) as contacts`.execute(db),
    sql<{ id: string; name: string | null; stage: string | null; amount: string | null; currency: string | null; close_date: Date | null; probability: number | null }>`
      select id, name, stage, amount, currency, close_date, probability from opportunities
      where tenant_id = ${tenantId} and account_id = ${id} and is_closed is not true order by close_date nulls last, id limit 50`.execute(db),
    sql<Parameters<typeof conversationItem>[1]>`
      select t.id, t.title, t.type, t.service, t.started_at, t.duration_seconds, t.direction, t.language, t.status, t.summary, t.sentiment, t.account_id, ${account.name}::text as account_name, t.opportunity_id
      from conversations t where t.tenant_id = ${tenantId} and t.account_id = ${id} order by t.started_at desc nulls last, t.id desc limit 5`.execute(db),
  ]);
  const count = counts.rows[0]!;
  const open = opportunities.rows.map((o) => ({ ...o, amount: o.amount === null ? null : Number(o.amount), close_date: o.close_date?.toISOString().slice(0, 10) ?? null, url: entityUrl(publicUrl, 'Opportunities', o.id) }));
  const totals = new Map<string, number>();
  for (const o of open) if (o.amount !== null) totals.set(o.currency ?? '', (totals.get(o.currency ?? '') ?? 0) + o.amount);
  return {
    ...accountItem(context, account),
    additional_fields: account.additional_fields,
    conversation_count: Number(count.conversations),
    last_conversation_at: count.last_conversation_at?.toISOString() ?? null,
    insight_count: Number(count.insights),
    contact_count: Number(count.contacts),
    open_opportunities: open,
    open_amount_by_currency: Object.fromEntries(totals),
    recent_conversations: conversations.rows.map((row) => conversationItem(context, row)),
  };
}

export const getAccount = defineTool({
  name: 'get_account',
  title: 'Get an account',
  description:
    'One CRM account by id: its fields (standard and additional), owner, how many conversations, insights and contacts it has, its open opportunities with their amounts (and the total per currency), and its five latest conversations.',
  input: { id: input.id('account') },
  async run(context, args) {
    const account = await readAccount(context, args.id);
    if (!account) throw McpErrors.MCP_NOT_FOUND(['account', args.id]);
    return account;
  },
});
