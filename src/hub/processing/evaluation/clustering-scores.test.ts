import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adjustedRandIndex, normalizedMutualInformation } from './clustering-scores.ts';

const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

describe('clustering scores', () => {
  it('are 1 for the same partition under other names', () => {
    close(normalizedMutualInformation([0, 0, 1, 1, 2], [5, 5, 9, 9, -1]), 1);
    close(adjustedRandIndex([0, 0, 1, 1, 2], [5, 5, 9, 9, -1]), 1);
  });

  it('match hand-computed values', () => {
    // truth {0,1,2}{3,4,5}, predicted {0,1}{2,3}{4,5}: contingency [[2,1,0],[0,1,2]].
    // I = (2·(2/6)·ln 2 + 2·(1/6)·ln 1) = (2/3)·ln 2; H(U) = ln 2; H(V) = ln 3.
    close(normalizedMutualInformation([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]), ((2 / 3) * Math.log(2)) / ((Math.log(2) + Math.log(3)) / 2));
    // Σ C(n_ij,2) = 2, Σ C(a_i,2) = 6, Σ C(b_j,2) = 3, C(6,2) = 15: expected 6·3/15 = 1.2, max 4.5, ARI = 0.8/3.3.
    close(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]), 0.8 / 3.3);
  });

  it('are 0 for a single cluster against several labels', () => {
    close(normalizedMutualInformation([0, 1, 2, 3], [0, 0, 0, 0]), 0);
    close(adjustedRandIndex([0, 0, 1, 1], [0, 0, 0, 0]), 0);
  });

  it('count a noise id as one cluster', () => {
    // Noise {-1} holding one item of each label is worse than the labels themselves.
    assert.ok(normalizedMutualInformation([0, 0, 1, 1], [0, -1, 1, -1]) < 1);
    // Σ C(n_ij,2) = 0, Σ C(a_i,2) = 2, Σ C(b_j,2) = 1, C(4,2) = 6: (0 − 1/3) / (1.5 − 1/3).
    close(adjustedRandIndex([0, 0, 1, 1], [0, -1, 1, -1]), (0 - 1 / 3) / (1.5 - 1 / 3));
  });

  it('refuse lists of different lengths', () => {
    assert.throws(() => normalizedMutualInformation([0], [0, 1]), /1 labels for 2 predictions/);
  });
});
