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
 * - What the model answers is checked: every row finite and of unit length.
 *   A zero row (which normalisation leaves zero or NaN) or a failed run is
 *   `EMBEDDINGS_MODEL_FAILED`: the model, not the text, is at fault.
 * - The runtime is an optional dependency, imported only here
 *   (onnx-runtime.ts).
 *
 * Guarded by onnx-embeddings.test.ts, on a small model written by the test.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ONNX_WEIGHT_FILES } from '../../../platform/config/config.ts';
import { EmbeddingErrors } from './embedding-errors.ts';
import type { EmbeddingProvider } from './embedding-provider.ts';
import { embeddingTexts } from './embedding-texts.ts';
import { errorDetail, importRuntime, type FeatureExtractor } from './onnx-runtime.ts';

export interface OnnxEmbeddingsOptions {
  /** The model's directory (config `EMBEDDINGS_MODEL_PATH`). */
  readonly modelPath: string;
  /** Recorded beside stored vectors (config `EMBEDDINGS_MODEL`). */
  readonly model: string;
  /** Texts run through the model at once; each batch is padded to its longest text. */
  readonly batchSize: number;
}

/** float32 normalisation leaves a norm within about 1e-7 of 1; anything farther was not normalised. */
const UNIT_NORM_TOLERANCE = 1e-3;

async function load(modelPath: string): Promise<FeatureExtractor> {
  const { env, pipeline } = await importRuntime();
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  // transformers.js resolves a model id against localModelPath: the directory's parent, then its name.
  env.localModelPath = `${path.dirname(modelPath)}${path.sep}`;
  const dtype = existsSync(path.join(modelPath, ONNX_WEIGHT_FILES[0])) ? 'fp32' : 'q8';
  try {
    return await pipeline('feature-extraction', path.basename(modelPath), { dtype, device: 'cpu', local_files_only: true });
  } catch (error) {
    throw EmbeddingErrors.EMBEDDINGS_MODEL_UNLOADABLE([modelPath, errorDetail(error)], { cause: error });
  }
}

export function onnxEmbeddings(options: OnnxEmbeddingsOptions): EmbeddingProvider {
  let extractor: Promise<FeatureExtractor> | undefined;
  let dimension: number | undefined;
  const failed = (what: string, cause?: unknown) => EmbeddingErrors.EMBEDDINGS_MODEL_FAILED([options.modelPath, what], { cause });

  async function embedBatch(run: FeatureExtractor, texts: string[], first: number): Promise<Float32Array[]> {
    let output;
    try {
      output = await run(texts, { pooling: 'mean', normalize: true });
    } catch (error) {
      throw failed(`the run failed: ${errorDetail(error)}`, error);
    }
    const [rows, dimensions] = output.dims;
    if (output.dims.length !== 2 || rows !== texts.length || !dimensions) throw failed(`an output of shape [${output.dims.join(', ')}] for ${texts.length} texts`);
    const vectors: Float32Array[] = [];
    for (let row = 0; row < rows; row++) {
      const vector = Float32Array.from({ length: dimensions }, (_, i) => output.data[row * dimensions + i]!);
      let squares = 0;
      for (const value of vector) squares += value * value;
      if (!(Math.abs(Math.sqrt(squares) - 1) <= UNIT_NORM_TOLERANCE)) throw failed(`the embedding of text ${first + row} is not a unit vector (norm ${Math.sqrt(squares)})`);
      vectors.push(vector);
    }
    dimension = dimensions;
    return vectors;
  }

  return {
    model: options.model,
    get dimensions() {
      return dimension;
    },
    async embed(texts, signal) {
      const checked = embeddingTexts(texts);
      if (checked.length === 0) return [];
      signal?.throwIfAborted();
      const run = await (extractor ??= load(options.modelPath));
      const vectors: Float32Array[] = [];
      for (let start = 0; start < checked.length; start += options.batchSize) {
        signal?.throwIfAborted();
        vectors.push(...(await embedBatch(run, checked.slice(start, start + options.batchSize), start)));
      }
      return vectors;
    },
  };
}
