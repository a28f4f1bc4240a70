/**
 * Language detection with eld (n-gram, 60 languages, its "small" database
 * bundled in the npm package). Short or mixed text is not reliable enough to
 * name a language; the caller then keeps what the source declared.
 */
import { eld } from 'eld/small';

/** Enough text for eld; longer text adds time, not accuracy. */
const SAMPLE_CHARS = 800;

/** ISO 639-1 code (valid BCP 47), or null when the text is too short or mixed to tell. */
export function detectLanguage(text: string): string | null {
  const result = eld.detect(text.slice(0, SAMPLE_CHARS));
  return result.language !== '' && result.isReliable() ? result.language : null;
}
