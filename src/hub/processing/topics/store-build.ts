/**
 * A finished build written in one transaction (docs/processing.md,
 * "Topics"): the model's topics and links are replaced, so readers see the
 * old topics or the new ones, never a mix.
 *
 * - **Stable ids.** A new topic takes the id of the old topic it overlaps
 *   most (Jaccard index of their insights ≥ MATCH_JACCARD, greedily, best
 *   pair first); others get a new one (`<model>-t<n>`). A theme that
 *   survives a rebuild keeps its id, so links to it stay valid.
 * - **Links diffed:** only the links that change are deleted and
 *   inserted, as assignment does; a rebuild that keeps most insights in
 *   their topics writes little (and OData delta links see only the change).
 * - **Insights that arrived during the build** (created after its read
 *   began) are assigned with the new state, in this transaction, so none
 *   is left without the topic the pipeline would have given it. Insights
 *   deleted meanwhile get no link.
 * - The model row is locked first (`for update`), as the pipeline's
 *   assignment locks it (`for share`) before it writes links: the two never
 *   interleave.
 */
import { sql, type Kysely } from 'kysely';
import type { WorkerBuild } from './build-in-worker.ts';
import { readInsightVectors } from '../embeddings/insight-vectors.ts';
import { insightCondition } from './model-filter.ts';
import { assignTopic, decodeTopicState } from './topic-engine.ts';

const MATCH_JACCARD = 0.3;
const CHUNK = 50_000;

export interface StoredBuild {
  readonly topics: number;
  readonly linked: number;
}

interface Overlap {
  readonly topic: number;
  readonly topic_id: string;
  readonly shared: number;
}

/** Old topic ids for the new topics: greedy best-Jaccard matching, new ids for the rest. */
export function carryTopicIds(
  modelId: string,
  sizes: readonly number[],
  old: ReadonlyMap<string, number>,
  overlaps: readonly Overlap[],
  nextTopic: number,
): { ids: string[]; nextTopic: number } {
  const ids = new Array<string | undefined>(sizes.length);
  const taken = new Set<string>();
  const scored = overlaps
    .map((o) => ({ ...o, jaccard: o.shared / (sizes[o.topic]! + (old.get(o.topic_id) ?? 0) - o.shared) }))
    .filter((o) => o.jaccard >= MATCH_JACCARD)
    .sort((a, b) => b.jaccard - a.jaccard || a.topic - b.topic || a.topic_id.localeCompare(b.topic_id));
  for (const o of scored) {
    if (ids[o.topic] !== undefined || taken.has(o.topic_id)) continue;
    ids[o.topic] = o.topic_id;
    taken.add(o.topic_id);
  }
  let next = nextTopic;
  return { ids: Array.from(ids, (id) => id ?? `${modelId}-t${next++}`), nextTopic: next };
}

export async function storeBuild(
  trx: Kysely<any>,
  tenantId: string,
  model: { readonly id: string; readonly filter: string | null },
  ids: Pick<readonly string[], 'length' | 'at'>,
  build: WorkerBuild,
  readStarted: Date,
  embeddingModel: string | null,
): Promise<StoredBuild | null> {
  const { rows: locked } = await sql`select 1 from topic_models where tenant_id = ${tenantId}::uuid and id = ${model.id} for update`.execute(trx);
  if (locked.length === 0) return null;
  const { rows: states } = await sql<{ next_topic: number }>`
    select next_topic from topic_model_states where tenant_id = ${tenantId}::uuid and topic_model_id = ${model.id}`.execute(trx);
  const { rows: oldTopics } = await sql<{ id: string; insight_count: number }>`
    select id, insight_count from topics where tenant_id = ${tenantId}::uuid and topic_model_id = ${model.id}`.execute(trx);
  const oldIds = oldTopics.map((t) => t.id);

  await sql`create temporary table build_links (insight_id text primary key, topic int not null) on commit drop`.execute(trx);
  const sizes = new Array<number>(build.topics.length).fill(0);
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunkIds: string[] = [];
    const chunkTopics: number[] = [];
    for (let i = start; i < Math.min(ids.length, start + CHUNK); i++) {
      const topic = build.assignment[i]!;
      if (topic < 0) continue;
      sizes[topic]!++;
      chunkIds.push(ids.at(i)!);
      chunkTopics.push(topic);
    }
    if (chunkIds.length > 0) await sql`insert into build_links select * from unnest(${chunkIds}::text[], ${chunkTopics}::int[])`.execute(trx);
  }
  await sql`analyze build_links`.execute(trx);
  const { rows: overlaps } = oldIds.length === 0 ? { rows: [] as Overlap[] } : await sql<Overlap>`
    select b.topic, l.topic_id, count(*)::int as shared
    from build_links b join insight_topics l on l.tenant_id = ${tenantId}::uuid and l.insight_id = b.insight_id
    where l.topic_id = any(${oldIds}::text[])
    group by 1, 2`.execute(trx);
  const carried = carryTopicIds(model.id, sizes, new Map(oldTopics.map((t) => [t.id, t.insight_count])), overlaps, states[0]?.next_topic ?? 0);

  if (oldIds.length > 0) {
    await sql`
      delete from insight_topics l where l.tenant_id = ${tenantId}::uuid and l.topic_id = any(${oldIds}::text[])
        and not exists (select 1 from build_links b where b.insight_id = l.insight_id and (${carried.ids}::text[])[b.topic + 1] = l.topic_id)`.execute(trx);
  }
  const kept = new Set(carried.ids);
  const gone = oldIds.filter((id) => !kept.has(id));
  if (gone.length > 0) await sql`delete from topics where tenant_id = ${tenantId}::uuid and id = any(${gone}::text[])`.execute(trx);
  const topicRows = build.topics.map((t, k) => ({ id: carried.ids[k]!, name: t.name, description: t.description, keywords: t.keywords }));
  if (topicRows.length > 0) {
    await sql`
      insert into topics as t (tenant_id, id, topic_model_id, name, description, keywords, insight_count, created_at, updated_at)
      select ${tenantId}::uuid, x.id, ${model.id}, x.name, x.description, array(select json_array_elements_text(x.keywords)), 0, now(), now()
      from json_to_recordset(${JSON.stringify(topicRows)}::json) as x (id text, name text, description text, keywords json)
      on conflict (tenant_id, id) do update set name = excluded.name, description = excluded.description, keywords = excluded.keywords, updated_at = now()`.execute(trx);
  }
  await sql`
    insert into insight_topics (tenant_id, insight_id, topic_id)
    select ${tenantId}::uuid, b.insight_id, (${carried.ids}::text[])[b.topic + 1] from build_links b
    where exists (select 1 from insights i where i.tenant_id = ${tenantId}::uuid and i.id = b.insight_id)
    on conflict do nothing`.execute(trx);

  const { rows: arrived } = await sql<{ id: string; text: string }>`
    select t0.id, t0.text from insights as t0
    where ${insightCondition(model.filter, tenantId, 't0')} and t0.created_at >= ${readStarted}
      and not exists (select 1 from build_links b where b.insight_id = t0.id)`.execute(trx);
  if (arrived.length > 0) {
    const state = decodeTopicState(build.state);
    const vectors = embeddingModel === null ? [] : await readInsightVectors(trx, tenantId, embeddingModel, arrived.map((row) => row.id));
    const links = arrived.map((row, i) => ({ insight_id: row.id, topic: assignTopic(state, row.text, vectors[i]) })).filter((l) => l.topic >= 0);
    if (links.length > 0) {
      await sql`
        insert into insight_topics (tenant_id, insight_id, topic_id)
        select ${tenantId}::uuid, x.insight_id, (${carried.ids}::text[])[x.topic + 1]
        from json_to_recordset(${JSON.stringify(links)}::json) as x (insight_id text, topic int)`.execute(trx);
    }
  }

  // Counted from the links written, so the counts are exact whatever happened to insights during the build.
  await sql`
    update topics t set insight_count = coalesce(c.n, 0)
    from (select id from unnest(${carried.ids}::text[]) as id) k
      left join (select topic_id, count(*)::int as n from insight_topics where tenant_id = ${tenantId}::uuid and topic_id = any(${carried.ids}::text[]) group by 1) c on c.topic_id = k.id
    where t.tenant_id = ${tenantId}::uuid and t.id = k.id`.execute(trx);

  await sql`
    insert into topic_model_states (tenant_id, topic_model_id, state, topic_ids, next_topic, built_from, assigned_since, embedding_model)
    values (${tenantId}::uuid, ${model.id}, ${build.state}, ${carried.ids}::text[], ${carried.nextTopic}, ${ids.length}, 0, ${embeddingModel})
    on conflict (tenant_id, topic_model_id) do update
      set state = excluded.state, topic_ids = excluded.topic_ids, next_topic = excluded.next_topic, built_from = excluded.built_from, assigned_since = 0,
        embedding_model = excluded.embedding_model`.execute(trx);
  await sql`
    update topic_models set status = 'ready', built_at = now(), error = null, updated_at = now()
    where tenant_id = ${tenantId}::uuid and id = ${model.id}`.execute(trx);
  const { rows: counted } = await sql<{ topics: number; linked: number }>`
    select count(*)::int as topics, coalesce(sum(insight_count), 0)::int as linked from topics
    where tenant_id = ${tenantId}::uuid and topic_model_id = ${model.id}`.execute(trx);
  return counted[0]!;
}
