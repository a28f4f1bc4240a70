/**
 * The extractive summary of a conversation (docs/processing.md, "Summary
 * and keywords"): up to three of its own sentences, in the order they were
 * said. A sentence scores by the importance of the insight it carries, by
 * the conversation's keywords it contains, and, for the customer's first
 * substantial sentence (usually why they got in touch), a bonus; greetings,
 * courtesy and fragments under four words never qualify.
 */
import { lemmaString, type Sentence } from './read-text.ts';

export interface SummaryCandidate {
  readonly sentence: Sentence;
  readonly customer: boolean;
  /** Importance of the insight the sentence carries, 0 when none. */
  readonly importance: number;
}

const SENTENCES = 3;
const MIN_WORDS = 4;
const MAX_CHARS = 600;
const OPENING = /^(?:hi|hello|hey|good (?:morning|afternoon|evening)|thank|thanks|bye|goodbye|have a|you be welcome|no problem|ok|okay|sure|great|perfect)\b/;

export function summarize(candidates: readonly SummaryCandidate[], keywords: readonly string[]): string | null {
  const keywordSet = new Set(keywords.flatMap((k) => k.split(' ')));
  let firstCustomerSeen = false;
  const scored = candidates.flatMap((candidate, order) => {
    const words = candidate.sentence.tokens.filter((t) => t.pos !== 'PUNCT' && t.pos !== 'SYM');
    const lemmas = lemmaString(candidate.sentence.tokens);
    if (words.length < MIN_WORDS || OPENING.test(lemmas)) return [];
    let score = candidate.importance + 0.1 * words.filter((w) => keywordSet.has(w.value.toLowerCase())).length;
    if (candidate.customer && !firstCustomerSeen) {
      firstCustomerSeen = true;
      score += 0.4;
    }
    if (!candidate.customer) score *= 0.5;
    return [{ order, score, text: candidate.sentence.text }];
  });
  if (scored.length === 0) return null;
  const chosen = [...scored].sort((a, b) => b.score - a.score || a.order - b.order).slice(0, SENTENCES).sort((a, b) => a.order - b.order);
  let summary = '';
  for (const { text } of chosen) {
    const next = summary === '' ? text : `${summary} ${text}`;
    if (next.length > MAX_CHARS && summary !== '') break;
    summary = next.length > MAX_CHARS ? `${next.slice(0, MAX_CHARS - 1).trimEnd()}…` : next;
  }
  return summary;
}
