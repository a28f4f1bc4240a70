/** Dense helpers over unit rows stored back to back in one Float32Array. */

export function dot(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, length: number): number {
  let sum = 0;
  for (let j = 0; j < length; j += 1) sum += a[aOffset + j]! * b[bOffset + j]!;
  return sum;
}

/** Scales a[offset…offset+length) to unit length; false when it is zero. */
export function normalizeInPlace(a: Float32Array | Float64Array, offset: number, length: number): boolean {
  let norm = 0;
  for (let j = offset; j < offset + length; j += 1) norm += a[j]! * a[j]!;
  if (norm <= 1e-20) return false;
  const inverse = 1 / Math.sqrt(norm);
  for (let j = offset; j < offset + length; j += 1) a[j]! *= inverse;
  return true;
}

/** The row of `centroids` most similar to `vector`, with its similarity; -1 when there are none. */
export function nearestRow(vector: Float32Array, centroids: Float32Array, dimensions: number): { row: number; similarity: number } {
  let row = -1;
  let similarity = -Infinity;
  const rows = dimensions === 0 ? 0 : centroids.length / dimensions;
  for (let c = 0; c < rows; c += 1) {
    const s = dot(vector, 0, centroids, c * dimensions, dimensions);
    if (s > similarity) {
      similarity = s;
      row = c;
    }
  }
  return { row, similarity };
}

/** Per label (0…topics-1), the unit mean of the rows of `points` that have it; -1 rows count for none. */
export function centroidsOf(points: Float32Array, dimensions: number, label: Int32Array, topics: number): Float32Array {
  const sums = new Float64Array(topics * dimensions);
  for (let i = 0; i < label.length; i += 1) {
    const t = label[i]!;
    if (t < 0) continue;
    for (let j = 0; j < dimensions; j += 1) sums[t * dimensions + j]! += points[i * dimensions + j]!;
  }
  const out = new Float32Array(topics * dimensions);
  for (let t = 0; t < topics; t += 1) {
    normalizeInPlace(sums, t * dimensions, dimensions);
    for (let j = 0; j < dimensions; j += 1) out[t * dimensions + j] = sums[t * dimensions + j]!;
  }
  return out;
}
