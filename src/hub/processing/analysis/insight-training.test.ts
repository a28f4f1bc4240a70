import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInsightItems } from '../evaluation/insight-items.ts';
import { cueHits } from './cue-hits.ts';
import { lemmaWords } from './cue-matcher.ts';
import { sentenceFeatures } from './insight-features.ts';
import { insightModel, predict } from './insight-model.ts';
import { lineFeatures, TRAINING_FILES, trainInsightModel } from './insight-training.ts';
import { lemmaString, readText, type Sentence } from './read-text.ts';

const ROOT = join(import.meta.dirname, '../../../..');

function featuresOf(sentence: Sentence): string[] {
  return sentenceFeatures(sentence.tokens, 0, false, cueHits(lemmaWords(lemmaString(sentence.tokens)), false));
}

test('the shipped model is exactly what training on the training files gives (npm run train:insights)', () => {
  const items = TRAINING_FILES.flatMap((file) => parseInsightItems(readFileSync(join(ROOT, file), 'utf8')));
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
  assert.equal(predict(model, featuresOf(sentence)).type, 'pricing');
  const [glitch] = readText('It glitched.');
  assert.ok(glitch);
  assert.equal(predict(model, featuresOf(glitch)).type, 'bug');
});

test('features mark what a negator governs, so "not renew" and "renew" are learned apart', () => {
  const [sentence] = readText("We won't renew the contract.");
  assert.ok(sentence);
  const features = featuresOf(sentence);
  assert.ok(features.includes('w:not_renew'), features.join(' '));
  assert.ok(!features.includes('w:renew'));
  assert.ok(features.includes('c:not_leaving'));
});

test('character 4-grams let a misspelling share what the right spelling taught', () => {
  const grams = (text: string): string[] => {
    const [sentence] = readText(text);
    assert.ok(sentence);
    return featuresOf(sentence).filter((f) => f.startsWith('g:'));
  };
  const right = grams('It crashed.');
  const wrong = grams('It chrashed.');
  assert.ok(wrong.includes('g:rash') && wrong.includes('g:hed_'), wrong.join(' '));
  assert.ok(right.includes('g:rash') && right.includes('g:hed_'), right.join(' '));
});

test('the cues of each type reach the model as features, not verdicts', () => {
  const [sentence] = readText('The export is broken and I want to cancel my subscription.');
  assert.ok(sentence);
  const features = featuresOf(sentence);
  assert.ok(features.includes('cue:bug') && features.includes('cue:churn_risk'), features.join(' '));
  assert.ok(features.includes('first:churn_risk'));
});
