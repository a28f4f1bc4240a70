/**
 * `npm run train:insights`: trains the insight model on the training
 * files (eval/insights/dev.jsonl and train-2.jsonl) and writes
 * src/hub/processing/analysis/insight-model.json (docs/processing.md,
 * "Insights"). Never train on dev-2.jsonl or the held-out files: they
 * measure what the model does on text it never saw.
 *
 *   npm run train:insights [-- FILE.jsonl...]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRAINING_FILES, trainInsightModel } from '../src/hub/processing/analysis/insight-training.ts';
import { parseInsightItems } from '../src/hub/processing/evaluation/insight-items.ts';

const root = join(import.meta.dirname, '..');
const files = process.argv.length > 2 ? process.argv.slice(2) : TRAINING_FILES.map((f) => join(root, f));
const out = join(root, 'src/hub/processing/analysis/insight-model.json');
const items = files.flatMap((file) => parseInsightItems(readFileSync(file, 'utf8')));
const model = trainInsightModel(items.map((i) => ({ text: i.text, type: i.type })));
writeFileSync(out, `${JSON.stringify(model)}\n`);
process.stdout.write(`${out}: ${Object.keys(model.weights).length} features from ${items.length} lines of ${files.join(', ')}\n`);
