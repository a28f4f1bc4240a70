import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packTexts, unpackTexts } from './packed-texts.ts';

test('texts survive packing for a worker thread: empty, multi-byte, newlines and an empty list', () => {
  const texts = ['', 'plain', 'naïve café — 日本語 🚀', 'line one\nline two\u0000', 'x'.repeat(70_000)];
  assert.deepEqual(unpackTexts(packTexts(texts)), texts);
  assert.deepEqual(unpackTexts(packTexts([])), []);
});
