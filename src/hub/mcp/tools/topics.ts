/** list_topics and get_topic: the topic models' themes, how often they come up and how that moves. */
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import * as input from '../inputs.ts';
import { entityUrl } from '../links.ts';
import { McpErrors } from '../mcp-errors.ts';
import { defineTool, type ToolContext } from '../tool.ts';
import { defineSearchTool } from '../search-tool.ts';
import { INSIGHT_COLUMNS, INSIGHT_JOINS, insightItem, type InsightRow } from './insights.ts';

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
    'One topic by id: its name, keywords and topic model, its insights counted by type and by sentiment, the trend (insights per ISO week, by when their conversations took place, over the weeks up to the latest), and example insights (the most important ones) with the conversations they came from.',
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
    const linked = sql`insights i join insight_topics it on it.tenant_id = i.tenant_id and it.insight_id = i.id and it.topic_id = ${args.id} where i.tenant_id = ${tenantId}`;
    const [byType, trend, examples] = await Promise.all([
      sql<{ type: string; insights: string; positive: string; negative: string }>`
        select i.type, count(*) as insights, count(*) filter (where i.sentiment >= 0.05) as positive, count(*) filter (where i.sentiment <= -0.05) as negative
        from ${linked} group by i.type order by count(*) desc`.execute(db),
      // Weeks of the conversations the insights come from: when customers said it, not when it was processed.
      sql<{ week: Date; insights: string }>`
        with said as (select date_trunc('week', c.started_at) as week from insights i join insight_topics it on it.tenant_id = i.tenant_id and it.insight_id = i.id and it.topic_id = ${args.id}
          join conversations c on c.tenant_id = i.tenant_id and c.id = i.conversation_id where i.tenant_id = ${tenantId} and c.started_at is not null),
        weeks as (select generate_series(max(week) - make_interval(weeks => ${args.weeks - 1}), max(week), interval '1 week') as week from said having max(week) is not null),
        counted as (select week, count(*) as insights from said where week >= (select min(week) from weeks) group by week)
        select weeks.week, coalesce(counted.insights, 0) as insights from weeks left join counted using (week) order by weeks.week`.execute(db),
      sql<InsightRow>`
        select ${INSIGHT_COLUMNS} from (select i.* from ${linked} order by i.importance desc nulls last, i.id limit ${args.examples}) t ${INSIGHT_JOINS}
        order by t.importance desc nulls last, t.id`.execute(db),
    ]);
    return {
      ...topicItem(context, topic),
      by_type: byType.rows.map((r) => ({ type: r.type, insights: Number(r.insights), positive: Number(r.positive), negative: Number(r.negative) })),
      trend: trend.rows.map((r) => ({ week: r.week.toISOString().slice(0, 10), insights: Number(r.insights) })),
      examples: examples.rows.map((row) => insightItem(context, row)),
    };
  },
});
