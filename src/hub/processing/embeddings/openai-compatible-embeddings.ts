/**
 * Embeddings from an OpenAI-compatible `/embeddings` endpoint (Ollama, vLLM,
 * LM Studio, a hosted API): `EMBEDDINGS=openai-compatible`.
 *
 * - Texts go in batches of `batchSize`, one request at a time: local servers
 *   compute one batch at a time anyway, and the pipeline runs several jobs.
 * - 429, 5xx and failed connections are retried after `retryDelaysMs` (±25%
 *   jitter, or the server's `Retry-After` when longer, up to 30 s). A batch
 *   without an answer within `timeoutMs` is not retried: a server that
 *   slow would hold the job for several timeouts.
 * - The answer is checked before use: one vector per text, placed by its
 *   `index` (the order of `data` is not promised), finite numbers, the same
 *   dimension for every text of this provider's life (a model swapped on the
 *   server would otherwise mix vectors of two spaces), none of length zero.
 * - Vectors are L2-normalised here, since not every server does, so cosine
 *   similarity is a dot product for every caller.
 *
 * Guarded by openai-compatible-embeddings.test.ts against a local fake server.
 */
import type { Logger } from '../../../platform/logging/logger.ts';
import { postOpenAiCompatible } from '../openai-compatible-api.ts';
import { EmbeddingErrors } from './embedding-errors.ts';
import type { EmbeddingProvider } from './embedding-provider.ts';

export interface OpenAiCompatibleEmbeddingsOptions {
  /** The API base (config `EMBEDDINGS_BASE_URL`), such as http://127.0.0.1:11434/v1. */
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey: string | undefined;
  readonly timeoutMs: number;
  readonly batchSize: number;
  readonly logger: Logger;
  /** Waits before each retry; its length is the number of retries. */
  readonly retryDelaysMs?: readonly number[];
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [500, 2000, 8000];
const MAX_RETRY_WAIT_MS = 30_000;

interface EmbeddingAnswer {
  readonly data?: unknown;
}

function unitVector(values: readonly number[]): Float32Array | undefined {
  let squares = 0;
  for (const value of values) squares += value * value;
  if (!(squares > 0) || !Number.isFinite(squares)) return undefined;
  const norm = Math.sqrt(squares);
  return Float32Array.from(values, (value) => value / norm);
}

export function openAiCompatibleEmbeddings(options: OpenAiCompatibleEmbeddingsOptions): EmbeddingProvider {
  const url = `${options.baseUrl}/embeddings`;
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let dimension: number | undefined;

  const invalid = (what: string) => EmbeddingErrors.EMBEDDINGS_INVALID_RESPONSE([url, what]);

  function vectorsOf(body: unknown, count: number): Float32Array[] {
    const data = (body as EmbeddingAnswer | null)?.data;
    if (!Array.isArray(data)) throw invalid('no "data" array');
    if (data.length !== count) throw invalid(`${data.length} vectors for ${count} texts`);
    const vectors: (Float32Array | undefined)[] = new Array(count);
    for (const item of data as { index?: unknown; embedding?: unknown }[]) {
      const index = item?.index;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count || vectors[index]) {
        throw invalid(`an item has the index ${JSON.stringify(index)}; each of 0 to ${count - 1} must appear once`);
      }
      const embedding = item.embedding;
      if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every((value) => typeof value === 'number' && Number.isFinite(value))) {
        throw invalid(`the embedding of index ${index} is not a list of numbers (base64 answers are not read)`);
      }
      dimension ??= embedding.length;
      if (embedding.length !== dimension) throw invalid(`the embedding of index ${index} has ${embedding.length} dimensions, earlier ones ${dimension}`);
      const vector = unitVector(embedding as number[]);
      if (!vector) throw invalid(`the embedding of index ${index} has length zero`);
      vectors[index] = vector;
    }
    return vectors as Float32Array[];
  }

  async function embedBatch(input: readonly string[]): Promise<Float32Array[]> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await postOpenAiCompatible(url, options.apiKey, { model: options.model, input }, options.timeoutMs);
      if (outcome.ok) return vectorsOf(outcome.body, input.length);
      const delay = retryDelays[attempt - 1];
      const detail = outcome.serverMessage ? `${outcome.reason}: ${outcome.serverMessage}` : outcome.reason;
      if (!outcome.retryable || delay === undefined) throw EmbeddingErrors.EMBEDDINGS_REQUEST_FAILED([url, attempt, detail]);
      const wait = Math.min(MAX_RETRY_WAIT_MS, Math.max(delay * (0.75 + Math.random() * 0.5), outcome.retryAfterMs ?? 0));
      options.logger.warn({ url, model: options.model, attempt, reason: outcome.reason, waitMs: Math.round(wait) }, 'embedding request failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  return {
    model: options.model,
    async embed(texts) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += options.batchSize) {
        vectors.push(...(await embedBatch(texts.slice(start, start + options.batchSize))));
      }
      return vectors;
    },
  };
}
