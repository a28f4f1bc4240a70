/**
 * Sentence embeddings, when a deployment configures a provider
 * (`EMBEDDINGS`, docs/processing.md). Clustering, topic assignment, tracker
 * linking and search use them when present and fall back to the lexical
 * method when not.
 */
export interface EmbeddingProvider {
  /** Recorded beside stored vectors, so vectors of different models are never compared. */
  readonly model: string;
  /** Unit-length vectors, one per text, in the order given. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
