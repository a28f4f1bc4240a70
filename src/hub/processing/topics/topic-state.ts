/**
 * What assignTopic needs of a built topic model (docs/processing.md
 * "Topics", state): the vocabulary with its idf, the LSA projection and the
 * word vectors of that vocabulary (int8, one scale per row), and each
 * topic's centroid in the lexical space and, when the model was built from
 * embeddings, in the embedding space too (so an insight without a vector can
 * still be placed).
 */
export interface Int8Rows {
  readonly width: number;
  readonly scale: Float32Array;
  readonly values: Int8Array;
  /** values × scale, what the features are computed from. */
  readonly dequantized: Float32Array;
}

export interface FeatureWeights {
  readonly lsa: number;
  readonly words: number;
}

export interface TopicState {
  readonly terms: readonly string[];
  readonly termIndex: ReadonlyMap<string, number>;
  readonly idf: Float32Array;
  /** terms × LSA rank. */
  readonly lsa: Int8Rows;
  /** Per term, its row in `words`, or -1 for a bigram or a word without a vector. */
  readonly wordRows: Int32Array;
  readonly words: Int8Rows;
  /** Mean of the corpus's normalised word-vector features, removed before comparing (it is common to every text). */
  readonly wordMean: Float32Array;
  readonly weights: FeatureWeights;
  readonly topics: number;
  /** topics × lexical dimensions (LSA rank + word dimensions), unit rows. */
  readonly lexicalCentroids: Float32Array;
  readonly lexicalMinSimilarity: number;
  /** 0 when the model was built without embeddings. */
  readonly embeddingDimensions: number;
  readonly embeddingCentroids: Float32Array;
  readonly embeddingMinSimilarity: number;
}

export function quantizeRows(matrix: Float32Array, width: number): Int8Rows {
  const rows = width === 0 ? 0 : matrix.length / width;
  const scale = new Float32Array(rows);
  const values = new Int8Array(matrix.length);
  const dequantized = new Float32Array(matrix.length);
  for (let r = 0; r < rows; r += 1) {
    let max = 0;
    for (let j = 0; j < width; j += 1) max = Math.max(max, Math.abs(matrix[r * width + j]!));
    const s = Math.fround(max / 127);
    scale[r] = s;
    for (let j = 0; j < width; j += 1) {
      const q = s === 0 ? 0 : Math.round(matrix[r * width + j]! / s);
      values[r * width + j] = q;
      dequantized[r * width + j] = q * s;
    }
  }
  return { width, scale, values, dequantized };
}

export function dequantizeRows(width: number, scale: Float32Array, values: Int8Array): Int8Rows {
  const dequantized = new Float32Array(values.length);
  for (let i = 0; i < values.length; i += 1) dequantized[i] = values[i]! * scale[Math.floor(i / width)]!;
  return { width, scale, values, dequantized };
}

export function lexicalDimensions(state: Pick<TopicState, 'lsa' | 'words'>): number {
  return state.lsa.width + state.words.width;
}
