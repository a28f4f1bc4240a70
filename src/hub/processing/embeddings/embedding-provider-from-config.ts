/**
 * The embedding provider a deployment configured (`EMBEDDINGS`,
 * docs/processing.md "Embeddings"), or undefined for `none`: callers then
 * use the lexical method. Configuration has already checked that the
 * settings a kind needs are present (config.ts).
 */
import type { Config } from '../../../platform/config/config.ts';
import type { Logger } from '../../../platform/logging/logger.ts';
import type { EmbeddingProvider } from './embedding-provider.ts';
import { onnxEmbeddings } from './onnx-embeddings.ts';
import { openAiCompatibleEmbeddings } from './openai-compatible-embeddings.ts';

export function embeddingProviderFromConfig(config: Config, logger: Logger): EmbeddingProvider | undefined {
  switch (config.embeddings) {
    case 'none':
      return undefined;
    case 'openai-compatible':
      return openAiCompatibleEmbeddings({
        baseUrl: config.embeddingsBaseUrl!,
        model: config.embeddingsModel!,
        apiKey: config.embeddingsApiKey,
        timeoutMs: config.embeddingsTimeoutMs,
        batchSize: config.embeddingsBatchSize,
        logger: logger.child({ component: 'embeddings' }),
      });
    case 'onnx':
      return onnxEmbeddings({ modelPath: config.embeddingsModelPath!, model: config.embeddingsModel!, batchSize: config.embeddingsBatchSize });
  }
}
