/**
 * Iterative classification of the communities (docs/processing.md "The
 * clustering", step 5; Rakib et al. 2020, "Enhancement of short text
 * clustering by iterative classification"): the most typical members of
 * each topic (TYPICAL_SHARE of them, nearest their centroid) train a
 * classifier on their TF-IDF terms, the classifier relabels every clustered
 * text, and again, until fewer than STOP_SHARE of the labels change or after
 * ROUNDS rounds. A text is judged by the words that its topic's typical
 * members use, not only by its few nearest neighbours, so texts on a
 * community's edge join the topic whose vocabulary they share.
 *
 * The classifier is multinomial naive Bayes over tf-idf-weighted term counts
 * (McCallum & Nigam 1998; Rennie et al. 2003, sec. 4), Laplace-smoothed,
 * without class priors: on the development set it beat logistic regression
 * by SGD and nearest centroid (docs/quality.md). It is kept sparse: a
 * term's smoothed log-probability in a topic where it never occurs is
 * log(SMOOTHING) less that topic's normaliser, so only the (term, topic)
 * pairs seen in training are stored, at most the training rows' terms.
 */
import type { TermWeights } from './topic-features.ts';
import { centroidsOf, dot } from './vector-math.ts';

/** Rounds at most; one or two reach STOP_SHARE on the development set. */
const ROUNDS = 5;
/** Share of each topic, nearest its centroid, that trains the classifier: 0.8 was best of 0.6 to 1 (docs/quality.md). */
const TYPICAL_SHARE = 0.8;
/** Laplace smoothing: 1 was best of 0.01, 0.1, 1 and 3. */
const SMOOTHING = 1;
/** Stop when fewer than this share of the labels changed in a round (Rakib et al.'s 5%). */
const STOP_SHARE = 0.05;

export interface RefineInput {
  /** TF-IDF terms of each clustered text. */
  readonly rows: readonly TermWeights[];
  /** Size of the vocabulary the rows index. */
  readonly terms: number;
  /** The texts' unit points, `dimensions` each (zero for a text without one): typicality is the similarity to the topic's centroid there. */
  readonly points: Float32Array;
  readonly dimensions: number;
  /** 0 for a text without a point. */
  readonly valid: Uint8Array;
}

/** The classifier: per term, the topics it occurs in with log(1 + count / SMOOTHING); per topic, log(SMOOTHING) less its normaliser. */
interface NaiveBayes {
  readonly start: Int32Array;
  readonly topic: Int32Array;
  readonly weight: Float32Array;
  readonly base: Float64Array;
}

/** Per topic its TYPICAL_SHARE members nearest its centroid (at least one), ascending. */
function typicalMembers(input: RefineInput, label: Int32Array, topics: number): Int32Array {
  const c = centroidsOf(input.points, input.dimensions, label, topics);
  const d = input.dimensions;
  const byTopic: { i: number; similarity: number }[][] = Array.from({ length: topics }, () => []);
  for (let i = 0; i < label.length; i += 1) {
    const t = label[i]!;
    if (t >= 0 && input.valid[i] && input.rows[i]!.index.length > 0) byTopic[t]!.push({ i, similarity: dot(input.points, i * d, c, t * d, d) });
  }
  const out: number[] = [];
  for (const members of byTopic) {
    members.sort((a, b) => b.similarity - a.similarity || a.i - b.i);
    for (let k = 0; k < Math.ceil(TYPICAL_SHARE * members.length); k += 1) out.push(members[k]!.i);
  }
  return Int32Array.from(out).sort();
}

function train(input: RefineInput, label: Int32Array, topics: number, members: Int32Array): NaiveBayes {
  // Occurrences grouped by term (counting sort), then summed by topic within each term.
  const perTerm = new Int32Array(input.terms + 1);
  for (const i of members) for (const t of input.rows[i]!.index) perTerm[t + 1]! += 1;
  for (let t = 0; t < input.terms; t += 1) perTerm[t + 1]! += perTerm[t]!;
  const fill = perTerm.slice(0, input.terms);
  const occurrenceTopic = new Int32Array(perTerm[input.terms]!);
  const occurrenceValue = new Float32Array(perTerm[input.terms]!);
  const totals = new Float64Array(topics);
  for (const i of members) {
    const row = input.rows[i]!;
    for (let n = 0; n < row.index.length; n += 1) {
      const at = fill[row.index[n]!]!++;
      occurrenceTopic[at] = label[i]!;
      occurrenceValue[at] = row.value[n]!;
      totals[label[i]!]! += row.value[n]!;
    }
  }
  const start = new Int32Array(input.terms + 1);
  const topic: number[] = [];
  const weight: number[] = [];
  const sum = new Float64Array(topics);
  const touched: number[] = [];
  for (let t = 0; t < input.terms; t += 1) {
    for (let at = perTerm[t]!; at < perTerm[t + 1]!; at += 1) {
      const c = occurrenceTopic[at]!;
      if (sum[c] === 0) touched.push(c);
      sum[c]! += occurrenceValue[at]!;
    }
    touched.sort((a, b) => a - b);
    for (const c of touched) {
      topic.push(c);
      weight.push(Math.log1p(sum[c]! / SMOOTHING));
      sum[c] = 0;
    }
    touched.length = 0;
    start[t + 1] = topic.length;
  }
  const base = Float64Array.from(totals, (total) => Math.log(SMOOTHING) - Math.log(total + SMOOTHING * input.terms));
  return { start, topic: Int32Array.from(topic), weight: Float32Array.from(weight), base };
}

/** The classifier's topic for a row, or -1 when none of its terms was seen in training (it says nothing then). */
function classify(model: NaiveBayes, row: TermWeights, scores: Float64Array): number {
  let mass = 0;
  let seen = false;
  for (let n = 0; n < row.index.length; n += 1) mass += row.value[n]!;
  for (let c = 0; c < scores.length; c += 1) scores[c] = mass * model.base[c]!;
  for (let n = 0; n < row.index.length; n += 1) {
    const t = row.index[n]!;
    const x = row.value[n]!;
    for (let at = model.start[t]!; at < model.start[t + 1]!; at += 1) {
      scores[model.topic[at]!]! += x * model.weight[at]!;
      seen = true;
    }
  }
  if (!seen) return -1;
  let best = 0;
  for (let c = 1; c < scores.length; c += 1) if (scores[c]! > scores[best]!) best = c;
  return best;
}

/**
 * The refined topic of each clustered text, numbered as `label`: unassigned
 * texts (-1) stay so, and a topic may end with no member.
 */
export function refineTopics(input: RefineInput, label: Int32Array, topics: number, checkpoint: () => void = () => undefined): Int32Array {
  const current = Int32Array.from(label);
  if (topics < 2) return current;
  const scores = new Float64Array(topics);
  for (let round = 0; round < ROUNDS; round += 1) {
    const model = train(input, current, topics, typicalMembers(input, current, topics));
    checkpoint();
    let labelled = 0;
    let changed = 0;
    for (let i = 0; i < current.length; i += 1) {
      if (current[i]! < 0 || input.rows[i]!.index.length === 0) continue;
      labelled += 1;
      const predicted = classify(model, input.rows[i]!, scores);
      if (predicted >= 0 && predicted !== current[i]) {
        current[i] = predicted;
        changed += 1;
      }
    }
    checkpoint();
    if (changed < STOP_SHARE * labelled) break;
  }
  return current;
}
