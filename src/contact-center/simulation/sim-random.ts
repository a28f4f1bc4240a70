/**
 * The simulation's random source: every draw is a hash of the center's seed,
 * the entity and what is being drawn, never a shared generator's next value.
 * So a run does not depend on the order in which jobs happened to run on
 * several processes, and a test that fixes the seed gets the same outcomes.
 */
import { createHash } from 'node:crypto';
import type { Range } from './sim-settings.ts';

/** A number in [0, 1) for `key` (e.g. "call:42:answered") under `seed`. */
export function draw(seed: string, key: string): number {
  const hash = createHash('sha256').update(seed).update('\0').update(key).digest();
  return hash.readUIntBE(0, 6) / 2 ** 48;
}

export function chance(seed: string, key: string, probability: number): boolean {
  return draw(seed, key) < probability;
}

/** A whole number of seconds in the range, inclusive. */
export function between(seed: string, key: string, range: Range): number {
  const [min, max] = range;
  return Math.floor(min + draw(seed, key) * (max - min + 1));
}

export function pick<T>(seed: string, key: string, items: readonly T[]): T {
  return items[Math.floor(draw(seed, key) * items.length)]!;
}
