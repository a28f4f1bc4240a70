/**
 * One rebuild of a topic model (docs/processing.md, "Topics"), as the job,
 * the API's rebuild and the CLI run it: `building` (committed, so readers
 * see it), the model's insights read by key, the clustering in a worker
 * thread (build-in-worker.ts), then the result stored in one transaction
 * (store-build.ts), `ready`. No transaction is open while the engine works.
 *
 * A build that fails leaves the previous topics as they were, the model
 * `failed` with the reason in `error`; one that is cancelled (the worker
 * stopping) leaves it `pending` for the job's retry.
 */
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { Logger } from '../../../platform/logging/logger.ts';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.ts';
import { buildInWorker } from './build-in-worker.ts';
import { buildVectors } from './build-vectors.ts';
import { readModelInsights } from './read-model-insights.ts';
import { storeBuild } from './store-build.ts';
import { getModel } from './topic-models.ts';

export interface RebuildOptions {
  readonly memoryMb: number;
  /** Clusters with the insights' embeddings when set (docs/processing.md "Embeddings"). */
  readonly embeddings?: EmbeddingProvider;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
  readonly onProgress?: (phase: string, done: number, total: number) => void;
}

export interface RebuildResult {
  readonly model: string;
  readonly status: 'ready' | 'failed' | 'deleted';
  readonly insights: number;
  readonly topics: number;
  readonly linked: number;
  /** The embedding model the build clustered with, or null for the lexical features alone. */
  readonly embedding_model: string | null;
  readonly seconds: number;
  readonly error?: string;
}

const setStatus = (db: Db, tenantId: string, modelId: string, status: string, error: string | null) =>
  sql`update topic_models set status = ${status}, error = ${error}, updated_at = now() where tenant_id = ${tenantId}::uuid and id = ${modelId}`.execute(db);

export async function rebuildTopicModel(db: Db, tenantId: string, modelId: string, options: RebuildOptions): Promise<RebuildResult> {
  const started = performance.now();
  const seconds = () => Math.round(performance.now() - started) / 1000;
  const model = await getModel(db, tenantId, modelId);
  await setStatus(db, tenantId, modelId, 'building', model.error);
  let insights = 0;
  try {
    const { rows } = await sql<{ now: Date }>`select now()`.execute(db);
    const read = await readModelInsights(db, tenantId, model.filter, options.signal);
    insights = read.ids.length;
    options.onProgress?.('read', insights, insights);
    const vectors = options.embeddings ? await buildVectors(db, tenantId, options.embeddings, read, options.memoryMb, options.logger, options.signal) : undefined;
    const embeddingModel = vectors?.model ?? null;
    const build = await buildInWorker(read.texts, { memoryMb: options.memoryMb, vectors, signal: options.signal, onProgress: options.onProgress });
    const stored = await db.transaction().execute((trx) => storeBuild(trx, tenantId, model, read.ids, build, rows[0]!.now, embeddingModel));
    if (!stored) return { model: modelId, status: 'deleted', insights, topics: 0, linked: 0, embedding_model: embeddingModel, seconds: seconds() };
    return { model: modelId, status: 'ready', insights, topics: stored.topics, linked: stored.linked, embedding_model: embeddingModel, seconds: seconds() };
  } catch (error) {
    if (options.signal?.aborted) {
      await setStatus(db, tenantId, modelId, 'pending', model.error).catch(() => undefined);
      throw error;
    }
    const reason = error instanceof Error ? error.message : String(error);
    await setStatus(db, tenantId, modelId, 'failed', reason);
    return { model: modelId, status: 'failed', insights, topics: 0, linked: 0, embedding_model: null, seconds: seconds(), error: reason };
  }
}
