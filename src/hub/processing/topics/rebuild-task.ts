/**
 * The topic jobs (docs/processing.md, "Topics"):
 *
 * - `topics:rebuild` runs one rebuild (rebuild-topics.ts) for the model it
 *   names; requested by the API, by the pipeline when a model has no state
 *   yet or has doubled since its build, and by the schedule.
 * - `topics:refresh`, hourly (graphile-worker cron, one run across all
 *   processes), requests a rebuild of every model whose insights changed by
 *   more than REFRESH_SHARE since its build, or that was never built and
 *   has insights, or whose last build is older than a day and saw new
 *   insights since. The counts are the models' filters run as `count(*)`,
 *   at most one tenant's models per statement.
 */
import { parseCronItems, type Task } from 'graphile-worker';
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.ts';
import { insightCondition } from './model-filter.ts';
import { REBUILD_TASK, requestRebuild } from './rebuild-queue.ts';
import { rebuildTopicModel } from './rebuild-topics.ts';

export const REFRESH_TASK = 'topics:refresh';
const REFRESH_SHARE = 0.1;

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'topics:refresh': Record<string, never>;
    }
  }
}

export function rebuildTask(db: Db, memoryMb: number, embeddings: EmbeddingProvider | undefined): Task<'topics:rebuild'> {
  return async ({ tenant, model }, helpers) => {
    const exists = await sql`select 1 from topic_models where tenant_id = ${tenant}::uuid and id = ${model}`.execute(db);
    if (exists.rows.length === 0) return;
    const result = await rebuildTopicModel(db, tenant, model, { memoryMb, embeddings, signal: helpers.abortSignal });
    const features = result.embedding_model === null ? 'lexical' : `embeddings of ${result.embedding_model}`;
    helpers.logger.info(`topic model ${model}: ${result.status}, ${result.topics} topics from ${result.insights} insights (${features}) in ${result.seconds} s${result.error ? `: ${result.error}` : ''}`, { tenant });
  };
}

interface ModelRow {
  readonly tenant_id: string;
  readonly id: string;
  readonly filter: string | null;
  readonly status: string;
  readonly built_at: Date | null;
  readonly built_from: number | null;
  readonly assigned_since: number | null;
}

/** Whether a model's insights moved enough since its build to cluster them again. */
export function isStale(model: ModelRow, count: number, newest: Date | null, now: Date): boolean {
  if (model.status === 'pending' || model.status === 'building') return false;
  if (model.built_from === null) return count > 0;
  const moved = Math.abs(count - model.built_from) + (model.assigned_since ?? 0);
  if (moved > REFRESH_SHARE * Math.max(model.built_from, 10)) return true;
  const day = 86_400_000;
  return newest !== null && model.built_at !== null && now.getTime() - model.built_at.getTime() > day && newest > model.built_at;
}

export function refreshTask(db: Db): Task<'topics:refresh'> {
  return async (_payload, helpers) => {
    const { rows: models } = await sql<ModelRow>`
      select m.tenant_id::text, m.id, m.filter, m.status, m.built_at, s.built_from, s.assigned_since
      from topic_models m left join topic_model_states s on s.tenant_id = m.tenant_id and s.topic_model_id = m.id
      order by m.tenant_id, m.id`.execute(db);
    let requested = 0;
    for (const model of models) {
      helpers.abortSignal?.throwIfAborted();
      let rows: { n: number; newest: Date | null }[];
      try {
        ({ rows } = await sql<{ n: number; newest: Date | null }>`
          select count(*)::int as n, max(t0.created_at) as newest from insights as t0
          where ${insightCondition(model.filter, model.tenant_id, 't0')}`.execute(db));
      } catch (error) {
        // A filter the database refuses (a cast that fails on some row) stays the model's own problem: its build reports it.
        helpers.logger.warn(`topics: staleness of model ${model.id} of tenant ${model.tenant_id} not known: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      if (!isStale(model, rows[0]!.n, rows[0]!.newest, new Date())) continue;
      await requestRebuild(db, model.tenant_id, model.id, 'automatic');
      requested++;
    }
    if (requested > 0) helpers.logger.info(`topics: rebuild requested for ${requested} models`);
  };
}

export const TOPICS_SCHEDULE = parseCronItems([{ task: REFRESH_TASK, match: '17 * * * *', identifier: REFRESH_TASK }]);

export function topicTasks(db: Db, memoryMb: number, embeddings: EmbeddingProvider | undefined) {
  return { [REBUILD_TASK]: rebuildTask(db, memoryMb, embeddings), [REFRESH_TASK]: refreshTask(db) };
}
