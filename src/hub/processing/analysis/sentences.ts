/**
 * Sentence boundaries for the pipeline's fragments (docs/processing.md,
 * "Fragments"): an utterance longer than a limit becomes several fragments,
 * cut where a sentence ends.
 */
import { readText } from './read-text.ts';

export interface SentenceSpan {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export function splitSentences(text: string): SentenceSpan[] {
  return readText(text).map(({ start, end, text: own }) => ({ start, end, text: own }));
}

/**
 * Pieces of `text`, each at most `maxChars` long, cut after a sentence; a
 * single sentence longer than the limit is cut at the last whitespace before
 * it (or at the limit when there is none). Each piece is trimmed; the
 * pieces keep the text's order and leave out only whitespace between them.
 */
export function splitLongText(text: string, maxChars: number): string[] {
  if (text.trim().length <= maxChars) return text.trim() === '' ? [] : [text.trim()];
  const pieces: string[] = [];
  let pieceStart = -1;
  let pieceEnd = -1;
  const flush = (): void => {
    if (pieceStart >= 0) pieces.push(text.slice(pieceStart, pieceEnd));
    pieceStart = -1;
  };
  for (const sentence of splitSentences(text)) {
    if (pieceStart >= 0 && sentence.end - pieceStart > maxChars) flush();
    if (sentence.end - sentence.start > maxChars) {
      flush();
      for (const part of cutAtWhitespace(sentence.text, maxChars)) pieces.push(part);
      continue;
    }
    if (pieceStart < 0) pieceStart = sentence.start;
    pieceEnd = sentence.end;
  }
  flush();
  return pieces;
}

function cutAtWhitespace(text: string, maxChars: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    const space = rest.lastIndexOf(' ', maxChars);
    const cut = space > 0 ? space : maxChars;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') parts.push(rest);
  return parts;
}
