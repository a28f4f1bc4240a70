/**
 * The k most similar other points of every point (cosine over unit rows),
 * for the neighbour graph. Exact below EXACT_LIMIT points; above, an
 * inverted-file index (Jégou, Douze & Schmid 2011, IVF without quantised
 * codes): points are bucketed by their nearest of √m k-means centres
 * (trained on a sample, as IVF indexes are) and each point searches only
 * the PROBES buckets nearest to it, which keeps most true neighbours at a
 * small fraction of the m² comparisons. The search goes bucket by bucket,
 * each bucket's points copied together, so that the rows compared against
 * stay in cache: point by point, memory reads took most of a build.
 */
import type { Random } from './seeded-random.ts';
import { sampleIndexes } from './seeded-random.ts';
import { dot, normalizeInPlace } from './vector-math.ts';

const EXACT_LIMIT = 4_000;
const PROBES = 4;
const KMEANS_ROUNDS = 4;
/** Points per centre that k-means is trained on. */
const TRAINING_PER_CENTRE = 64;

export interface Neighbours {
  readonly k: number;
  /** m × k, -1 where a point has fewer than k others. */
  readonly index: Int32Array;
  readonly similarity: Float32Array;
}

/** Puts candidate into the best-first list of k at index[offset…] and similarity[similarityOffset…]. */
function insert(index: Int32Array, similarity: Float32Array, offset: number, k: number, candidate: number, s: number, similarityOffset = offset): void {
  if (s <= similarity[similarityOffset + k - 1]!) return;
  let j = k - 1;
  while (j > 0 && similarity[similarityOffset + j - 1]! < s) {
    similarity[similarityOffset + j] = similarity[similarityOffset + j - 1]!;
    index[offset + j] = index[offset + j - 1]!;
    j -= 1;
  }
  similarity[similarityOffset + j] = s;
  index[offset + j] = candidate;
}

function empty(m: number, k: number): Neighbours {
  return { k, index: new Int32Array(m * k).fill(-1), similarity: new Float32Array(m * k).fill(-Infinity) };
}

/** The `take` centres most similar to point p into probes[p·take…], best first. */
function nearestCentres(points: Float32Array, p: number, centres: Float32Array, count: number, d: number, take: number, scratch: Float32Array, probes: Int32Array, best: Float32Array): void {
  const o = p * d;
  for (let c = 0; c < count; c += 1) scratch[c] = dot(points, o, centres, c * d, d);
  const po = p * take;
  probes.fill(-1, po, po + take);
  best.fill(-Infinity);
  for (let c = 0; c < count; c += 1) {
    const s = scratch[c]!;
    if (s > best[take - 1]!) insert(probes, best, po, take, c, s, 0);
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
  const centres = trainCentres(points, m, dimensions, count, random, checkpoint);
  const take = Math.min(PROBES, count);
  const probes = new Int32Array(m * take);
  const scratch = new Float32Array(count);
  const best = new Float32Array(take);
  const sizes = new Int32Array(count + 1);
  for (let i = 0; i < m; i += 1) {
    if (i % 1024 === 0) checkpoint();
    nearestCentres(points, i, centres, count, dimensions, take, scratch, probes, best);
    sizes[probes[i * take]! + 1]! += 1;
  }
  // Members of each bucket (CSR) and the points that probe it.
  for (let c = 0; c < count; c += 1) sizes[c + 1]! += sizes[c]!;
  const members = new Int32Array(m);
  const filled = sizes.slice(0, count);
  for (let i = 0; i < m; i += 1) members[filled[probes[i * take]!]!++] = i;
  const askers: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < m; i += 1) for (let p = 0; p < take; p += 1) askers[probes[i * take + p]!]!.push(i);
  let block = new Float32Array(0);
  for (let c = 0; c < count; c += 1) {
    checkpoint();
    const from = sizes[c]!;
    const size = sizes[c + 1]! - from;
    if (block.length < size * dimensions) block = new Float32Array(size * dimensions);
    for (let b = 0; b < size; b += 1) block.set(points.subarray(members[from + b]! * dimensions, (members[from + b]! + 1) * dimensions), b * dimensions);
    for (const i of askers[c]!) {
      const o = i * dimensions;
      const ko = i * kk;
      for (let b = 0; b < size; b += 1) {
        const s = dot(points, o, block, b * dimensions, dimensions);
        if (s > out.similarity[ko + kk - 1]!) {
          const j = members[from + b]!;
          if (j !== i) insert(out.index, out.similarity, ko, kk, j, s);
        }
      }
    }
  }
  return out;
}

/** Spherical k-means centres (unit rows) of a seeded sample of the points. */
function trainCentres(points: Float32Array, m: number, d: number, count: number, random: Random, checkpoint: () => void): Float32Array {
  const training = sampleIndexes(m, Math.min(m, count * TRAINING_PER_CENTRE), random);
  const centres = new Float32Array(count * d);
  const seeds = sampleIndexes(training.length, count, random);
  for (let c = 0; c < count; c += 1) {
    const p = training[seeds[c]!]!;
    centres.set(points.subarray(p * d, (p + 1) * d), c * d);
  }
  const sums = new Float64Array(count * d);
  for (let round = 0; round < KMEANS_ROUNDS; round += 1) {
    checkpoint();
    sums.fill(0);
    for (const p of training) {
      let bestCentre = 0;
      let bestSimilarity = -Infinity;
      for (let c = 0; c < count; c += 1) {
        const s = dot(points, p * d, centres, c * d, d);
        if (s > bestSimilarity) {
          bestSimilarity = s;
          bestCentre = c;
        }
      }
      for (let j = 0; j < d; j += 1) sums[bestCentre * d + j]! += points[p * d + j]!;
    }
    for (let c = 0; c < count; c += 1) {
      if (normalizeInPlace(sums, c * d, d)) for (let j = 0; j < d; j += 1) centres[c * d + j] = sums[c * d + j]!;
    }
  }
  return centres;
}
