/**
 * Errors of the embedding providers (docs/processing.md "Embeddings"). They
 * reach the pipeline, which records them with the work that needed the
 * vectors; 5xx, so an API answer that carries one shows no detail.
 */
import { defineError } from '../../../platform/errors/app-error.ts';

export const EmbeddingErrors = {
  EMBEDDINGS_REQUEST_FAILED: defineError('EMBEDDINGS_REQUEST_FAILED', 502, 'The embedding server at %s did not answer successfully after %s attempt(s): %s'),
  EMBEDDINGS_INVALID_RESPONSE: defineError('EMBEDDINGS_INVALID_RESPONSE', 502, 'The embedding server at %s answered with vectors that cannot be used: %s'),
  EMBEDDINGS_EMPTY_TEXT: defineError('EMBEDDINGS_EMPTY_TEXT', 500, 'Text %s of the %s to embed is empty or only white space, and has no embedding'),
  EMBEDDINGS_RUNTIME_MISSING: defineError('EMBEDDINGS_RUNTIME_MISSING', 500, 'EMBEDDINGS=onnx needs the optional package @huggingface/transformers, which is not installed (%s)'),
  EMBEDDINGS_RUNTIME_FAILED: defineError('EMBEDDINGS_RUNTIME_FAILED', 500, 'The ONNX runtime (@huggingface/transformers with onnxruntime-node) is installed but could not be loaded: %s'),
  EMBEDDINGS_MODEL_UNLOADABLE: defineError('EMBEDDINGS_MODEL_UNLOADABLE', 500, 'The ONNX model in %s could not be loaded: %s'),
  EMBEDDINGS_MODEL_FAILED: defineError('EMBEDDINGS_MODEL_FAILED', 500, 'The ONNX model in %s gave no usable embedding: %s'),
} as const;
