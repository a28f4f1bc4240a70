/**
 * Latent semantic analysis of the TF-IDF matrix (Deerwester et al. 1990) by
 * randomized truncated SVD: Halko, Martinsson & Tropp 2011, algorithm 4.4
 * (range finder with power iterations), then the small l×l eigenproblem of
 * B·Bᵀ (ml-matrix) for B = Qᵀ·A. Only the right singular vectors are kept:
 * they project any text's TF-IDF vector, seen or new, into the LSA space.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { gaussian, type Random } from './seeded-random.ts';

/** Compressed sparse rows. */
export interface SparseRows {
  readonly rows: number;
  readonly columns: number;
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly value: Float32Array;
}

const OVERSAMPLING = 10;
const POWER_ITERATIONS = 1;

/** A·M for dense M (columns × width, row-major) into rows × width. */
function times(a: SparseRows, m: Float64Array, width: number): Float64Array {
  const out = new Float64Array(a.rows * width);
  for (let r = 0; r < a.rows; r += 1) {
    const o = r * width;
    for (let p = a.start[r]!; p < a.start[r + 1]!; p += 1) {
      const v = a.value[p]!;
      const m0 = a.index[p]! * width;
      for (let j = 0; j < width; j += 1) out[o + j]! += v * m[m0 + j]!;
    }
  }
  return out;
}

/** Aᵀ·M for dense M (rows × width) into columns × width. */
function transposeTimes(a: SparseRows, m: Float64Array, width: number): Float64Array {
  const out = new Float64Array(a.columns * width);
  for (let r = 0; r < a.rows; r += 1) {
    const m0 = r * width;
    for (let p = a.start[r]!; p < a.start[r + 1]!; p += 1) {
      const v = a.value[p]!;
      const o = a.index[p]! * width;
      for (let j = 0; j < width; j += 1) out[o + j]! += v * m[m0 + j]!;
    }
  }
  return out;
}

/**
 * Orthonormal columns in place by CholeskyQR2 (Fukaya et al. 2014): the
 * Gram matrix MᵀM, its Cholesky factor R, M ← M·R⁻¹, twice for stability.
 * Row by row, so memory is read in order: Gram–Schmidt's column walks took
 * most of a build. A column dependent on the earlier ones becomes zero.
 */
function orthonormalize(m: Float64Array, rows: number, width: number): void {
  const gram = new Float64Array(width * width);
  const r = new Float64Array(width * width);
  // Rᵀ, so that each row's forward substitution reads memory in order.
  const rt = new Float64Array(width * width);
  const x = new Float64Array(width);
  for (let pass = 0; pass < 2; pass += 1) {
    gram.fill(0);
    for (let row = 0; row < rows; row += 1) {
      const o = row * width;
      for (let i = 0; i < width; i += 1) {
        const v = m[o + i]!;
        if (v === 0) continue;
        const g = i * width;
        for (let j = i; j < width; j += 1) gram[g + j]! += v * m[o + j]!;
      }
    }
    r.fill(0);
    let largest = 0;
    for (let i = 0; i < width; i += 1) largest = Math.max(largest, gram[i * width + i]!);
    for (let j = 0; j < width; j += 1) {
      let diagonal = gram[j * width + j]!;
      for (let k = 0; k < j; k += 1) diagonal -= r[k * width + j]! ** 2;
      if (diagonal <= 1e-12 * largest || diagonal <= 1e-20) continue;
      const pivot = Math.sqrt(diagonal);
      r[j * width + j] = pivot;
      for (let i = j + 1; i < width; i += 1) {
        let sum = gram[j * width + i]!;
        for (let k = 0; k < j; k += 1) sum -= r[k * width + j]! * r[k * width + i]!;
        r[j * width + i] = sum / pivot;
      }
    }
    for (let i = 0; i < width; i += 1) for (let j = 0; j < width; j += 1) rt[j * width + i] = r[i * width + j]!;
    for (let row = 0; row < rows; row += 1) {
      const o = row * width;
      for (let j = 0; j < width; j += 1) {
        const pivot = rt[j * width + j]!;
        if (pivot === 0) {
          x[j] = 0;
          continue;
        }
        let sum = m[o + j]!;
        const t = j * width;
        for (let k = 0; k < j; k += 1) sum -= x[k]! * rt[t + k]!;
        x[j] = sum / pivot;
      }
      m.set(x, o);
    }
  }
}

/**
 * The top `rank` right singular vectors of A as a columns × rank matrix
 * (row-major Float32Array); fewer when A has fewer rows or columns.
 */
export function rightSingularVectors(a: SparseRows, rank: number, random: Random): { vectors: Float32Array; rank: number } {
  const k = Math.max(0, Math.min(rank, a.rows, a.columns));
  if (k === 0) return { vectors: new Float32Array(0), rank: 0 };
  const width = Math.min(k + OVERSAMPLING, a.rows, a.columns);
  const omega = new Float64Array(a.columns * width);
  for (let i = 0; i < omega.length; i += 1) omega[i] = gaussian(random);
  let q = times(a, omega, width);
  orthonormalize(q, a.rows, width);
  for (let i = 0; i < POWER_ITERATIONS; i += 1) {
    const z = transposeTimes(a, q, width);
    orthonormalize(z, a.columns, width);
    q = times(a, z, width);
    orthonormalize(q, a.rows, width);
  }
  // Bᵀ = Aᵀ·Q (columns × width); B·Bᵀ = Qᵀ·A·Aᵀ·Q is width × width.
  const bt = transposeTimes(a, q, width);
  const gram = new Matrix(width, width);
  for (let i = 0; i < width; i += 1) {
    for (let j = i; j < width; j += 1) {
      let dot = 0;
      for (let c = 0; c < a.columns; c += 1) dot += bt[c * width + i]! * bt[c * width + j]!;
      gram.set(i, j, dot);
      gram.set(j, i, dot);
    }
  }
  const eigen = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
  const order = eigen.realEigenvalues.map((value, i) => ({ value, i })).sort((x, y) => y.value - x.value || x.i - y.i);
  const u = eigen.eigenvectorMatrix;
  // V = Bᵀ·Û·Σ⁻¹, Σ = sqrt of the eigenvalues of B·Bᵀ.
  const vectors = new Float32Array(a.columns * k);
  for (let s = 0; s < k; s += 1) {
    const { value, i } = order[s]!;
    const sigma = Math.sqrt(Math.max(value, 0));
    if (sigma < 1e-10) continue;
    const column = u.getColumn(i);
    for (let c = 0; c < a.columns; c += 1) {
      let sum = 0;
      for (let j = 0; j < width; j += 1) sum += bt[c * width + j]! * column[j]!;
      vectors[c * k + s] = sum / sigma;
    }
  }
  return { vectors, rank: k };
}
