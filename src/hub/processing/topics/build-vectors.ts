/**
 * The embeddings a build clusters with, when a provider is configured
 * (docs/processing.md, "Topics" and "Embeddings"): the stored vectors of the
 * model's insights, and those still missing (an insight stored while the
 * provider was down, or before it was configured) embedded now and stored.
 *
 * A build whose vectors would not fit its memory (VECTOR_SHARE of
 * TOPICS_BUILD_MEMORY_MB: a million 384-dimension vectors are 1.5 GB) or whose
 * provider fails clusters lexically, as without a provider, and says so in
 * the log: a build is never lost for want of vectors.
 */
import type { Db } from '../../../platform/db/database.ts';
import type { Logger } from '../../../platform/logging/logger.ts';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.ts';
import { readInsightVectors, storeInsightVectors } from '../embeddings/insight-vectors.ts';
import type { PackedTexts } from './packed-texts.ts';

const VECTOR_SHARE = 0.4;
const EMBED_CHUNK = 512;

export interface BuildVectors {
  readonly model: string;
  readonly values: Float32Array;
  readonly dimensions: number;
}

export async function buildVectors(
  db: Db,
  tenantId: string,
  provider: EmbeddingProvider,
  insights: { readonly ids: PackedTexts; readonly texts: PackedTexts },
  memoryMb: number,
  logger: Logger | undefined,
  signal?: AbortSignal,
): Promise<BuildVectors | undefined> {
  const { texts } = insights;
  if (insights.ids.length === 0) return undefined;
  // readInsightVectors takes strings; beside their vectors (384 dimensions: 1.5 KiB each) the ids' heap is small.
  const ids = Array.from({ length: insights.ids.length }, (_, i) => insights.ids.at(i)!);
  const fits = (dimensions: number) => ids.length * dimensions * 4 <= VECTOR_SHARE * memoryMb * 1024 * 1024;
  const tooLarge = (dimensions: number) => {
    logger?.warn({ insights: ids.length, dimensions, memoryMb }, 'topic build without embeddings: the vectors would not fit TOPICS_BUILD_MEMORY_MB');
    return undefined;
  };
  if (provider.dimensions !== undefined && !fits(provider.dimensions)) return tooLarge(provider.dimensions);
  const found = await readInsightVectors(db, tenantId, provider.model, ids);
  const known = found.find((v) => v !== undefined)?.length;
  if (known !== undefined && !fits(known)) return tooLarge(known);
  const missing = found.flatMap((vector, i) => (vector === undefined ? [i] : []));
  try {
    for (let start = 0; start < missing.length; start += EMBED_CHUNK) {
      const chunk = missing.slice(start, start + EMBED_CHUNK);
      const vectors = await provider.embed(chunk.map((i) => texts.at(i)!), signal);
      chunk.forEach((i, k) => (found[i] = vectors[k]));
      await storeInsightVectors(db, tenantId, provider.model, chunk.map((i, k) => ({ id: ids[i]!, vector: vectors[k]! })), []);
    }
  } catch (error) {
    signal?.throwIfAborted();
    logger?.warn({ err: error, missing: missing.length }, 'topic build without embeddings: the embedding provider failed');
    return undefined;
  }
  const dimensions = found[0]!.length;
  if (found.some((v) => v!.length !== dimensions)) {
    logger?.warn({ model: provider.model }, 'topic build without embeddings: stored vectors of different lengths');
    return undefined;
  }
  if (!fits(dimensions)) return tooLarge(dimensions);
  const values = new Float32Array(ids.length * dimensions);
  found.forEach((vector, i) => values.set(vector!, i * dimensions));
  return { model: provider.model, values, dimensions };
}
