/**
 * The texts a provider embeds, checked the same way for every provider
 * (docs/processing.md "Embeddings"). An empty text has no meaning to embed,
 * and OpenAI-compatible servers answer it with an error that would fail
 * the whole batch: it is refused here, naming its place. A long text is
 * cut: embedding models read a few hundred to a few thousand tokens and
 * drop the rest, and the cut keeps requests to the server bounded
 * (64 texts of 8,000 characters are 512 KB).
 */
import { EmbeddingErrors } from './embedding-errors.ts';

/** About 2,000 tokens of English, the context of common embedding models or more. */
export const MAX_EMBEDDED_CHARS = 8000;

export function embeddingTexts(texts: readonly string[]): string[] {
  return texts.map((text, index) => {
    if (text.trim() === '') throw EmbeddingErrors.EMBEDDINGS_EMPTY_TEXT([index, texts.length]);
    if (text.length <= MAX_EMBEDDED_CHARS) return text;
    const cut = text.slice(0, MAX_EMBEDDED_CHARS);
    // Not half a character outside the BMP.
    return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
  });
}
