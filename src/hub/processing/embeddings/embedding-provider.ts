/**
 * Sentence embeddings, when a deployment configures a provider
 * (`EMBEDDINGS`, docs/processing.md). Clustering, topic assignment, tracker
 * linking and search use them when present and fall back to the lexical
 * method when not.
 */
export interface EmbeddingProvider {
  /** Recorded beside stored vectors with `dimensions`, so vectors of different models are never compared. */
  readonly model: string;
  /** The length of this provider's vectors: undefined until its first call that returned vectors, then fixed. */
  readonly dimensions: number | undefined;
  /**
   * Unit-length vectors, one per text, in the order given. A text that is
   * empty or only white space is refused (`EMBEDDINGS_EMPTY_TEXT`); one
   * longer than `MAX_EMBEDDED_CHARS` (embedding-texts.ts) is embedded by its
   * beginning. Once `signal` is aborted the call stops at its next wait (a
   * request, a retry's pause, the next batch) and rejects with the
   * signal's reason.
   */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}
