/**
 * The analyzer a deployment configured (`ANALYZER`, docs/processing.md
 * "Analyzers"): the built-in local analyzer, or the chat-completions
 * analyzer with the local one as its fallback. Configuration has already
 * checked that the settings it needs are present (config.ts).
 */
import type { Config } from '../../platform/config/config.ts';
import type { Logger } from '../../platform/logging/logger.ts';
import { localAnalyzer } from './analysis/local-analyzer.ts';
import type { Analyzer } from './analyzer.ts';
import { chatCompletionsAnalyzer } from './chat-analyzer/chat-completions-analyzer.ts';

export function analyzerFromConfig(config: Config, logger: Logger): Analyzer {
  if (config.analyzer === 'local') return localAnalyzer;
  return chatCompletionsAnalyzer(
    {
      baseUrl: config.analyzerBaseUrl!,
      model: config.analyzerModel!,
      apiKey: config.analyzerApiKey,
      timeoutMs: config.analyzerTimeoutMs,
      maxInputChars: config.analyzerMaxInputChars,
      logger: logger.child({ component: 'analyzer' }),
    },
    localAnalyzer,
  );
}
