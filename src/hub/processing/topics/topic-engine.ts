/**
 * The topic clustering engine (docs/processing.md "Topics"): pure, no
 * database. buildTopics clusters insight texts into topics named by
 * c-TF-IDF; assignTopic places a new insight in the nearest topic of a
 * built model; the state round-trips through encodeTopicState and
 * decodeTopicState for storage.
 *
 * Above SAMPLE_LIMIT texts (or the caller's sampleLimit) the build
 * clusters a seeded sample of that size and assigns every other text to
 * its nearest topic, the same way assignTopic does, so time and memory stay
 * bounded (1,000,000 insights in under 1 GiB) and callers need not care.
 */
import { communities } from './communities.ts';
import { nearestNeighbours } from './nearest-neighbours.ts';
import { rightSingularVectors, type SparseRows } from './randomized-svd.ts';
import { refineTopics } from './refine-topics.ts';
import { sampleIndexes, seededRandom } from './seeded-random.ts';
import { classTfidfKeywords, topicDescription, topicName, type TopicTerms } from './topic-names.ts';
import { embeddingFeature, lexicalFeature, rawWordBlock, tfidf, type LexicalModel } from './topic-features.ts';
import { lexicalDimensions, quantizeRows, type FeatureWeights, type TopicState } from './topic-state.ts';
import { contentWords, topicTerms } from './topic-terms.ts';
import { centroidsOf, dot, nearestRow } from './vector-math.ts';
import { WORD_VECTOR_DIMENSIONS, wordVectors } from './word-vectors.ts';

export type { TopicState } from './topic-state.ts';
export { decodeTopicState, encodeTopicState } from './topic-state-codec.ts';

/** The texts of a build: an array, or packed ones (packed-texts.ts) decoded as they are read. */
export type BuildTexts = Pick<readonly string[], 'length' | 'at'>;

export interface TopicBuildOptions {
  /** Checked between phases and every few hundred texts; the build throws its reason. */
  readonly signal?: AbortSignal;
  /** Embeddings of the texts, same order (EMBEDDINGS provider); they replace the lexical features for clustering. */
  readonly vectors?: readonly Float32Array[];
  /** Equal texts, vectors and seed give equal topics. Default 0. */
  readonly seed?: number;
  readonly onProgress?: (phase: string, done: number, total: number) => void;
  /** Texts clustered directly, the rest assigned to the nearest topic; default SAMPLE_LIMIT. */
  readonly sampleLimit?: number;
}

export interface BuiltTopic {
  /** The first three distinctive terms, e.g. "card · decline · payment". */
  readonly name: string;
  readonly description: string;
  readonly keywords: readonly string[];
  /** Indexes into the texts. */
  readonly members: readonly number[];
}

export interface TopicBuild {
  /** Largest first. */
  readonly topics: readonly BuiltTopic[];
  /** Per text: its topic's index, or -1 (noise, or no known term). */
  readonly assignment: Int32Array;
  readonly state: TopicState;
}

/** Texts clustered directly; the rest are assigned to the nearest topic. */
export const SAMPLE_LIMIT = 30_000;
const MAX_TERMS = 40_000;
const LSA_RANK = 100;
const NEIGHBOURS = 8;
/**
 * Louvain's resolution for large graphs: above 1 favours more, smaller
 * communities, against modularity's merging of small ones in large graphs
 * (Fortunato & Barthélemy 2007); 2 was best of 1, 1.5, 2 and 3 on the
 * development set (docs/quality.md). Small graphs, which that limit does
 * not touch, keep 1: the resolution rises with the logarithm of the size,
 * from 1 at RESOLUTION_FROM texts to RESOLUTION at a hundred times as many.
 */
const RESOLUTION = 2;
const RESOLUTION_FROM = 100;
/** A community smaller than this share of the clustered texts is not a topic: its members go to the nearest topic. */
const MIN_TOPIC_SHARE = 0.001;
const MIN_TOPIC_SIZE = 3;
/** Below this many clustered texts every community is a topic and single occurrences make terms. */
const TINY = 20;
/** Share of clustered members allowed below the assignment threshold: the threshold is that quantile of their similarity to their centroid. */
const OUTLIER_QUANTILE = 0.01;
/** The word vectors' block weighs more than the LSA block: 1.4 was best of 0.7, 1, 1.4, 2 and 3 (LSA at 1) on the development set (docs/quality.md). */
const WEIGHTS: FeatureWeights = { lsa: 1, words: 1.4 };
/** Below TINY texts the corpus mean is not removed, so what all word blocks share would outweigh what tells them apart: equal weights. */
const TINY_WEIGHTS: FeatureWeights = { lsa: 1, words: 1 };
const CENTRAL_TEXTS = 2;

function emptyState(): TopicState {
  const none = quantizeRows(new Float32Array(0), 0);
  return {
    terms: [], termIndex: new Map(), idf: new Float32Array(0), lsa: none, wordRows: new Int32Array(0), words: quantizeRows(new Float32Array(0), WORD_VECTOR_DIMENSIONS),
    wordMean: new Float32Array(WORD_VECTOR_DIMENSIONS), weights: WEIGHTS, topics: 0, lexicalCentroids: new Float32Array(0), lexicalMinSimilarity: 1,
    embeddingDimensions: 0, embeddingCentroids: new Float32Array(0), embeddingMinSimilarity: 1,
  };
}

/** Vocabulary, idf, LSA and word vectors from the clustered texts' words. */
function lexicalModel(sampleWords: readonly string[][], random: () => number): LexicalModel & Pick<TopicState, 'terms'> {
  const df = new Map<string, number>();
  for (const words of sampleWords) for (const term of new Set(topicTerms(words))) df.set(term, (df.get(term) ?? 0) + 1);
  const minDf = sampleWords.length < TINY ? 1 : 2;
  const kept = [...df].filter(([, d]) => d >= minDf).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, MAX_TERMS);
  const terms = kept.map(([t]) => t);
  const termIndex = new Map(terms.map((t, i) => [t, i]));
  const s = sampleWords.length;
  const idf = Float32Array.from(kept, ([, d]) => Math.log((1 + s) / (1 + d)) + 1);
  const rows = sampleWords.map((words) => tfidf({ termIndex, idf }, words));
  const start = new Int32Array(s + 1);
  for (let i = 0; i < s; i += 1) start[i + 1] = start[i]! + rows[i]!.index.length;
  const index = new Int32Array(start[s]!);
  const value = new Float32Array(start[s]!);
  rows.forEach((r, i) => {
    index.set(r.index, start[i]!);
    value.set(r.value, start[i]!);
  });
  const matrix: SparseRows = { rows: s, columns: terms.length, start, index, value };
  const svd = rightSingularVectors(matrix, LSA_RANK, random);
  const lsa = quantizeRows(svd.vectors, svd.rank);
  const vectors = wordVectors();
  const wordRows = new Int32Array(terms.length).fill(-1);
  const found: number[] = [];
  terms.forEach((term, t) => {
    const row = term.includes(' ') ? undefined : vectors.index.get(term);
    if (row === undefined) return;
    wordRows[t] = found.length;
    found.push(row);
  });
  const matrixOfWords = new Float32Array(found.length * WORD_VECTOR_DIMENSIONS);
  found.forEach((row, r) => matrixOfWords.set(vectors.vectors.subarray(row * WORD_VECTOR_DIMENSIONS, (row + 1) * WORD_VECTOR_DIMENSIONS), r * WORD_VECTOR_DIMENSIONS));
  const words = quantizeRows(matrixOfWords, WORD_VECTOR_DIMENSIONS);
  const wordMean = new Float32Array(WORD_VECTOR_DIMENSIONS);
  let counted = 0;
  for (const r of rows) {
    const block = rawWordBlock({ wordRows, words }, r);
    if (block.some((v) => v !== 0)) {
      counted += 1;
      for (let d = 0; d < WORD_VECTOR_DIMENSIONS; d += 1) wordMean[d]! += block[d]!;
    }
  }
  // A few texts' mean is mostly the texts themselves: removing it would set two similar texts against each other.
  if (counted >= TINY) for (let d = 0; d < WORD_VECTOR_DIMENSIONS; d += 1) wordMean[d]! /= counted;
  else wordMean.fill(0);
  return { terms, termIndex, idf, lsa, wordRows, words, wordMean, weights: counted >= TINY ? WEIGHTS : TINY_WEIGHTS };
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return 1;
  values.sort((a, b) => a - b);
  return values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
}

/** Similarity threshold of a space: the OUTLIER_QUANTILE of members' similarity to their own centroid. */
function minSimilarity(points: Float32Array, valid: Uint8Array, dimensions: number, label: Int32Array, centroids: Float32Array): number {
  const sims: number[] = [];
  for (let i = 0; i < label.length; i += 1) if (label[i]! >= 0 && valid[i]) sims.push(dot(points, i * dimensions, centroids, label[i]! * dimensions, dimensions));
  return quantile(sims, OUTLIER_QUANTILE);
}

interface Space {
  readonly dimensions: number;
  readonly points: Float32Array;
  readonly valid: Uint8Array;
}

function space(features: readonly (Float32Array | null)[], dimensions: number): Space {
  const points = new Float32Array(features.length * dimensions);
  const valid = new Uint8Array(features.length);
  features.forEach((f, i) => {
    if (f === null) return;
    points.set(f, i * dimensions);
    valid[i] = 1;
  });
  return { dimensions, points, valid };
}

/** Topic of each clustered text (-1 for none) and the number of topics. */
function cluster(clustering: Space, random: () => number, checkpoint: () => void, progress: (phase: string, done: number, total: number) => void): { label: Int32Array; topics: number } {
  const s = clustering.valid.length;
  const rows: number[] = [];
  for (let i = 0; i < s; i += 1) if (clustering.valid[i]) rows.push(i);
  const d = clustering.dimensions;
  const points = new Float32Array(rows.length * d);
  rows.forEach((row, r) => points.set(clustering.points.subarray(row * d, (row + 1) * d), r * d));
  progress('neighbours', 0, rows.length);
  const neighbours = nearestNeighbours(points, d, NEIGHBOURS, random, checkpoint);
  checkpoint();
  progress('communities', 0, rows.length);
  const ramp = Math.min(1, Math.max(0, Math.log10(rows.length / RESOLUTION_FROM) / 2));
  const community = communities(neighbours, rows.length, 1 + (RESOLUTION - 1) * ramp, random);
  checkpoint();
  const sizes = new Map<number, number>();
  for (const c of community) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const minSize = s < TINY ? 1 : Math.max(MIN_TOPIC_SIZE, Math.ceil(s * MIN_TOPIC_SHARE));
  const topicOf = new Map<number, number>();
  for (const c of community) if (!topicOf.has(c) && sizes.get(c)! >= minSize) topicOf.set(c, topicOf.size);
  const label = new Int32Array(s).fill(-1);
  rows.forEach((row, r) => (label[row] = topicOf.get(community[r]!) ?? -1));
  const topics = topicOf.size;
  if (topics === 0) return { label, topics };
  const centroids = centroidsOf(clustering.points, d, label, topics);
  const threshold = minSimilarity(clustering.points, clustering.valid, d, label, centroids);
  rows.forEach((row, r) => {
    if (topicOf.has(community[r]!)) return;
    const nearest = nearestRow(clustering.points.subarray(row * d, (row + 1) * d), centroids, d);
    label[row] = nearest.similarity >= threshold ? nearest.row : -1;
  });
  return { label, topics };
}

/**
 * The lexical topics after iterative classification (refine-topics.ts), the
 * topics left without a member dropped and the rest renumbered in order. An
 * embedding's clusters are not refined by the words: the vectors are the
 * better judge (the classifier was measured on lexical topics only).
 */
function refined(model: LexicalModel & Pick<TopicState, 'terms'>, sampleWords: readonly string[][], lexical: Space, found: { label: Int32Array; topics: number }, checkpoint: () => void, progress: (phase: string, done: number, total: number) => void): { label: Int32Array; topics: number } {
  if (found.topics < 2) return found;
  progress('refine', 0, sampleWords.length);
  const rows = sampleWords.map((words) => tfidf(model, words));
  const label = refineTopics({ rows, terms: model.terms.length, points: lexical.points, dimensions: lexical.dimensions, valid: lexical.valid }, found.label, found.topics, checkpoint);
  const sizes = new Int32Array(found.topics);
  for (const t of label) if (t >= 0) sizes[t]! += 1;
  const number = new Int32Array(found.topics).fill(-1);
  let topics = 0;
  for (let t = 0; t < found.topics; t += 1) if (sizes[t]! > 0) number[t] = topics++;
  return { label: label.map((t) => (t < 0 ? -1 : number[t]!)), topics };
}

/** Nearest topic of one text in the state's spaces; -1 below the threshold or without features. */
function place(state: TopicState, words: readonly string[], vector: Float32Array | undefined): { topic: number; similarity: number } {
  if (state.topics === 0) return { topic: -1, similarity: 0 };
  const embedded = embeddingFeature(vector, state.embeddingDimensions);
  if (embedded !== null) {
    const nearest = nearestRow(embedded, state.embeddingCentroids, state.embeddingDimensions);
    return nearest.similarity >= state.embeddingMinSimilarity ? { topic: nearest.row, similarity: nearest.similarity } : { topic: -1, similarity: nearest.similarity };
  }
  const lexical = lexicalFeature(state, words);
  if (lexical === null) return { topic: -1, similarity: 0 };
  const nearest = nearestRow(lexical, state.lexicalCentroids, lexicalDimensions(state));
  return nearest.similarity >= state.lexicalMinSimilarity ? { topic: nearest.row, similarity: nearest.similarity } : { topic: -1, similarity: nearest.similarity };
}

/** The topic of a new insight in a built model, or -1 when no topic is near enough. */
export function assignTopic(state: TopicState, text: string, vector?: Float32Array): number {
  return place(state, contentWords(text), vector).topic;
}

function embeddingDimensionsOf(vectors: readonly Float32Array[] | undefined): number {
  return vectors?.find((v) => v.length > 0)?.length ?? 0;
}

export function buildTopics(texts: BuildTexts, options: TopicBuildOptions = {}): TopicBuild {
  const { signal, vectors } = options;
  const checkpoint = (): void => signal?.throwIfAborted();
  const progress = options.onProgress ?? ((): void => undefined);
  checkpoint();
  if (vectors !== undefined && vectors.length !== texts.length) throw new Error(`buildTopics: ${vectors.length} vectors for ${texts.length} texts`);
  const random = seededRandom(options.seed ?? 0);
  const n = texts.length;
  const sample = sampleIndexes(n, options.sampleLimit ?? SAMPLE_LIMIT, random);
  const s = sample.length;
  progress('terms', 0, s);
  const sampleWords = Array.from(sample, (i, k) => {
    if (k % 512 === 0) checkpoint();
    return contentWords(texts.at(i)!);
  });
  checkpoint();
  progress('features', 0, s);
  const model = lexicalModel(sampleWords, random);
  checkpoint();
  const lexicalWidth = model.lsa.width + WORD_VECTOR_DIMENSIONS;
  const lexical = space(sampleWords.map((w) => lexicalFeature(model, w)), lexicalWidth);
  const embeddingDimensions = embeddingDimensionsOf(vectors);
  const embedded = embeddingDimensions === 0 ? undefined : space(Array.from(sample, (i) => embeddingFeature(vectors![i], embeddingDimensions)), embeddingDimensions);
  checkpoint();
  const communitiesFound = cluster(embedded ?? lexical, random, checkpoint, progress);
  const { label, topics } = embedded === undefined ? refined(model, sampleWords, lexical, communitiesFound, checkpoint, progress) : communitiesFound;
  if (topics === 0) return { topics: [], assignment: new Int32Array(n).fill(-1), state: { ...emptyState(), ...model, embeddingDimensions } };
  const lexicalCentroids = centroidsOf(lexical.points, lexicalWidth, label, topics);
  const embeddingCentroids = embedded === undefined ? new Float32Array(0) : centroidsOf(embedded.points, embeddingDimensions, label, topics);
  const state: TopicState = {
    ...model, topics, lexicalCentroids, lexicalMinSimilarity: minSimilarity(lexical.points, lexical.valid, lexicalWidth, label, lexicalCentroids),
    embeddingDimensions, embeddingCentroids,
    embeddingMinSimilarity: embedded === undefined ? 1 : minSimilarity(embedded.points, embedded.valid, embeddingDimensions, label, embeddingCentroids),
  };

  const assignment = new Int32Array(n).fill(-1);
  const termCounts: TopicTerms[] = Array.from({ length: topics }, () => ({ counts: new Map<number, number>(), members: 0 }));
  const central: { index: number; similarity: number }[][] = Array.from({ length: topics }, () => []);
  const record = (i: number, words: readonly string[], topic: number, similarity: number): void => {
    assignment[i] = topic;
    if (topic < 0) return;
    const entry = termCounts[topic]!;
    (entry as { members: number }).members += 1;
    for (const term of topicTerms(words)) {
      const t = state.termIndex.get(term);
      if (t !== undefined) entry.counts.set(t, (entry.counts.get(t) ?? 0) + 1);
    }
    const best = central[topic]!;
    if (best.length < CENTRAL_TEXTS || similarity > best[best.length - 1]!.similarity) {
      best.push({ index: i, similarity });
      best.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
      if (best.length > CENTRAL_TEXTS) best.pop();
    }
  };
  const home = embedded ?? lexical;
  const homeCentroids = embedded === undefined ? lexicalCentroids : embeddingCentroids;
  sample.forEach((i, k) => {
    const topic = label[k]!;
    if (topic >= 0) record(i, sampleWords[k]!, topic, home.valid[k] ? dot(home.points, k * home.dimensions, homeCentroids, topic * home.dimensions, home.dimensions) : 0);
    else if (!home.valid[k]) {
      const placed = place(state, sampleWords[k]!, undefined);
      record(i, sampleWords[k]!, placed.topic, placed.similarity);
    }
  });
  progress('assign', 0, n - s);
  let next = 0;
  let done = 0;
  for (let i = 0; i < n; i += 1) {
    if (next < s && sample[next] === i) {
      next += 1;
      continue;
    }
    if (done % 512 === 0) {
      checkpoint();
      if (done % 16_384 === 0) progress('assign', done, n - s);
    }
    const words = contentWords(texts.at(i)!);
    const placed = place(state, words, vectors?.[i]);
    record(i, words, placed.topic, placed.similarity);
    done += 1;
  }
  checkpoint();
  progress('names', 0, topics);
  const keywords = classTfidfKeywords(termCounts, state.terms);
  const members: number[][] = Array.from({ length: topics }, () => []);
  for (let i = 0; i < n; i += 1) if (assignment[i]! >= 0) members[assignment[i]!]!.push(i);
  const order = Array.from({ length: topics }, (_, t) => t).sort((a, b) => members[b]!.length - members[a]!.length || (members[a]![0] ?? 0) - (members[b]![0] ?? 0));
  const rank = new Int32Array(topics);
  order.forEach((t, r) => (rank[t] = r));
  for (let i = 0; i < n; i += 1) if (assignment[i]! >= 0) assignment[i] = rank[assignment[i]!]!;
  const reorder = (centroids: Float32Array, d: number): Float32Array => {
    const out = new Float32Array(centroids.length);
    order.forEach((t, r) => out.set(centroids.subarray(t * d, (t + 1) * d), r * d));
    return out;
  };
  return {
    topics: order.map((t) => ({
      name: topicName(keywords[t]!),
      description: topicDescription(keywords[t]!, members[t]!.length, central[t]!.map((c) => texts.at(c.index)!)),
      keywords: keywords[t]!,
      members: members[t]!,
    })),
    assignment,
    state: { ...state, lexicalCentroids: reorder(lexicalCentroids, lexicalWidth), embeddingCentroids: reorder(embeddingCentroids, embeddingDimensions) },
  };
}
