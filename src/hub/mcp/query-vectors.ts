/**
 * The vector of a search's query text (docs/mcp.md "Search", semantic
 * ranking), from the embedding provider the deployment configured. A search
 * must answer whatever the provider does: a failure or a slow answer gives
 * no vector, is logged, and the caller ranks lexically.
 *
 * Vectors are kept for the most recent texts (an LRU of CACHED): every page
 * of a ranking needs the same vector, and an agent paging through results
 * should not wait for the provider, nor see the ranking change because the
 * provider went away between two pages.
 */
import type { Logger } from '../../platform/logging/logger.ts';
import type { EmbeddingProvider } from '../processing/embeddings/embedding-provider.ts';

/** Longest a search waits for its query's vector: beyond it, the lexical ranking answers. The provider's retries end with it. */
export const QUERY_EMBEDDING_TIMEOUT_MS = 2000;

/** The query text embedded, by its beginning: the tools' `query` is at most 500 characters already. */
export const MAX_QUERY_CHARS = 500;

/** Texts whose vectors are kept: 256 vectors of 1,536 dimensions are 1.5 MiB. */
const CACHED = 256;

export interface QueryVectors {
  /** The provider's model: only stored vectors of this model (and of the query vector's length) are compared. */
  readonly model: string;
  /** The unit vector of `text`, or undefined when the provider failed or did not answer in time (logged). */
  vectorOf(text: string): Promise<Float32Array | undefined>;
}

export function queryVectors(provider: EmbeddingProvider, logger: Logger, timeoutMs = QUERY_EMBEDDING_TIMEOUT_MS): QueryVectors {
  const cache = new Map<string, Float32Array>();
  return {
    model: provider.model,
    async vectorOf(text) {
      const key = text.trim().slice(0, MAX_QUERY_CHARS);
      if (key === '') return undefined;
      const cached = cache.get(key);
      if (cached) {
        // A Map iterates in insertion order: re-inserting makes this the most recently used.
        cache.delete(key);
        cache.set(key, cached);
        return cached;
      }
      const started = performance.now();
      try {
        const [vector] = await provider.embed([key], AbortSignal.timeout(timeoutMs));
        if (!vector) return undefined;
        cache.set(key, vector);
        if (cache.size > CACHED) cache.delete(cache.keys().next().value!);
        return vector;
      } catch (error) {
        logger.warn({ err: error, model: provider.model, ms: Math.round(performance.now() - started) }, 'search query not embedded; ranking lexically');
        return undefined;
      }
    },
  };
}
