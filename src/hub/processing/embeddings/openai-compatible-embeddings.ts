/**
 * Embeddings from an OpenAI-compatible `/embeddings` endpoint (Ollama, vLLM,
 * LM Studio, a hosted API): `EMBEDDINGS=openai-compatible`.
 *
 * - Texts go in batches of `batchSize`, one request at a time: local servers
 *   compute one batch at a time anyway, and the pipeline runs several jobs.
 * - 429, 5xx and passing connection failures are retried after
 *   `retryDelaysMs` (±25% jitter), or after the server's `Retry-After` when
 *   longer. A `Retry-After` beyond 30 s fails the call at once: retrying
 *   earlier than the server asks would be refused again, and waiting longer
 *   would hold the job. A batch without an answer within `timeoutMs` is not
 *   retried: a server that slow would hold the job for several timeouts.
 * - The answer is checked before use: one vector per text, placed by its
 *   `index` (the order of `data` is not promised), finite numbers, the same
 *   dimension for every text of this provider's life (a model swapped on the
 *   server would otherwise mix vectors of two spaces), none of length zero.
 * - Vectors are L2-normalised here, since not every server does, so cosine
 *   similarity is a dot product for every caller.
 *
 * Guarded by openai-compatible-embeddings.test.ts against a local fake server.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { withJitter } from '../../../platform/http/retry-after.ts';
import type { Logger } from '../../../platform/logging/logger.ts';
import { postOpenAiCompatible } from '../openai-compatible-api.ts';
import { EmbeddingErrors } from './embedding-errors.ts';
import type { EmbeddingProvider } from './embedding-provider.ts';
import { embeddingTexts } from './embedding-texts.ts';

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

const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [500, 2000, 8000];
const MAX_RETRY_WAIT_MS = 30_000;
/** 64 texts of 4096 dimensions in JSON are about 6 MiB; four times that leaves room. */
const MAX_ANSWER_BYTES = 24 * 1024 * 1024;

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
    let expected = dimension;
    for (const item of data as { index?: unknown; embedding?: unknown }[]) {
      const index = item?.index;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count || vectors[index]) {
        throw invalid(`an item has the index ${JSON.stringify(index)}; each of 0 to ${count - 1} must appear once`);
      }
      const embedding = item.embedding;
      if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every((value) => typeof value === 'number' && Number.isFinite(value))) {
        throw invalid(`the embedding of index ${index} is not a list of numbers (base64 answers are not read)`);
      }
      expected ??= embedding.length;
      if (embedding.length !== expected) throw invalid(`the embedding of index ${index} has ${embedding.length} dimensions, earlier ones ${expected}`);
      const vector = unitVector(embedding as number[]);
      if (!vector) throw invalid(`the embedding of index ${index} has length zero`);
      vectors[index] = vector;
    }
    dimension = expected;
    return vectors as Float32Array[];
  }

  async function embedBatch(input: readonly string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await postOpenAiCompatible({
        url,
        apiKey: options.apiKey,
        payload: { model: options.model, input },
        timeoutMs: options.timeoutMs,
        maxAnswerBytes: MAX_ANSWER_BYTES,
        logger: options.logger,
        signal,
      });
      if (outcome.ok) return vectorsOf(outcome.body, input.length);
      const delay = retryDelays[attempt - 1];
      if (!outcome.retryable || delay === undefined) throw EmbeddingErrors.EMBEDDINGS_REQUEST_FAILED([url, attempt, outcome.reason]);
      const retryAfter = outcome.retryAfterMs ?? 0;
      if (retryAfter > MAX_RETRY_WAIT_MS) {
        throw EmbeddingErrors.EMBEDDINGS_REQUEST_FAILED([url, attempt, `${outcome.reason}; the server asks for a wait of ${Math.ceil(retryAfter / 1000)} s, more than the ${MAX_RETRY_WAIT_MS / 1000} s a batch waits`]);
      }
      const wait = Math.max(withJitter(delay), retryAfter);
      options.logger.warn({ url, model: options.model, attempt, reason: outcome.reason, waitMs: Math.round(wait) }, 'embedding request failed; retrying');
      await sleep(wait, undefined, { signal }).catch((error: unknown) => {
        signal?.throwIfAborted();
        throw error;
      });
    }
  }

  return {
    model: options.model,
    get dimensions() {
      return dimension;
    },
    async embed(texts, signal) {
      const checked = embeddingTexts(texts);
      const vectors: Float32Array[] = [];
      for (let start = 0; start < checked.length; start += options.batchSize) {
        signal?.throwIfAborted();
        vectors.push(...(await embedBatch(checked.slice(start, start + options.batchSize), signal)));
      }
      return vectors;
    },
  };
}
