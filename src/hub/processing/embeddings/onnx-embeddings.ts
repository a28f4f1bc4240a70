/**
 * Embeddings from a local sentence-transformers ONNX export
 * (`EMBEDDINGS=onnx`, `EMBEDDINGS_MODEL_PATH`), run on this machine's CPU
 * through transformers.js and onnxruntime-node.
 *
 * - Offline: remote models are disabled and the model is read from its
 *   directory only, so nothing is ever downloaded (docs/processing.md
 *   "Embeddings"); a missing file is an error, not a fetch.
 * - The feature-extraction pipeline tokenises (padding to the longest text
 *   of a batch, truncating to the tokenizer's `model_max_length`), averages
 *   the token vectors under the attention mask and L2-normalises them: the
 *   sentence-transformers mean pooling.
 * - `onnx/model.onnx` (fp32) is preferred, else `onnx/model_quantized.onnx` (q8).
 * - Loaded lazily, once per process, by the first call; a model that fails
 *   to load fails every call with the same error, since the files will not
 *   change while the process runs.
 * - `@huggingface/transformers` is an optional dependency (about 450 MB with
 *   the ONNX runtimes): imported only here, and only when this provider is
 *   used, with a clear error when it was not installed.
 *
 * Guarded by onnx-embeddings.test.ts, on a small model written by the test.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { ONNX_WEIGHT_FILES } from '../../../platform/config/config.ts';
import { EmbeddingErrors } from './embedding-errors.ts';
import type { EmbeddingProvider } from './embedding-provider.ts';

export interface OnnxEmbeddingsOptions {
  /** The model's directory (config `EMBEDDINGS_MODEL_PATH`). */
  readonly modelPath: string;
  /** Recorded beside stored vectors (config `EMBEDDINGS_MODEL`). */
  readonly model: string;
  /** Texts run through the model at once; each batch is padded to its longest text. */
  readonly batchSize: number;
}

const detail = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);

async function load(modelPath: string): Promise<FeatureExtractionPipeline> {
  let transformers: typeof import('@huggingface/transformers');
  try {
    transformers = await import('@huggingface/transformers');
  } catch (error) {
    throw EmbeddingErrors.EMBEDDINGS_RUNTIME_MISSING([detail(error)], { cause: error });
  }
  const { env, pipeline } = transformers;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  // transformers.js resolves a model id against localModelPath: the directory's parent, then its name.
  env.localModelPath = `${path.dirname(modelPath)}${path.sep}`;
  const dtype = existsSync(path.join(modelPath, ONNX_WEIGHT_FILES[0])) ? 'fp32' : 'q8';
  try {
    return await pipeline('feature-extraction', path.basename(modelPath), { dtype, device: 'cpu', local_files_only: true });
  } catch (error) {
    throw EmbeddingErrors.EMBEDDINGS_MODEL_UNLOADABLE([modelPath, detail(error)], { cause: error });
  }
}

export function onnxEmbeddings(options: OnnxEmbeddingsOptions): EmbeddingProvider {
  let extractor: Promise<FeatureExtractionPipeline> | undefined;
  return {
    model: options.model,
    async embed(texts) {
      if (texts.length === 0) return [];
      const run = await (extractor ??= load(options.modelPath));
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += options.batchSize) {
        const output = await run(texts.slice(start, start + options.batchSize), { pooling: 'mean', normalize: true });
        const [rows, dimensions] = output.dims as [number, number];
        const data = output.data as Float32Array;
        for (let row = 0; row < rows; row++) vectors.push(data.slice(row * dimensions, (row + 1) * dimensions));
      }
      return vectors;
    },
  };
}
