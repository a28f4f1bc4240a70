/**
 * `npm run eval`: the quality harnesses (docs/quality.md). One branch per
 * harness; each prints its report, and with `--json` one JSON object as the
 * last line.
 *
 *   npm run eval -- --insights FILE.jsonl [--competitors LIST|FILE] [--errors] [--json]
 *   npm run eval -- --topics FILE.csv [--json]
 *   npm run eval -- --trackers FILE.jsonl [--errors] [--json]
 */
import { parseArgs } from 'node:util';
import { runInsightEvaluation } from '../src/hub/processing/evaluation/insight-report.ts';
import { runTopicEvaluation } from '../src/hub/processing/evaluation/topic-evaluation.ts';
import { runTrackerEvaluation } from '../src/hub/processing/evaluation/tracker-report.ts';
import { embeddingProviderFromConfig } from '../src/hub/processing/embeddings/embedding-provider-from-config.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { createLogger } from '../src/platform/logging/logger.ts';

const { values } = parseArgs({
  options: {
    insights: { type: 'string' },
    topics: { type: 'string' },
    trackers: { type: 'string' },
    competitors: { type: 'string' },
    errors: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

try {
  if (values.insights !== undefined) {
    process.stdout.write(`${await runInsightEvaluation(values.insights, values)}\n`);
  } else if (values.topics !== undefined) {
    process.stdout.write(`${runTopicEvaluation(values.topics, values)}\n`);
  } else if (values.trackers !== undefined) {
    const config = loadConfig(process.env);
    const provider = embeddingProviderFromConfig(config, createLogger(config.logLevel, 'stderr'));
    process.stdout.write(`${await runTrackerEvaluation(values.trackers, values, provider && { provider, threshold: config.trackerLinkVectorThreshold })}\n`);
  } else {
    process.stderr.write('usage: npm run eval -- --insights FILE.jsonl [--competitors LIST|FILE] [--errors] [--json]\n       npm run eval -- --topics FILE.csv [--json]\n       npm run eval -- --trackers FILE.jsonl [--errors] [--json]\n');
    process.exitCode = 2;
  }
} catch (error) {
  process.stderr.write(`eval: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
