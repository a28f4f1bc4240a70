/**
 * A list of cues (regular expressions over a lemma string, `insight-cues.ts`)
 * compiled for speed. One alternation of hundreds of cues is tried at every
 * character of every sentence, which was a quarter of the analysis time;
 * instead, a cue that starts with a literal word (or a group of literal
 * words) is tried only where a word equal to it starts, and only the few
 * others are scanned for.
 */
import { isNegated } from './negation.ts';

/** A sentence's lemma string cut into words, with where each starts. */
export interface LemmaWords {
  readonly text: string;
  readonly words: readonly string[];
  readonly offsets: readonly number[];
}

export interface CueMatcher {
  /** Whether a cue matches; with `negatable`, only a match no negator governs counts. */
  matches(sentence: LemmaWords, negatable: boolean): boolean;
}

export function lemmaWords(text: string): LemmaWords {
  const words = text.split(' ');
  const offsets: number[] = [];
  let offset = 0;
  for (const word of words) {
    offsets.push(offset);
    offset += word.length + 1;
  }
  return { text, words, offsets };
}

const LITERAL = /^[a-z0-9'-]+$/;

/** The end of the group that opens at `start`, or -1. */
function groupEnd(pattern: string, start: number): number {
  let depth = 0;
  for (let i = start; i < pattern.length; i += 1) {
    const c = pattern[i];
    if (c === '\\') i += 1;
    else if (c === '(') depth += 1;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The words a cue can start with, or null when it cannot be told without scanning. */
function firstWords(pattern: string): string[] | null {
  if (pattern.startsWith('(?:')) {
    const end = groupEnd(pattern, 0);
    if (end < 0 || /[?*{]/.test(pattern[end + 1] ?? '')) return null;
    const alternatives: string[] = [];
    let depth = 0;
    let from = 3;
    for (let i = 3; i < end; i += 1) {
      const c = pattern[i];
      if (c === '\\') i += 1;
      else if (c === '(') depth += 1;
      else if (c === ')') depth -= 1;
      else if (c === '|' && depth === 0) {
        alternatives.push(pattern.slice(from, i));
        from = i + 1;
      }
    }
    alternatives.push(pattern.slice(from, end));
    const words = alternatives.map((a) => a.split(' ')[0] ?? '');
    // An alternative that is a whole word must be followed by a space in the pattern.
    const followedBySpace = pattern[end + 1] === ' ' || end + 1 === pattern.length;
    return words.every((w, i) => LITERAL.test(w) && (alternatives[i]?.includes(' ') || followedBySpace)) ? words : null;
  }
  const first = pattern.split(' ')[0] ?? '';
  return LITERAL.test(first) ? [first] : null;
}

export function compileCues(patterns: readonly string[]): CueMatcher {
  const byWord = new Map<string, string[]>();
  const scanned: string[] = [];
  for (const pattern of patterns) {
    const words = firstWords(pattern);
    if (!words) scanned.push(pattern);
    else for (const word of new Set(words)) byWord.set(word, [...(byWord.get(word) ?? []), pattern]);
  }
  const anchored = new Map([...byWord].map(([word, list]) => [word, new RegExp(`(?:${list.join('|')})(?![\\w'])`, 'y')]));
  const scan = scanned.length === 0 ? null : new RegExp(`(?<![\\w'])(?:${scanned.join('|')})(?![\\w'])`, 'g');
  return {
    matches({ text, words, offsets }, negatable) {
      for (let w = 0; w < words.length; w += 1) {
        const pattern = anchored.get(words[w] ?? '');
        if (!pattern) continue;
        pattern.lastIndex = offsets[w] ?? 0;
        if (pattern.test(text) && !(negatable && isNegated(words, w))) return true;
      }
      if (!scan) return false;
      for (const match of text.matchAll(scan)) {
        let w = 0;
        while (w + 1 < offsets.length && (offsets[w + 1] ?? 0) <= match.index) w += 1;
        if (!(negatable && isNegated(words, w))) return true;
      }
      return false;
    },
  };
}
