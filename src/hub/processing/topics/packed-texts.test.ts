import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packedTexts, packTexts } from './packed-texts.ts';

test('texts survive packing for a worker thread: empty, multi-byte, newlines and an empty list', () => {
  const texts = ['', 'plain', 'naïve café — 日本語 🚀', 'line one\nline two\u0000', 'x'.repeat(70_000)];
  const packed = packedTexts([packTexts(texts)]);
  assert.equal(packed.length, texts.length);
  assert.deepEqual(Array.from({ length: packed.length }, (_, i) => packed.at(i)), texts);
  assert.equal(packedTexts([packTexts([])]).length, 0);
  assert.equal(packedTexts([]).length, 0);
});

test('texts packed in pages read as one list, empty pages included; out of range is undefined, as an array says', () => {
  const pages = [['a', 'b', 'c'], [], ['d'], ['e', 'f'], []];
  const packed = packedTexts(pages.map(packTexts));
  assert.equal(packed.length, 6);
  assert.deepEqual(Array.from({ length: 6 }, (_, i) => packed.at(i)), ['a', 'b', 'c', 'd', 'e', 'f']);
  for (const outside of [-1, 6, 1.5, Number.NaN]) assert.equal(packed.at(outside), undefined);
});
