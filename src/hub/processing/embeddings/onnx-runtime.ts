/**
 * transformers.js (`@huggingface/transformers`, with onnxruntime-node), the
 * optional dependency behind `EMBEDDINGS=onnx`: imported only when that
 * provider first embeds, never named in a static import, so that an install
 * without it (`npm ci --omit=optional`) still typechecks and runs. The few
 * types used are declared here for the same reason.
 *
 * A failed import is told apart: the package itself not installed is
 * `EMBEDDINGS_RUNTIME_MISSING` (install it); anything else (a native
 * binding that does not load on this machine, a dependency missing from a
 * broken install) is `EMBEDDINGS_RUNTIME_FAILED` with the runtime's words.
 */
import { EmbeddingErrors } from './embedding-errors.ts';

const RUNTIME_PACKAGE = '@huggingface/transformers';

export interface Tensor {
  readonly dims: readonly number[];
  readonly data: ArrayLike<number>;
}

export type FeatureExtractor = (texts: string[], options: { readonly pooling: 'mean'; readonly normalize: boolean }) => Promise<Tensor>;

export interface TransformersRuntime {
  readonly env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
  pipeline(task: 'feature-extraction', model: string, options: { readonly dtype: 'fp32' | 'q8'; readonly device: 'cpu'; readonly local_files_only: true }): Promise<FeatureExtractor>;
}

export const errorDetail = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);

/** `specifier` is the package, or in tests a module that fails to load as a broken install would. */
export async function importRuntime(specifier: string = RUNTIME_PACKAGE): Promise<TransformersRuntime> {
  try {
    return (await import(specifier)) as TransformersRuntime;
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    // Node's words for a bare specifier that resolves to no package: "Cannot find package '<name>' imported from …".
    const missing = code === 'ERR_MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`package '${RUNTIME_PACKAGE}'`);
    throw (missing ? EmbeddingErrors.EMBEDDINGS_RUNTIME_MISSING : EmbeddingErrors.EMBEDDINGS_RUNTIME_FAILED)([errorDetail(error)], { cause: error });
  }
}
