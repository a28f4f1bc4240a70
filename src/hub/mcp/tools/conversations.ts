/** search_conversations and get_conversation, and what the conversation resource reads. */
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { decodeCursor, page } from '../cursor.ts';
import * as input from '../inputs.ts';
import { entityUrl } from '../links.ts';
import { McpErrors } from '../mcp-errors.ts';
import { serviceId, serviceName } from '../services.ts';
import { defineTool, type ToolContext } from '../tool.ts';
import { defineSearchTool } from '../search-tool.ts';

const TYPES = ['call', 'meeting', 'chat', 'email', 'ticket'] as const;

interface ConversationRow {
  id: string;
  title: string | null;
  type: string;
  service: string | null;
  started_at: Date | null;
  duration_seconds: number | null;
  direction: string | null;
  language: string | null;
  status: string;
  summary: string | null;
  sentiment: number | null;
  account_id: string | null;
  account_name: string | null;
  opportunity_id: string | null;
}

const COLUMNS = sql`t.id, t.title, t.type, t.service, t.started_at, t.duration_seconds, t.direction, t.language, t.status, t.summary, t.sentiment, t.account_id, a.name as account_name, t.opportunity_id`;
const ACCOUNT_JOIN = sql`left join accounts a on a.tenant_id = t.tenant_id and a.id = t.account_id`;

export function conversationItem(context: ToolContext, row: ConversationRow) {
  return {
    id: row.id,
    title: row.title,
    type: row.type,
    service: serviceName(row.service),
    started_at: row.started_at?.toISOString() ?? null,
    duration_seconds: row.duration_seconds,
    direction: row.direction,
    language: row.language,
    status: row.status,
    summary: row.summary,
    sentiment: row.sentiment,
    account: row.account_id === null ? null : { id: row.account_id, name: row.account_name, url: entityUrl(context.publicUrl, 'Accounts', row.account_id) },
    opportunity_id: row.opportunity_id,
    url: entityUrl(context.publicUrl, 'Conversations', row.id),
  };
}

export const searchConversations = defineSearchTool({
  name: 'search_conversations',
  title: 'Search conversations',
  description:
    'Find customer conversations (calls, meetings, chats, emails, tickets) by free text in their title and summary, time, account, source service, type or a participant\u2019s email. Without query, the newest first; with it, the best matches first. Each result has the conversation id (for get_conversation) and a url to cite.',
  filters: {
    from: input.from,
    to: input.to,
    account_id: z.string().min(1).max(200).optional().describe('Only conversations matched to this account (an id from search_accounts).'),
    service: z.string().min(1).max(100).optional().describe('Only conversations from this source: a service name (Gong, Zoom, Zendesk, Salesforce, \u2026) or its UUID.'),
    type: z.enum(TYPES).optional().describe('Only this kind of conversation.'),
    participant_email: z.string().min(3).max(320).optional().describe('Only conversations with a participant of this email address.'),
  },
  pageSize: [50, 10],
  key: 'conversations',
  spec: { from: sql`conversations t`, recency: sql`t.started_at desc, t.id desc`, similar: sql`t.title`, select: COLUMNS, joins: ACCOUNT_JOIN },
  conditions(args, context) {
    const conditions: RawBuilder<unknown>[] = [];
    if (args.from) conditions.push(sql`t.started_at >= ${args.from}::timestamptz`);
    if (args.to) conditions.push(sql`t.started_at < ${args.to}::timestamptz`);
    if (args.account_id) conditions.push(sql`t.account_id = ${args.account_id}`);
    if (args.service) conditions.push(sql`t.service = ${serviceId(args.service)}::uuid`);
    if (args.type) conditions.push(sql`t.type = ${args.type}`);
    if (args.participant_email) {
      // Uncorrelated, so that the plan starts from the participants the lookup index finds (a correlated exists was
      // planned as a walk of every conversation probing each one's participants: 10 s on a million conversations).
      conditions.push(sql`t.id in (select p.conversation_id from participants p where p.tenant_id = ${context.tenantId} and crm_email_key(p.email) = crm_email_key(${args.participant_email}))`);
    }
    return conditions;
  },
  item: conversationItem,
});

interface FragmentRow {
  id: string;
  position: number;
  start_ms: string | null;
  end_ms: string | null;
  text: string;
  sentiment: number | null;
  participant_id: string | null;
  speaker: string | null;
  role: string | null;
}

/** One conversation with its participants, insights and one page of its transcript. */
export async function readConversation(context: ToolContext, id: string, transcript: { offset: number; limit: number }) {
  const { db, tenantId, publicUrl } = context;
  const { rows } = await sql<ConversationRow>`select ${COLUMNS} from conversations t ${ACCOUNT_JOIN} where t.tenant_id = ${tenantId} and t.id = ${id}`.execute(db);
  const conversation = rows[0];
  if (!conversation) return undefined;
  const [participants, insights, fragments] = await Promise.all([
    sql<{ id: string; name: string | null; email: string | null; role: string; contact_id: string | null; talk_seconds: number | null }>`
      select id, name, email, role, contact_id, talk_seconds from participants where tenant_id = ${tenantId} and conversation_id = ${id} order by talk_seconds desc nulls last, id limit 100`.execute(db),
    sql<{ id: string; type: string; text: string; sentiment: number | null; importance: number | null; fragment_id: string | null }>`
      select id, type, text, sentiment, importance, fragment_id from insights where tenant_id = ${tenantId} and conversation_id = ${id} order by importance desc nulls last, id limit 50`.execute(db),
    sql<FragmentRow>`
      select f.id, f.position, f.start_ms, f.end_ms, f.text, f.sentiment, f.participant_id, p.name as speaker, p.role
      from fragments f left join participants p on p.tenant_id = f.tenant_id and p.id = f.participant_id
      where f.tenant_id = ${tenantId} and f.conversation_id = ${id} order by f.position limit ${transcript.limit + 1} offset ${transcript.offset}`.execute(db),
  ]);
  return {
    conversation,
    participants: participants.rows.map((p) => ({ ...p, ...(p.contact_id ? { contact_url: entityUrl(publicUrl, 'Contacts', p.contact_id) } : {}) })),
    insights: insights.rows.map((i) => ({ ...i, url: entityUrl(publicUrl, 'Insights', i.id) })),
    fragments: fragments.rows.map((f) => ({ ...f, start_ms: f.start_ms === null ? null : Number(f.start_ms), end_ms: f.end_ms === null ? null : Number(f.end_ms) })),
  };
}

export const getConversation = defineTool({
  name: 'get_conversation',
  title: 'Get a conversation',
  description:
    'One conversation by id: its metadata, account, participants, summary, insights (up to 50, most important first) and its transcript, a page of fragments at a time (speaker, role, time in ms from the start, text). Follow transcript.next_cursor for the rest of a long transcript.',
  input: {
    id: input.id('conversation'),
    transcript_limit: input.limit(500, 100, 'Transcript fragments'),
    cursor: input.cursor,
  },
  async run(context, args) {
    const position = decodeCursor(args, args.cursor);
    const read = await readConversation(context, args.id, { offset: position.offset, limit: args.transcript_limit });
    if (!read) throw McpErrors.MCP_NOT_FOUND(['conversation', args.id]);
    const { items, next_cursor } = page(read.fragments, args.transcript_limit, args, position);
    return {
      ...conversationItem(context, read.conversation),
      participants: read.participants,
      insights: read.insights,
      transcript: { fragments: items, ...(next_cursor ? { next_cursor } : {}) },
    };
  },
});
