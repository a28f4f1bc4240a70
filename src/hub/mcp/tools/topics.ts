/** list_topics and get_topic: the topic models' themes, how often they come up and how that moves. */
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import * as input from '../inputs.ts';
import { entityUrl } from '../links.ts';
import { McpErrors } from '../mcp-errors.ts';
import { defineTool, type ToolContext } from '../tool.ts';
import { defineSearchTool } from '../search-tool.ts';
import { INSIGHT_COLUMNS, INSIGHT_JOINS, insightItem, type InsightRow } from './insights.ts';

/** The most links get_topic reads for its counts, trend and examples: each call's cost stays bounded on a topic of a million insights. */
export const COUNTED = 5_000;

interface TopicRow {
  id: string;
  name: string;
  description: string | null;
  keywords: string[] | null;
  insight_count: number;
  topic_model_id: string;
  topic_model_name: string | null;
}

const COLUMNS = sql`t.id, t.name, t.description, t.keywords, t.insight_count, t.topic_model_id, m.name as topic_model_name`;
const MODEL_JOIN = sql`left join topic_models m on m.tenant_id = t.tenant_id and m.id = t.topic_model_id`;

function topicItem(context: ToolContext, row: TopicRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    keywords: row.keywords ?? [],
    insight_count: row.insight_count,
    topic_model: { id: row.topic_model_id, name: row.topic_model_name, url: entityUrl(context.publicUrl, 'TopicModels', row.topic_model_id) },
    url: entityUrl(context.publicUrl, 'Topics', row.id),
  };
}

export const listTopics = defineSearchTool({
  name: 'list_topics',
  title: 'List topics',
  description:
    'The topics that insights are grouped into by the workspace\u2019s topic models (themes customers keep raising), the largest first, or those matching free text in their name and description. Each has its insight count, its keywords and an id for get_topic and for search_insights\u2019 topic_id.',
  filters: {
    topic_model_id: z.string().min(1).max(200).optional().describe('Only topics of this topic model.'),
  },
  pageSize: [100, 20],
  key: 'topics',
  spec: { from: sql`topics t`, recency: sql`t.insight_count desc, t.id`, similar: sql`t.name`, select: COLUMNS, joins: MODEL_JOIN },
  conditions(args) {
    const conditions: RawBuilder<unknown>[] = [];
    if (args.topic_model_id) conditions.push(sql`t.topic_model_id = ${args.topic_model_id}`);
    return conditions;
  },
  item: topicItem,
});

export const getTopic = defineTool({
  name: 'get_topic',
  title: 'Get a topic',
  description:
    'One topic by id: its name, keywords and topic model, its insights counted by type and by sentiment, the trend (insights per ISO week, by when their conversations took place, over the weeks up to the latest), and example insights (the most important ones) with the conversations they came from. A topic of more than 5,000 insights is counted on 5,000 of them (counted_insights says how many).',
  input: {
    id: input.id('topic'),
    weeks: z.number().int().min(1).max(104).default(12).describe('Weeks of trend, up to the week of the topic\u2019s latest insight (default 12).'),
    examples: z.number().int().min(0).max(20).default(5).describe('Example insights to include (default 5).'),
  },
  async run(context, args) {
    const { db, tenantId } = context;
    const { rows } = await sql<TopicRow>`select ${COLUMNS} from topics t ${MODEL_JOIN} where t.tenant_id = ${tenantId} and t.id = ${args.id}`.execute(db);
    const topic = rows[0];
    if (!topic) throw McpErrors.MCP_NOT_FOUND(['topic', args.id]);
    // One pass over the topic's links (at most COUNTED of them, through the (tenant_id, topic_id) index), the
    // insights and their conversations, for the counts, the trend (by when the conversation took place, not when
    // processing found the insight) and the examples' ids.
    const { rows: [counted] } = await sql<{ counted: number; by_type: { type: string; insights: number; positive: number; negative: number }[] | null; trend: { week: string; insights: number }[] | null; examples: string[] | null }>`
      with linked as materialized (
        select i.id, i.type, i.sentiment, i.importance, date_trunc('week', c.started_at) as week
        from (select insight_id from insight_topics where tenant_id = ${tenantId} and topic_id = ${args.id} limit ${COUNTED}) it
        join insights i on i.tenant_id = ${tenantId} and i.id = it.insight_id
        left join conversations c on c.tenant_id = i.tenant_id and c.id = i.conversation_id),
      weeks as (select generate_series(max(week) - make_interval(weeks => ${args.weeks - 1}), max(week), interval '1 week') as week from linked having max(week) is not null)
      select (select count(*)::int from linked) as counted,
        (select json_agg(t order by t.insights desc, t.type) from (select type, count(*)::int as insights, (count(*) filter (where sentiment >= 0.05))::int as positive, (count(*) filter (where sentiment <= -0.05))::int as negative from linked group by type) t) as by_type,
        (select json_agg(json_build_object('week', to_char(w.week, 'YYYY-MM-DD'), 'insights', (select count(*)::int from linked l where l.week = w.week)) order by w.week) from weeks w) as trend,
        (select array_agg(id) from (select id from linked order by importance desc nulls last, id limit ${args.examples}) e) as examples`.execute(db);
    const { rows: examples } = await sql<InsightRow>`
      select ${INSIGHT_COLUMNS} from insights t ${INSIGHT_JOINS} where t.tenant_id = ${tenantId} and t.id = any(${counted!.examples ?? []}) order by t.importance desc nulls last, t.id`.execute(db);
    return {
      ...topicItem(context, topic),
      // Above COUNTED links, the figures are those of a sample of COUNTED of them.
      counted_insights: counted!.counted,
      by_type: counted!.by_type ?? [],
      trend: counted!.trend ?? [],
      examples: examples.map((row) => insightItem(context, row)),
    };
  },
});
