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
