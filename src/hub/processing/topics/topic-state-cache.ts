/**
 * Decoded topic-model states, kept per process between pipeline batches:
 * decoding a state costs milliseconds, a batch's assignments microseconds.
 * An entry is valid for one build (its `built_at`, read under the lock the
 * batch holds on the model), so a rebuild by any process is seen by all at
 * their next batch; PostgreSQL stays the only truth.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { decodeTopicState, type TopicState } from './topic-engine.ts';

const MAX_ENTRIES = 32;

const entries = new Map<string, { readonly builtAt: number; readonly state: TopicState }>();

export async function topicState(db: Kysely<any>, tenantId: string, modelId: string, builtAt: Date): Promise<TopicState> {
  const key = `${tenantId}:${modelId}`;
  const hit = entries.get(key);
  if (hit && hit.builtAt === builtAt.getTime()) {
    entries.delete(key);
    entries.set(key, hit);
    return hit.state;
  }
  const { rows } = await sql<{ state: Buffer }>`
    select state from topic_model_states where tenant_id = ${tenantId}::uuid and topic_model_id = ${modelId}`.execute(db);
  const state = decodeTopicState(rows[0]!.state);
  entries.delete(key);
  entries.set(key, { builtAt: builtAt.getTime(), state });
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return state;
}
