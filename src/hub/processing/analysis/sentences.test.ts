import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitLongText, splitSentences } from './sentences.ts';

test('sentences keep their offsets in the original text, also across typographic quotes and line breaks', () => {
  const text = '  Hi team!\nThe export isn’t working… It fails at 80%. Can you help?';
  const sentences = splitSentences(text);
  assert.deepEqual(sentences.map((s) => s.text), ['Hi team!', 'The export isn’t working… It fails at 80%.', 'Can you help?']);
  for (const s of sentences) assert.equal(text.slice(s.start, s.end), s.text);
});

test('a line without punctuation is a sentence of its own', () => {
  assert.deepEqual(splitSentences('Hello\nthe invoice is wrong\nthanks').map((s) => s.text), ['Hello', 'the invoice is wrong', 'thanks']);
});

test('a long utterance is cut after sentences into pieces within the limit; a short one stays whole', () => {
  const text = 'The first sentence is here. The second one follows it. A third closes the paragraph.';
  assert.deepEqual(splitLongText(text, 200), [text]);
  const pieces = splitLongText(text, 60);
  assert.deepEqual(pieces, ['The first sentence is here. The second one follows it.', 'A third closes the paragraph.']);
  assert.deepEqual(splitLongText('   ', 10), []);
});

test('a sentence longer than the limit is cut at whitespace, and every piece fits', () => {
  const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
  const pieces = splitLongText(words, 100);
  assert.ok(pieces.every((p) => p.length <= 100 && p.length > 0));
  assert.equal(pieces.join(' '), words);
  const blob = 'x'.repeat(250);
  assert.deepEqual(splitLongText(blob, 100).map((p) => p.length), [100, 100, 50]);
});
