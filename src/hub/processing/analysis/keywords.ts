/**
 * Keywords of a conversation (docs/processing.md, "Summary and keywords"):
 * nouns, proper nouns and adjective–noun or noun–noun pairs, counted by
 * lemma (so "export" and "exports" are one) and shown as first written;
 * pairs count one and a half times, and a word that only occurs inside a
 * chosen pair is not listed again. Each sentence counts with its weight (the
 * customer's more than the agent's), participants' names are no keywords,
 * and ties go to the word said first.
 */
import type { Sentence, Token } from './read-text.ts';

export interface WeightedSentence {
  readonly sentence: Sentence;
  readonly weight: number;
}

const COUNT = 8;
const CONTENT: ReadonlySet<string> = new Set(['NOUN', 'PROPN']);
/** Nouns too general to say what a conversation was about. */
const GENERIC: ReadonlySet<string> = new Set([
  'thing', 'things', 'way', 'time', 'day', 'week', 'month', 'year', 'lot', 'bit', 'hi', 'hello', 'thanks', 'thank', 'team', 'guy', 'guys', 'question', 'issue',
  'problem', 'moment', 'today', 'tomorrow', 'yesterday', 'morning', 'afternoon', 'something', 'anything', 'everything', 'nothing', 'someone', 'anyone', 'kind',
  'sort', 'people', 'stuff', 'part', 'point', 'yes', 'no', 'ok', 'okay', 'sir', 'madam', 'mr.', 'mrs.', 'ms.', 'call', 'number', 'minute', 'second', 'hour',
  'name', 'email', 'help', 'chat', 'line', 'end', 'side', 'case', 'idea', 'sense', 'hey', 'bye', 'please', 'sorry', 'lol', 'etc', 'x', 'etc.', 'e.g.', 'i.e.',
]);

/** A word, not a contraction or a code: letters, at most 40 characters. */
const PLAIN = /^[\p{L}][\p{L}\p{N}-]*$/u;

function usable(token: Token, names: ReadonlySet<string>): boolean {
  return CONTENT.has(token.pos) && token.value.length >= 3 && token.value.length <= 40 && PLAIN.test(token.value) && !GENERIC.has(token.lemma) && !names.has(token.value.toLowerCase());
}

export function keywords(sentences: readonly WeightedSentence[], names: ReadonlySet<string>): string[] {
  const counts = new Map<string, { shown: string; count: number; first: number; words: readonly string[] }>();
  let order = 0;
  const add = (key: string, shown: string, weight: number, words: readonly string[]): void => {
    const entry = counts.get(key);
    if (entry) entry.count += weight;
    else counts.set(key, { shown, count: weight, first: (order += 1), words });
  };
  for (const { sentence, weight } of sentences) {
    const tokens = sentence.tokens;
    for (let i = 0; i < tokens.length; i += 1) {
      const token = tokens[i];
      if (!token || !usable(token, names)) continue;
      add(token.lemma, token.value.toLowerCase(), weight, [token.lemma]);
      const before = tokens[i - 1];
      if (before && (usable(before, names) || (before.pos === 'ADJ' && before.value.length >= 3 && PLAIN.test(before.value)))) {
        add(`${before.lemma} ${token.lemma}`, `${before.value} ${token.value}`.toLowerCase(), 1.5 * weight, [before.lemma, token.lemma]);
      }
    }
  }
  const ranked = [...counts.entries()].filter(([, e]) => e.words.length === 1 || e.count >= 3).sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first);
  const chosen: { key: string; shown: string; words: readonly string[] }[] = [];
  for (const [key, entry] of ranked) {
    if (chosen.length >= COUNT) break;
    const covered = entry.words.length === 1 && chosen.some((c) => c.words.length > 1 && c.words.includes(key) && (counts.get(key)?.count ?? 0) <= (counts.get(c.key)?.count ?? 0) / 1.5 + 0.5);
    if (!covered) chosen.push({ key, shown: entry.shown, words: entry.words });
  }
  return chosen.map((c) => c.shown);
}
