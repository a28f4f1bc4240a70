import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refineTopics, type RefineInput } from './refine-topics.ts';

const VOCABULARY = ['refund', 'order', 'money', 'back', 'password', 'reset', 'login', 'link', 'please', 'help'];

/** Texts as sets of the vocabulary's words, their TF-IDF rows (idf 1) and, as their points, those rows made dense. */
function input(texts: readonly string[]): RefineInput {
  const terms = VOCABULARY.length;
  const rows = texts.map((text) => {
    const index = Int32Array.from(new Set(text.split(' ').map((w) => VOCABULARY.indexOf(w)))).sort();
    return { index, value: new Float32Array(index.length).fill(1 / Math.sqrt(index.length)) };
  });
  const points = new Float32Array(texts.length * terms);
  rows.forEach((row, i) => row.index.forEach((t, n) => (points[i * terms + t] = row.value[n]!)));
  return { rows, terms, points, dimensions: terms, valid: new Uint8Array(texts.length).fill(1) };
}

const REFUNDS = ['refund order', 'refund money back', 'order money back', 'refund order money', 'money back order', 'refund back', 'refund order back', 'order refund money', 'please help refund', 'help please order money'];
const PASSWORDS = ['password reset', 'reset login link', 'login password', 'password reset link', 'please reset password', 'help login', 'login link', 'reset password login', 'password link please', 'help reset login'];
const texts = [...REFUNDS, ...PASSWORDS];
const truth = texts.map((_, i) => (i < REFUNDS.length ? 0 : 1));

describe('refineTopics', () => {
  it('moves texts that a clustering put on the wrong side to the topic whose words they share', () => {
    // As a neighbour graph may do: the two refund requests that open with "please help" land among the password ones.
    const clustered = Int32Array.from(truth, (t, i) => (i === 8 || i === 9 ? 1 : t));
    const refined = refineTopics(input(texts), clustered, 2);
    assert.deepEqual(Array.from(refined), truth);
  });

  it('keeps a right labelling, unassigned texts unassigned, and one topic as it is', () => {
    const withNoise = Int32Array.from(truth, (t, i) => (i === 3 ? -1 : t));
    assert.deepEqual(Array.from(refineTopics(input(texts), withNoise, 2)), Array.from(withNoise));
    const one = new Int32Array(texts.length);
    assert.deepEqual(Array.from(refineTopics(input(texts), one, 1)), Array.from(one));
  });
});
