import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quoteSpan } from './quote-span.ts';

const FRAGMENT = 'Hi Sam. We can’t export to\nCSV since the update — it says “timeout”. 😤 Please fix it.';
const found = (quote: string) => {
  const span = quoteSpan(FRAGMENT, quote);
  return span && FRAGMENT.slice(span.start, span.end);
};

test('an exact quote is found where it is', () => {
  assert.deepEqual(quoteSpan(FRAGMENT, 'Please fix it.'), { start: FRAGMENT.length - 14, end: FRAGMENT.length });
});

test('case, quote marks, white space, wrapping quotes, an ellipsis and the final stop are forgiven; the fragment\'s own characters are returned', () => {
  assert.equal(found("we can't export to csv since the update"), 'We can’t export to\nCSV since the update');
  assert.equal(found('"it says "timeout"."'), 'it says “timeout”.');
  assert.equal(found('since the update.'), 'since the update', 'a stop the fragment does not have');
  assert.equal(found('…since the update…'), 'since the update');
  assert.equal(found('timeout”. 😤 please fix it'), 'timeout”. 😤 Please fix it', 'a character outside the BMP at the end of a match stays whole');
  assert.equal(found('😤'), '😤');
});

test('a changed, added or missing word is no match, and neither is an empty quote', () => {
  assert.equal(quoteSpan(FRAGMENT, 'We cannot export to CSV'), undefined);
  assert.equal(quoteSpan(FRAGMENT, 'Please fix it now.'), undefined);
  assert.equal(quoteSpan(FRAGMENT, 'We export to CSV'), undefined);
  assert.equal(quoteSpan(FRAGMENT, ''), undefined);
  assert.equal(quoteSpan(FRAGMENT, ' "…" '), undefined);
});
