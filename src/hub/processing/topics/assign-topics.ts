/**
 * The pipeline's topic stage (docs/processing.md, "Topics"): in the
 * transaction that stores a batch's insights, each of them is linked to
 * the nearest topic of every model whose filter it passes, from the state
 * of the model's last build (topic-state-cache.ts), so a new insight has
 * its topic when its conversation turns `processed`.
 *
 * - Links are diffed, not rewritten: an insight that keeps its topic
 *   writes nothing, and `insight_count` moves by exactly the links added
 *   and removed.
 * - Insights the batch removed (a conversation posted again with fewer)
 *   lose their links with their counts.
 * - A model that has no state yet (never built) gets a rebuild requested;
 *   one that has doubled since its build, too.
 * - Models are locked `for share`, as the store of a build locks its model
 *   `for update` before replacing links: the two never interleave.
 */
import { sql, type Kysely } from 'kysely';
import { readInsightVectors } from '../embeddings/insight-vectors.ts';
import { insightCondition } from './model-filter.ts';
import { requestRebuild } from './rebuild-queue.ts';
import { assignTopic } from './topic-engine.ts';
import { ensureDefaultModel } from './topic-models.ts';
import { topicState } from './topic-state-cache.ts';

/** Below this many insights a model rebuilds when assignments exceed it, instead of when it has doubled. */
const MIN_REBUILD_GROWTH = 20;

interface ModelRow {
  readonly id: string;
  readonly filter: string | null;
  readonly status: string;
  readonly built_at: Date | null;
  readonly topic_ids: string[] | null;
  readonly built_from: number | null;
  readonly embedding_model: string | null;
}

const defaulted = new Set<string>();

async function moveCounts(trx: Kysely<any>, tenantId: string, deltas: ReadonlyMap<string, number>): Promise<void> {
  const changes = [...deltas].filter(([, d]) => d !== 0).map(([id, delta]) => ({ id, delta }));
  if (changes.length === 0) return;
  await sql`
    update topics t set insight_count = t.insight_count + x.delta, updated_at = now()
    from json_to_recordset(${JSON.stringify(changes)}::json) as x (id text, delta int)
    where t.tenant_id = ${tenantId}::uuid and t.id = x.id`.execute(trx);
}

async function unlinkRemoved(trx: Kysely<any>, tenantId: string, removed: readonly string[]): Promise<void> {
  if (removed.length === 0) return;
  const { rows } = await sql<{ topic_id: string }>`
    delete from insight_topics where tenant_id = ${tenantId}::uuid and insight_id = any(${removed}::text[]) returning topic_id`.execute(trx);
  const deltas = new Map<string, number>();
  for (const { topic_id } of rows) deltas.set(topic_id, (deltas.get(topic_id) ?? 0) - 1);
  await moveCounts(trx, tenantId, deltas);
}

/**
 * The batch's insights that pass a model's filter. A filter that fails on some value (a user's model is theirs to
 * write) must not fail the conversations: inside a savepoint, its failure only leaves this model out of the batch.
 */
async function passingFilter(trx: Kysely<any>, tenantId: string, filter: string, batchIds: readonly string[]): Promise<readonly { id: string }[]> {
  await sql`savepoint topic_filter`.execute(trx);
  try {
    const { rows } = await sql<{ id: string }>`
      select t0.id from insights as t0 where ${insightCondition(filter, tenantId, 't0')} and t0.id = any(${batchIds}::text[])`.execute(trx);
    await sql`release savepoint topic_filter`.execute(trx);
    return rows;
  } catch {
    await sql`rollback to savepoint topic_filter`.execute(trx);
    return [];
  }
}

export async function assignTopics(trx: Kysely<any>, tenantId: string, conversationIds: readonly string[], removedInsights: readonly string[]): Promise<void> {
  if (!defaulted.has(tenantId)) {
    await ensureDefaultModel(trx, tenantId);
    defaulted.add(tenantId);
  }
  const { rows: models } = await sql<ModelRow>`
    select m.id, m.filter, m.status, m.built_at, s.topic_ids, s.built_from, s.embedding_model
    from topic_models m left join topic_model_states s on s.tenant_id = m.tenant_id and s.topic_model_id = m.id
    where m.tenant_id = ${tenantId}::uuid order by m.id for share of m`.execute(trx);
  await unlinkRemoved(trx, tenantId, removedInsights);
  const { rows: insights } = await sql<{ id: string; text: string }>`
    select id, text from insights where tenant_id = ${tenantId}::uuid and conversation_id = any(${conversationIds}::text[]) order by id`.execute(trx);
  if (insights.length === 0) return;
  const batchIds = insights.map((i) => i.id);
  for (const model of models) {
    const passing = model.filter === null ? insights : await passingFilter(trx, tenantId, model.filter, batchIds);
    if (model.topic_ids === null || model.built_at === null) {
      // A build under way reads or assigns these insights itself.
      if (passing.length > 0 && model.status !== 'building') await requestRebuild(trx, tenantId, model.id, 'automatic');
      continue;
    }
    const state = await topicState(trx, tenantId, model.id, model.built_at);
    const texts = new Map(insights.map((i) => [i.id, i.text]));
    const ids = passing.map((p) => p.id);
    const vectors = model.embedding_model === null ? [] : await readInsightVectors(trx, tenantId, model.embedding_model, ids);
    const wanted = new Map<string, string>();
    for (const [k, id] of ids.entries()) {
      const topic = assignTopic(state, texts.get(id)!, vectors[k]);
      if (topic >= 0 && model.topic_ids[topic] !== undefined) wanted.set(id, model.topic_ids[topic]!);
    }
    const { rows: existing } = await sql<{ insight_id: string; topic_id: string }>`
      select insight_id, topic_id from insight_topics
      where tenant_id = ${tenantId}::uuid and insight_id = any(${batchIds}::text[]) and topic_id = any(${model.topic_ids}::text[])`.execute(trx);
    const had = new Map(existing.map((l) => [l.insight_id, l.topic_id]));
    const removed = existing.filter((l) => wanted.get(l.insight_id) !== l.topic_id);
    const added = [...wanted].filter(([insight, topic]) => had.get(insight) !== topic).map(([insight_id, topic_id]) => ({ insight_id, topic_id }));
    const deltas = new Map<string, number>();
    for (const l of removed) deltas.set(l.topic_id, (deltas.get(l.topic_id) ?? 0) - 1);
    for (const l of added) deltas.set(l.topic_id, (deltas.get(l.topic_id) ?? 0) + 1);
    if (removed.length > 0) {
      await sql`
        delete from insight_topics l using json_to_recordset(${JSON.stringify(removed)}::json) as x (insight_id text, topic_id text)
        where l.tenant_id = ${tenantId}::uuid and l.insight_id = x.insight_id and l.topic_id = x.topic_id`.execute(trx);
    }
    if (added.length > 0) {
      await sql`
        insert into insight_topics (tenant_id, insight_id, topic_id)
        select ${tenantId}::uuid, x.insight_id, x.topic_id from json_to_recordset(${JSON.stringify(added)}::json) as x (insight_id text, topic_id text)
          join topics t on t.tenant_id = ${tenantId}::uuid and t.id = x.topic_id`.execute(trx);
    }
    await moveCounts(trx, tenantId, deltas);
    const fresh = added.filter((l) => !had.has(l.insight_id)).length;
    if (fresh === 0) continue;
    const { rows: counted } = await sql<{ assigned_since: number }>`
      update topic_model_states set assigned_since = assigned_since + ${fresh}
      where tenant_id = ${tenantId}::uuid and topic_model_id = ${model.id} returning assigned_since`.execute(trx);
    const assigned = counted[0]?.assigned_since ?? 0;
    if (assigned > Math.max(model.built_from ?? 0, MIN_REBUILD_GROWTH) && model.status !== 'pending' && model.status !== 'building') await requestRebuild(trx, tenantId, model.id, 'growth');
  }
}
