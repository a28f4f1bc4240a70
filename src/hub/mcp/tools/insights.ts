/** search_insights: what customers said, by kind, topic, account, time and sentiment. */
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import * as input from '../inputs.ts';
import { entityUrl } from '../links.ts';
import type { ToolContext } from '../tool.ts';
import { defineSearchTool } from '../search-tool.ts';

export const INSIGHT_TYPES = ['feature_request', 'pain_point', 'bug', 'question', 'objection', 'pricing', 'churn_risk', 'competitor', 'praise'] as const;

/** docs/processing.md ("Analysis: sentiment"): scores from -1 to 1, neutral below 0.05 either way. */
const SENTIMENT: Readonly<Record<'positive' | 'negative' | 'neutral', RawBuilder<unknown>>> = {
  positive: sql`t.sentiment >= 0.05`,
  negative: sql`t.sentiment <= -0.05`,
  neutral: sql`abs(t.sentiment) < 0.05`,
};

export interface InsightRow {
  id: string;
  type: string;
  text: string;
  summary: string | null;
  sentiment: number | null;
  importance: number | null;
  created_at: Date;
  conversation_id: string;
  conversation_title: string | null;
  said_at: Date | null;
  account_id: string | null;
  account_name: string | null;
  contact_id: string | null;
}

export const INSIGHT_COLUMNS = sql`t.id, t.type, t.text, t.summary, t.sentiment, t.importance, t.created_at, t.conversation_id, c.title as conversation_title, c.started_at as said_at, t.account_id, a.name as account_name, t.contact_id`;
export const INSIGHT_JOINS = sql`left join conversations c on c.tenant_id = t.tenant_id and c.id = t.conversation_id left join accounts a on a.tenant_id = t.tenant_id and a.id = t.account_id`;

export function insightItem(context: ToolContext, row: InsightRow) {
  const { publicUrl } = context;
  return {
    id: row.id,
    type: row.type,
    text: row.text,
    summary: row.summary,
    sentiment: row.sentiment,
    importance: row.importance,
    said_at: row.said_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    conversation: { id: row.conversation_id, title: row.conversation_title, url: entityUrl(publicUrl, 'Conversations', row.conversation_id) },
    account: row.account_id === null ? null : { id: row.account_id, name: row.account_name, url: entityUrl(publicUrl, 'Accounts', row.account_id) },
    contact_id: row.contact_id,
    url: entityUrl(publicUrl, 'Insights', row.id),
  };
}

export const searchInsights = defineSearchTool({
  name: 'search_insights',
  title: 'Search insights',
  description:
    'Find insights: the sentences of customer conversations that matter (feature requests, pain points, bugs, questions, objections, pricing remarks, churn risks, competitor mentions, praise), by free text, type, topic, account, time (when the conversation took place) and sentiment. Each result quotes the customer, with the conversation and account it came from and urls to cite.',
  filters: {
    type: z.enum(INSIGHT_TYPES).optional().describe('Only insights of this type.'),
    topic_id: z.string().min(1).max(200).optional().describe('Only insights of this topic (an id from list_topics).'),
    account_id: z.string().min(1).max(200).optional().describe('Only insights from conversations with this account.'),
    from: input.from,
    to: input.to,
    sentiment: z.enum(['positive', 'negative', 'neutral']).optional().describe('Only insights said with this sentiment.'),
  },
  pageSize: [50, 10],
  key: 'insights',
  spec: {
    from: sql`insights t`,
    recency: sql`t.created_at desc, t.id desc`,
    similar: sql`t.text`,
    select: INSIGHT_COLUMNS,
    joins: INSIGHT_JOINS,
    vectors: sql`insight_embeddings e on e.tenant_id = t.tenant_id and e.insight_id = t.id`,
  },
  conditions(args) {
    const conditions: RawBuilder<unknown>[] = [];
    if (args.type) conditions.push(sql`t.type = ${args.type}`);
    if (args.topic_id) conditions.push(sql`exists (select 1 from insight_topics it where it.tenant_id = t.tenant_id and it.topic_id = ${args.topic_id} and it.insight_id = t.id)`);
    if (args.account_id) conditions.push(sql`t.account_id = ${args.account_id}`);
    // When it was said: the conversation's start (an insight's created_at is when processing found it).
    if (args.from) conditions.push(sql`exists (select 1 from conversations c where c.tenant_id = t.tenant_id and c.id = t.conversation_id and c.started_at >= ${args.from}::timestamptz)`);
    if (args.to) conditions.push(sql`exists (select 1 from conversations c where c.tenant_id = t.tenant_id and c.id = t.conversation_id and c.started_at < ${args.to}::timestamptz)`);
    if (args.sentiment) conditions.push(SENTIMENT[args.sentiment]);
    return conditions;
  },
  item: insightItem,
});
