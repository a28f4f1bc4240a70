import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quoteFinder } from './quote-span.ts';

const FRAGMENT = 'Hi Sam. We can’t export to\nCSV since the update — it says “timeout”. 😤 Please fix it.';
const quoteSpan = quoteFinder(FRAGMENT);
const found = (quote: string) => {
  const span = quoteSpan(quote);
  return span && FRAGMENT.slice(span.start, span.end);
};

test('an exact quote is found where it is, without the white space around it', () => {
  assert.deepEqual(quoteSpan('Please fix it.'), { start: FRAGMENT.length - 14, end: FRAGMENT.length });
  assert.deepEqual(quoteSpan('  Please fix it.\n'), { start: FRAGMENT.length - 14, end: FRAGMENT.length });
});

test('case, quote marks, white space, wrapping quotes, an ellipsis and the final stop are forgiven; the fragment\'s own characters are returned', () => {
  assert.equal(found("we can't export to csv since the update"), 'We can’t export to\nCSV since the update');
  assert.equal(found('"it says "timeout"."'), 'it says “timeout”.');
  assert.equal(found('since the update.'), 'since the update', 'a stop the fragment does not have');
  assert.equal(found('…since the update…'), 'since the update');
  assert.equal(found('timeout”. 😤 please fix it'), 'timeout”. 😤 Please fix it', 'a character outside the BMP at the end of a match stays whole');
});

test('a changed, added or missing word is no match, and neither is an empty quote', () => {
  assert.equal(quoteSpan('We cannot export to CSV'), undefined);
  assert.equal(quoteSpan('Please fix it now.'), undefined);
  assert.equal(quoteSpan('We export to CSV'), undefined);
  assert.equal(quoteSpan(''), undefined);
  assert.equal(quoteSpan(' "…" '), undefined);
});

test('a quote without words is no match, though every fragment holds it: white space, a stop, a letter, an emoji', () => {
  for (const quote of [' ', '.', 'e', 'it', '—', '😤', '". "', '...']) assert.equal(quoteSpan(quote), undefined, JSON.stringify(quote));
  assert.equal(found('CSV'), 'CSV', 'three characters with a letter are words');
});

test('one finder answers every quote of its fragment, however often asked', () => {
  const find = quoteFinder(FRAGMENT);
  for (let i = 0; i < 3; i++) {
    assert.equal(FRAGMENT.slice(...Object.values(find('since the update.')!) as [number, number]), 'since the update');
    assert.deepEqual(find('Please fix it.'), quoteSpan('Please fix it.'));
  }
});
