/**
 * The engine's only source of randomness, so that equal input and seed give
 * equal topics (docs/processing.md "Topics", determinism): mulberry32, a
 * 32-bit generator that is fast and good enough for sampling and projections.
 */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = (seed >>> 0) ^ 0x9e3779b9;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller. */
export function gaussian(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** `count` distinct indexes below `total`, ascending (Floyd's algorithm, Bentley 1987). */
export function sampleIndexes(total: number, count: number, random: Random): Int32Array {
  if (count >= total) return Int32Array.from({ length: total }, (_, i) => i);
  const chosen = new Set<number>();
  for (let j = total - count; j < total; j += 1) {
    const t = Math.floor(random() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return Int32Array.from(chosen).sort();
}
