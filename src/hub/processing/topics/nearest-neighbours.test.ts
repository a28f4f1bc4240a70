import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nearestNeighbours } from './nearest-neighbours.ts';
import { gaussian, seededRandom } from './seeded-random.ts';
import { normalizeInPlace } from './vector-math.ts';

/** `groups` tight groups of `size` unit points around random directions, group after group. */
function groupedPoints(groups: number, size: number, d: number): Float32Array {
  const random = seededRandom(3);
  const points = new Float32Array(groups * size * d);
  for (let g = 0; g < groups; g += 1) {
    const centre = Float32Array.from({ length: d }, () => gaussian(random));
    normalizeInPlace(centre, 0, d);
    for (let i = 0; i < size; i += 1) {
      const o = (g * size + i) * d;
      for (let j = 0; j < d; j += 1) points[o + j] = centre[j]! + 0.05 * gaussian(random);
      normalizeInPlace(points, o, d);
    }
  }
  return points;
}

describe('nearestNeighbours', () => {
  for (const [groups, label] of [[30, 'exactly, below 4,000 points'], [60, 'by the inverted-file index, above 4,000 points']] as const) {
    it(`finds each point's neighbours in its own group, ${label}`, () => {
      const size = 100;
      const k = 8;
      const { index, similarity } = nearestNeighbours(groupedPoints(groups, size, 32), 32, k, seededRandom(1), () => undefined);
      let inGroup = 0;
      for (let i = 0; i < groups * size; i += 1) {
        for (let n = 0; n < k; n += 1) {
          const j = index[i * k + n]!;
          assert.notEqual(j, i, 'a point is not its own neighbour');
          if (n > 0) assert.ok(similarity[i * k + n]! <= similarity[i * k + n - 1]!, 'best first');
          if (Math.floor(j / size) === Math.floor(i / size)) inGroup += 1;
        }
      }
      assert.ok(inGroup / (groups * size * k) > 0.99, `${inGroup} of ${groups * size * k} neighbours in their own group`);
    });
  }
});
