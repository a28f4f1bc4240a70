/**
 * How an embedding is stored in PostgreSQL (docs/processing.md
 * "Embeddings"): `bytea` of little-endian float32, 4 bytes a dimension,
 * beside the model's name. The embedded PostgreSQL has no pgvector, and
 * node-postgres reads a `real[]` as text it parses number by number:
 * 20,000 vectors of 384 dimensions took 7.3 to 8.8 s to read as `real[]`
 * and 0.5 s as `bytea`, for the same 31 MiB on disk.
 */

export function vectorToBytes(vector: Float32Array): Buffer {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i]!, i * 4);
  return bytes;
}

export function vectorFromBytes(bytes: Uint8Array): Float32Array {
  if (bytes.length % 4 !== 0) throw new Error(`a stored vector has ${bytes.length} bytes, not a multiple of 4`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(bytes.length / 4);
  for (let i = 0; i < vector.length; i++) vector[i] = view.getFloat32(i * 4, true);
  return vector;
}
