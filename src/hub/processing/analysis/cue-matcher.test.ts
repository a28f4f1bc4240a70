import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCues, lemmaWords } from './cue-matcher.ts';

const cues = compileCues(['keep crash', '(?:we|i) will cancel', 'concern(?:ed)? about', '\\$ ?\\d+']);
const has = (text: string, negatable = true): boolean => cues.matches(lemmaWords(text), negatable);

test('a cue matches wherever its words stand, whichever way the cue begins', () => {
  assert.ok(has('the application keep crash .'));
  assert.ok(has('honestly i will cancel .'));
  assert.ok(has('we be concerned about security'));
  assert.ok(has('it cost $ 49'));
  assert.ok(!has('the keeper crash'), 'only at the start of a word');
  assert.ok(!has('keep crashing'), 'only up to the end of a word');
});

test('a negated cue counts only when negation does not matter', () => {
  assert.ok(!has('it do not keep crash .'));
  assert.ok(has('it do not keep crash .', false));
  assert.ok(has('it do not load , and it keep crash .'));
});
