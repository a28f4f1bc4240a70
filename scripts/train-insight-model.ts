/**
 * `npm run train:insights`: trains the insight model on the development
 * file and writes src/hub/processing/analysis/insight-model.json
 * (docs/processing.md, "Insights"). Never train on eval/insights/held-out.jsonl:
 * it measures what the model does on text it never saw.
 *
 *   npm run train:insights [-- FILE.jsonl]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainInsightModel } from '../src/hub/processing/analysis/insight-training.ts';
import { parseInsightItems } from '../src/hub/processing/evaluation/insight-items.ts';

const root = join(import.meta.dirname, '..');
const file = process.argv[2] ?? join(root, 'eval/insights/dev.jsonl');
const out = join(root, 'src/hub/processing/analysis/insight-model.json');
const items = parseInsightItems(readFileSync(file, 'utf8'));
const model = trainInsightModel(items.map((i) => ({ text: i.text, type: i.type })));
writeFileSync(out, `${JSON.stringify(model)}\n`);
process.stdout.write(`${out}: ${Object.keys(model.weights).length} features from ${items.length} lines of ${file}\n`);
