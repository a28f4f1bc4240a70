/** Segmentation (docs/processing.md "Pipeline", stage a): fragments, long utterances cut after sentences, talk and tokens. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_FRAGMENT_CHARS, segment } from './segment.ts';

const u = (participant: number | null, text: string, start_ms: number | null = null, end_ms: number | null = null) => ({ participant, text, start_ms, end_ms });

test('one fragment per utterance, in order; tokens and talk seconds per participant', () => {
  const { fragments, participants } = segment(3, [u(0, 'Hello, how are you?', 0, 2_000), u(1, 'Fine, thanks. We need SSO.', 2_000, 5_400), u(0, 'Great', 5_400, 6_000)]);
  assert.deepEqual(fragments.map((f) => [f.position, f.participant, f.startMs, f.endMs, f.text]), [
    [0, 0, 0, 2_000, 'Hello, how are you?'],
    [1, 1, 2_000, 5_400, 'Fine, thanks. We need SSO.'],
    [2, 0, 5_400, 6_000, 'Great'],
  ]);
  assert.deepEqual(participants, [
    { tokenCount: 5, talkSeconds: 3 },
    { tokenCount: 5, talkSeconds: 3 },
    // A participant who said nothing.
    { tokenCount: 0, talkSeconds: null },
  ]);
});

test('a long utterance is cut after sentences into fragments of at most the limit, sharing its time span by length', () => {
  const sentence = (i: number) => `Sentence number ${i} says something about the export that keeps failing.`;
  const text = Array.from({ length: 40 }, (_, i) => sentence(i)).join(' ');
  assert.ok(text.length > 2 * MAX_FRAGMENT_CHARS);
  const { fragments } = segment(1, [u(0, 'Short first.', 0, 1_000), u(0, text, 1_000, 61_000)]);
  const pieces = fragments.slice(1);
  assert.ok(pieces.length >= 3);
  for (const piece of pieces) {
    assert.ok(piece.text.length <= MAX_FRAGMENT_CHARS, `${piece.text.length} characters`);
    assert.match(piece.text, /^Sentence number \d+ .*failing\.$/, 'cut between sentences');
  }
  assert.equal(pieces.map((p) => p.text).join(' '), text, 'nothing lost');
  assert.deepEqual(pieces.map((p) => p.position), pieces.map((_, i) => i + 1));
  assert.equal(pieces[0]!.startMs, 1_000);
  assert.equal(pieces.at(-1)!.endMs, 61_000);
  for (let i = 1; i < pieces.length; i++) assert.equal(pieces[i]!.startMs, pieces[i - 1]!.endMs);
});

test('an utterance repeated right after itself is dropped; one repeated later is kept', () => {
  const { fragments, participants } = segment(1, [u(0, 'Can you hear me?', 0, 900), u(0, 'Can you hear me?', 0, 900), u(0, 'Yes.', 900, 1_200), u(0, 'Can you hear me?', 1_200, 2_000)]);
  assert.deepEqual(fragments.map((f) => f.text), ['Can you hear me?', 'Yes.', 'Can you hear me?']);
  assert.equal(participants[0]!.tokenCount, 9);
});

test('words are counted in text without spaces, and an unknown speaker counts for no one', () => {
  const { participants, fragments } = segment(1, [u(0, '我们需要单点登录'), u(null, 'Music plays')]);
  assert.ok(participants[0]!.tokenCount >= 3, `${participants[0]!.tokenCount} words`);
  assert.equal(participants[0]!.talkSeconds, null);
  assert.equal(fragments[1]!.participant, null);
});
