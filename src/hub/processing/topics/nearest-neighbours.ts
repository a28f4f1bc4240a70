/**
 * The k most similar other points of every point (cosine over unit rows),
 * for the neighbour graph. Exact below EXACT_LIMIT points; above, an
 * inverted-file index (Jégou, Douze & Schmid 2011, IVF without quantised
 * codes): points are bucketed by their nearest of √m k-means centres and
 * each point searches only the PROBES buckets nearest to it, which keeps
 * most true neighbours at a small fraction of the m² comparisons.
 */
import type { Random } from './seeded-random.ts';
import { sampleIndexes } from './seeded-random.ts';
import { dot, normalizeInPlace } from './vector-math.ts';

const EXACT_LIMIT = 4_000;
const PROBES = 8;
const KMEANS_ROUNDS = 4;

export interface Neighbours {
  readonly k: number;
  /** m × k, -1 where a point has fewer than k others. */
  readonly index: Int32Array;
  readonly similarity: Float32Array;
}

function insert(index: Int32Array, similarity: Float32Array, offset: number, k: number, candidate: number, s: number): void {
  if (s <= similarity[offset + k - 1]!) return;
  let j = k - 1;
  while (j > 0 && similarity[offset + j - 1]! < s) {
    similarity[offset + j] = similarity[offset + j - 1]!;
    index[offset + j] = index[offset + j - 1]!;
    j -= 1;
  }
  similarity[offset + j] = s;
  index[offset + j] = candidate;
}

function empty(m: number, k: number): Neighbours {
  return { k, index: new Int32Array(m * k).fill(-1), similarity: new Float32Array(m * k).fill(-Infinity) };
}

/** The `take` centres most similar to point p, best first. */
function nearestCentres(points: Float32Array, p: number, centres: Float32Array, count: number, d: number, take: number, scratch: Float32Array): Int32Array {
  const o = p * d;
  for (let c = 0; c < count; c += 1) {
    const co = c * d;
    let s = 0;
    for (let j = 0; j < d; j += 1) s += points[o + j]! * centres[co + j]!;
    scratch[c] = s;
  }
  const best = new Int32Array(Math.min(take, count)).fill(-1);
  const bestSimilarity = new Float32Array(best.length).fill(-Infinity);
  for (let c = 0; c < count; c += 1) insert(best, bestSimilarity, 0, best.length, c, scratch[c]!);
  return best;
}

/** Offers every point of `candidates` (other than i) to i's list. */
function scan(points: Float32Array, i: number, candidates: Int32Array, d: number, out: Neighbours): void {
  const o = i * d;
  const k = out.k;
  const ko = i * k;
  for (let n = 0; n < candidates.length; n += 1) {
    const j = candidates[n]!;
    if (j === i) continue;
    const jo = j * d;
    let s = 0;
    for (let x = 0; x < d; x += 1) s += points[o + x]! * points[jo + x]!;
    if (s > out.similarity[ko + k - 1]!) insert(out.index, out.similarity, ko, k, j, s);
  }
}

export function nearestNeighbours(points: Float32Array, dimensions: number, k: number, random: Random, checkpoint: () => void): Neighbours {
  const m = dimensions === 0 ? 0 : points.length / dimensions;
  const kk = Math.max(0, Math.min(k, m - 1));
  const out = empty(m, kk);
  if (kk === 0) return out;
  if (m <= EXACT_LIMIT) {
    for (let i = 0; i < m; i += 1) {
      if (i % 256 === 0) checkpoint();
      for (let j = i + 1; j < m; j += 1) {
        const s = dot(points, i * dimensions, points, j * dimensions, dimensions);
        insert(out.index, out.similarity, i * kk, kk, j, s);
        insert(out.index, out.similarity, j * kk, kk, i, s);
      }
    }
    return out;
  }
  const count = Math.round(Math.sqrt(m));
  const centres = new Float32Array(count * dimensions);
  const seeds = sampleIndexes(m, count, random);
  for (let c = 0; c < count; c += 1) centres.set(points.subarray(seeds[c]! * dimensions, (seeds[c]! + 1) * dimensions), c * dimensions);
  const bucket = new Int32Array(m);
  const scratch = new Float32Array(count);
  for (let round = 0; round <= KMEANS_ROUNDS; round += 1) {
    checkpoint();
    for (let i = 0; i < m; i += 1) bucket[i] = nearestCentres(points, i, centres, count, dimensions, 1, scratch)[0]!;
    if (round === KMEANS_ROUNDS) break;
    const sums = new Float64Array(count * dimensions);
    for (let i = 0; i < m; i += 1) for (let j = 0; j < dimensions; j += 1) sums[bucket[i]! * dimensions + j]! += points[i * dimensions + j]!;
    for (let c = 0; c < count; c += 1) {
      if (normalizeInPlace(sums, c * dimensions, dimensions)) for (let j = 0; j < dimensions; j += 1) centres[c * dimensions + j] = sums[c * dimensions + j]!;
    }
  }
  const lists: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < m; i += 1) lists[bucket[i]!]!.push(i);
  const members = lists.map((list) => Int32Array.from(list));
  for (let i = 0; i < m; i += 1) {
    if (i % 256 === 0) checkpoint();
    for (const c of nearestCentres(points, i, centres, count, dimensions, PROBES, scratch)) if (c >= 0) scan(points, i, members[c]!, dimensions, out);
  }
  return out;
}
