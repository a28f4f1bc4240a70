/**
 * Topic models as users manage them (docs/processing.md, "Topics"): every
 * workspace has the default model "All insights" (no filter), made the
 * first time its insights are stored; users add models of their own, each
 * with an OData `$filter` over Insights ("churn risks of enterprise
 * accounts"), up to MAX_MODELS. A model is built when it is created and
 * rebuilt on demand, on a schedule and when it has doubled.
 */
import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { insightCondition } from './model-filter.ts';
import { requestRebuild } from './rebuild-queue.ts';
import { TopicErrors } from './topic-errors.ts';

export const DEFAULT_MODEL = { id: 'all-insights', name: 'All insights', description: 'Every insight of the workspace, grouped by what it is about.' } as const;
export const MAX_MODELS = 50;

export interface TopicModelInput {
  readonly name: string;
  readonly description: string | null;
  readonly filter: string | null;
}

export interface TopicModelRow {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly filter: string | null;
  readonly status: string;
  readonly built_at: Date | null;
  readonly error: string | null;
  readonly created_at: Date;
  readonly updated_at: Date | null;
}

/** The default model of the tenant, made if missing (in the caller's transaction; concurrent callers make one). */
export async function ensureDefaultModel(db: Kysely<any>, tenantId: string): Promise<void> {
  await sql`
    insert into topic_models (tenant_id, id, name, description, filter, status, created_at)
    values (${tenantId}::uuid, ${DEFAULT_MODEL.id}, ${DEFAULT_MODEL.name}, ${DEFAULT_MODEL.description}, null, 'pending', now())
    on conflict (tenant_id, id) do nothing`.execute(db);
}

export async function getModel(db: Kysely<any>, tenantId: string, id: string): Promise<TopicModelRow> {
  const { rows } = await sql<TopicModelRow>`
    select id, name, description, filter, status, built_at, error, created_at, updated_at
    from topic_models where tenant_id = ${tenantId}::uuid and id = ${id}`.execute(db);
  if (rows.length === 0) throw TopicErrors.TOPICS_MODEL_NOT_FOUND([JSON.stringify(id.slice(0, 200))]);
  return rows[0]!;
}

/** A new model, built as soon as the transaction commits; its filter is checked by compiling it. */
export async function createModel(trx: Kysely<any>, tenantId: string, input: TopicModelInput): Promise<TopicModelRow> {
  insightCondition(input.filter, tenantId, 't0');
  await ensureDefaultModel(trx, tenantId);
  // Serialises concurrent creations of one tenant, so that the limit holds.
  await sql`select 1 from tenants where id = ${tenantId}::uuid for update`.execute(trx);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from topic_models where tenant_id = ${tenantId}::uuid`.execute(trx);
  if (rows[0]!.n >= MAX_MODELS) throw TopicErrors.TOPICS_TOO_MANY_MODELS([MAX_MODELS]);
  const id = uuidv7();
  await sql`
    insert into topic_models (tenant_id, id, name, description, filter, status, created_at)
    values (${tenantId}::uuid, ${id}, ${input.name}, ${input.description}, ${input.filter}, 'pending', now())`.execute(trx);
  await requestRebuild(trx, tenantId, id, 'requested');
  return getModel(trx, tenantId, id);
}

/** Changes a model; a new filter rebuilds it. */
export async function updateModel(trx: Kysely<any>, tenantId: string, id: string, change: Partial<TopicModelInput>): Promise<TopicModelRow> {
  const current = await getModel(trx, tenantId, id);
  const filter = change.filter === undefined ? current.filter : change.filter;
  if (change.filter !== undefined) insightCondition(filter, tenantId, 't0');
  await sql`
    update topic_models set name = ${change.name ?? current.name},
      description = ${change.description === undefined ? current.description : change.description}, filter = ${filter}, updated_at = now()
    where tenant_id = ${tenantId}::uuid and id = ${id}`.execute(trx);
  if (filter !== current.filter) await requestRebuild(trx, tenantId, id, 'requested');
  return getModel(trx, tenantId, id);
}

/** Deletes a model with its topics, their links and its state. */
export async function deleteModel(trx: Kysely<any>, tenantId: string, id: string): Promise<void> {
  if (id === DEFAULT_MODEL.id) throw TopicErrors.TOPICS_DEFAULT_MODEL([DEFAULT_MODEL.id]);
  await getModel(trx, tenantId, id);
  await sql`
    delete from insight_topics l using topics t
    where l.tenant_id = ${tenantId}::uuid and t.tenant_id = l.tenant_id and t.id = l.topic_id and t.topic_model_id = ${id}`.execute(trx);
  await sql`delete from topics where tenant_id = ${tenantId}::uuid and topic_model_id = ${id}`.execute(trx);
  await sql`delete from topic_model_states where tenant_id = ${tenantId}::uuid and topic_model_id = ${id}`.execute(trx);
  await sql`delete from topic_models where tenant_id = ${tenantId}::uuid and id = ${id}`.execute(trx);
}
