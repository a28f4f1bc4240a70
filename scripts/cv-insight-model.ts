/**
 * `npm run cv:insights`: k-fold cross-validation of the insight model on
 * the training files (docs/quality.md, "How the figures were reached"):
 * the lines are dealt into folds by position, a model is trained on all
 * folds but one and the local analyzer with it evaluates the one left out,
 * exactly as `npm run eval -- --insights` does. Prints the macro-F1 over
 * every line's out-of-fold prediction. Never pass the held-out files.
 *
 *   npm run cv:insights [-- --folds 5] [-- FILE.jsonl...]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { localAnalyzerWith } from '../src/hub/processing/analysis/local-analyzer.ts';
import { TRAINING_FILES, trainInsightModel } from '../src/hub/processing/analysis/insight-training.ts';
import { evaluateInsights, scorePredictions, type Prediction } from '../src/hub/processing/evaluation/insight-evaluation.ts';
import { parseInsightItems } from '../src/hub/processing/evaluation/insight-items.ts';
import { competitorList } from '../src/hub/processing/evaluation/insight-report.ts';

const root = join(import.meta.dirname, '..');
const { values, positionals } = parseArgs({ options: { folds: { type: 'string', default: '5' } }, allowPositionals: true });
const folds = Number(values.folds);
const files = positionals.length > 0 ? positionals : TRAINING_FILES.map((f) => join(root, f));
const items = files.flatMap((file) => parseInsightItems(readFileSync(file, 'utf8')));
const competitors = competitorList(join(root, 'eval/insights/dev.jsonl'), undefined);
const started = performance.now();
const predictions: Prediction[] = [];
for (let fold = 0; fold < folds; fold += 1) {
  const model = trainInsightModel(items.filter((_, i) => i % folds !== fold).map((i) => ({ text: i.text, type: i.type })));
  const evaluation = await evaluateInsights(items.filter((_, i) => i % folds === fold), localAnalyzerWith(model), competitors);
  predictions.push(...evaluation.predictions);
}
const pooled = scorePredictions(predictions, started);
process.stdout.write(`${folds}-fold cross-validation over ${items.length} lines of ${files.join(', ')}: macro-F1 ${pooled.macroF1.toFixed(3)}, accuracy including "none" ${(pooled.accuracy * 100).toFixed(1)}%, ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
