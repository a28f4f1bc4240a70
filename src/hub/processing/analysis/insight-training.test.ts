import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInsightItems } from '../evaluation/insight-items.ts';
import { sentenceFeatures } from './insight-features.ts';
import { insightModel, predict } from './insight-model.ts';
import { lineFeatures, trainInsightModel } from './insight-training.ts';
import { readText } from './read-text.ts';

const ROOT = join(import.meta.dirname, '../../../..');

test('the shipped model is exactly what training on the development file gives (npm run train:insights)', () => {
  const items = parseInsightItems(readFileSync(join(ROOT, 'eval/insights/dev.jsonl'), 'utf8'));
  const trained = trainInsightModel(items.map((i) => ({ text: i.text, type: i.type })));
  assert.deepEqual(JSON.parse(JSON.stringify(trained)), insightModel);
});

test('a word class carries what was learned from one word to another never seen in training', () => {
  const model = trainInsightModel([
    { text: 'The fee is far too high.', type: 'pricing' },
    { text: 'The invoice total is too high.', type: 'pricing' },
    { text: 'The app crashed again.', type: 'bug' },
    { text: 'The export shows an error.', type: 'bug' },
    { text: 'I am at my desk.', type: null },
    { text: 'We have ten people here.', type: null },
  ]);
  const [sentence] = readText('A surcharge.');
  assert.ok(sentence);
  assert.ok(!lineFeatures('The fee is far too high.').includes('w:surcharge'));
  assert.equal(predict(model, sentenceFeatures(sentence.tokens, 0, false)).type, 'pricing');
  const [glitch] = readText('It glitched.');
  assert.ok(glitch);
  assert.equal(predict(model, sentenceFeatures(glitch.tokens, 0, false)).type, 'bug');
});

test('features mark what a negator governs, so "not renew" and "renew" are learned apart', () => {
  const [sentence] = readText("We won't renew the contract.");
  assert.ok(sentence);
  const features = sentenceFeatures(sentence.tokens, 0, false);
  assert.ok(features.includes('w:not_renew'), features.join(' '));
  assert.ok(!features.includes('w:renew'));
  assert.ok(features.includes('c:not_leaving'));
});
