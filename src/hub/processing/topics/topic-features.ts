/**
 * An insight as a point for clustering (docs/processing.md "Topics"):
 * TF-IDF over the model's terms (sublinear tf, l2), projected by LSA, beside
 * the idf-weighted mean of its words' vectors with the corpus mean removed;
 * each block unit length times its weight, the whole unit length again, so
 * cosine similarity is a dot product. With embeddings, the insight's vector
 * (unit length) is a space of its own.
 */
import type { TopicState } from './topic-state.ts';
import { topicTerms } from './topic-terms.ts';
import { WORD_VECTOR_DIMENSIONS } from './word-vectors.ts';
import { normalizeInPlace } from './vector-math.ts';

export type LexicalModel = Pick<TopicState, 'termIndex' | 'idf' | 'lsa' | 'wordRows' | 'words' | 'wordMean' | 'weights'>;

export interface TermWeights {
  readonly index: Int32Array;
  readonly value: Float32Array;
}

export function tfidf(model: Pick<TopicState, 'termIndex' | 'idf'>, words: readonly string[]): TermWeights {
  const counts = new Map<number, number>();
  for (const term of topicTerms(words)) {
    const t = model.termIndex.get(term);
    if (t !== undefined) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const index = Int32Array.from(counts.keys()).sort();
  const value = new Float32Array(index.length);
  for (let i = 0; i < index.length; i += 1) value[i] = (1 + Math.log(counts.get(index[i]!)!)) * model.idf[index[i]!]!;
  normalizeInPlace(value, 0, value.length);
  return { index, value };
}

/** The word-vector block before the corpus mean is removed: unit length, or all zero. */
export function rawWordBlock(model: Pick<TopicState, 'wordRows' | 'words'>, weights: TermWeights): Float32Array {
  const block = new Float32Array(WORD_VECTOR_DIMENSIONS);
  const vectors = model.words.dequantized;
  for (let i = 0; i < weights.index.length; i += 1) {
    const row = model.wordRows[weights.index[i]!]!;
    if (row < 0) continue;
    const w = weights.value[i]!;
    for (let d = 0; d < WORD_VECTOR_DIMENSIONS; d += 1) block[d]! += w * vectors[row * WORD_VECTOR_DIMENSIONS + d]!;
  }
  normalizeInPlace(block, 0, block.length);
  return block;
}

/** The lexical point of a text's content words, or null when none of them is in the model's vocabulary. */
export function lexicalFeature(model: LexicalModel, words: readonly string[]): Float32Array | null {
  const weights = tfidf(model, words);
  if (weights.index.length === 0) return null;
  const rank = model.lsa.width;
  const out = new Float32Array(rank + WORD_VECTOR_DIMENSIONS);
  const lsa = model.lsa.dequantized;
  for (let i = 0; i < weights.index.length; i += 1) {
    const w = weights.value[i]!;
    const o = weights.index[i]! * rank;
    for (let j = 0; j < rank; j += 1) out[j]! += w * lsa[o + j]!;
  }
  const hasLsa = normalizeInPlace(out, 0, rank);
  const block = rawWordBlock(model, weights);
  let hasWords = false;
  for (let d = 0; d < WORD_VECTOR_DIMENSIONS; d += 1) hasWords ||= block[d] !== 0;
  if (hasWords) {
    for (let d = 0; d < WORD_VECTOR_DIMENSIONS; d += 1) out[rank + d] = block[d]! - model.wordMean[d]!;
    normalizeInPlace(out, rank, WORD_VECTOR_DIMENSIONS);
  }
  for (let j = 0; j < rank; j += 1) out[j]! *= model.weights.lsa;
  for (let d = 0; d < WORD_VECTOR_DIMENSIONS; d += 1) out[rank + d]! *= model.weights.words;
  return (hasLsa || hasWords) && normalizeInPlace(out, 0, out.length) ? out : null;
}

/** A unit copy of an embedding, or null when it is empty, zero or of other dimensions. */
export function embeddingFeature(vector: Float32Array | undefined, dimensions: number): Float32Array | null {
  if (vector === undefined || vector.length !== dimensions || dimensions === 0) return null;
  const out = Float32Array.from(vector);
  return normalizeInPlace(out, 0, out.length) ? out : null;
}
