/**
 * The insight type of one customer sentence (docs/processing.md,
 * "Insights"): the first type in `PRIORITY` whose cues match, so a sentence
 * that names a configured competitor and threatens to leave is
 * `competitor`, one that reports a crash and asks why is `bug`. A question
 * carrying no other type is `question`, unless it only keeps the
 * conversation going; praise needs positive sentiment as well as a cue.
 */
import type { InsightType } from '../analyzer.ts';
import { AGENT_PHRASES, INSIGHT_CUES, PHATIC_QUESTIONS, type TypeCues } from './insight-cues.ts';
import { sentenceFeatures } from './insight-features.ts';
import { insightModel, predict } from './insight-model.ts';
import { isNegated } from './negation.ts';
import { lemmaString, type Sentence } from './read-text.ts';

export const PRIORITY: readonly InsightType[] = [
  'competitor', 'churn_risk', 'bug', 'pricing', 'objection', 'feature_request', 'pain_point', 'question', 'praise',
];

interface CompiledCues {
  readonly cues: RegExp | null;
  readonly fixed: RegExp | null;
  readonly stated: RegExp | null;
  readonly weak: RegExp | null;
  readonly unless: RegExp | null;
}

function alternation(patterns: readonly string[] | undefined, flags: string): RegExp | null {
  if (!patterns || patterns.length === 0) return null;
  return new RegExp(`(?<![\\w'])(?:${patterns.join('|')})(?![\\w'])`, flags);
}

function compile(cues: TypeCues): CompiledCues {
  return {
    cues: alternation(cues.cues, 'g'),
    fixed: alternation(cues.fixed, ''),
    stated: alternation(cues.stated, 'g'),
    weak: alternation(cues.weak, ''),
    unless: alternation(cues.unless, ''),
  };
}

const COMPILED = new Map(Object.entries(INSIGHT_CUES).map(([type, cues]) => [type as InsightType, compile(cues)]));
const AGENT = alternation(AGENT_PHRASES, '');
const PHATIC = alternation(PHATIC_QUESTIONS, '');

/** Words that open a question even without its question mark (chat): "how do I export". */
const WH_OPENERS: ReadonlySet<string> = new Set(['how', 'what', 'when', 'where', 'why', 'which', 'who', 'whom', 'whose', 'any', 'anyone']);
/** Auxiliaries that open a question when their subject follows: "can you…", "is there…". */
const AUX_OPENERS: ReadonlySet<string> = new Set(['can', 'could', 'do', 'be', 'will', 'would', 'should', 'have', 'may', 'shall']);
const SUBJECTS: ReadonlySet<string> = new Set(['PRON', 'PROPN', 'DET', 'NOUN']);

/** Courtesy that is not praise on its own ("Great, thanks!", "Perfect."). */
const COURTESY: ReadonlySet<string> = new Set([
  'great', 'perfect', 'ok', 'okay', 'thanks', 'thank', 'you', 'awesome', 'cool', 'sound', 'good', 'nice', 'sure', 'alright', 'brilliant', 'wonderful',
  'cheers', 'bye', 'morning', 'afternoon', 'evening', 'day', 'have', 'a', 'so', 'much', 'very', 'again', 'lovely', 'excellent', 'fantastic', 'fine', 'yes', 'yeah',
  'amazing', 'oh', 'wow', 'that', 'be', 'it', 'will', 'do', 'hi', 'hello', 'hey', 'all', 'for', 'the', 'help', 'your', 'then', 'well', 'just', 'really', 'too', 'and',
  'there', 'make', 'sense', 'right', 'got', 'get', 'now', 'for', 'confirm', 'confirming', 'talk', 'soon', 'later', 'see', 'question', 'to', 'know', 'glad', 'hear',
]);

function firesUnnegated(pattern: RegExp | null, lemmas: string, words: readonly string[]): boolean {
  if (!pattern) return false;
  for (const match of lemmas.matchAll(pattern)) {
    const index = countSpaces(lemmas, match.index);
    if (!isNegated(words, index)) return true;
  }
  return false;
}

function countSpaces(text: string, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i += 1) if (text.charCodeAt(i) === 32) count += 1;
  return count;
}

export function isQuestion(sentence: Sentence): boolean {
  const words = sentence.tokens.filter((t) => t.pos !== 'PUNCT' && t.pos !== 'SYM');
  if (words.length === 0) return false;
  if (sentence.tokens.some((t) => t.value.includes('?'))) return true;
  const [first, second] = words;
  if (!first || !second || words.length < 3) return false;
  return WH_OPENERS.has(first.lemma) || (AUX_OPENERS.has(first.lemma) && SUBJECTS.has(second.pos));
}

function isOnlyCourtesy(sentence: Sentence): boolean {
  return sentence.tokens.every((t) => t.pos === 'PUNCT' || t.pos === 'SYM' || COURTESY.has(t.lemma));
}

/**
 * Below this probability the model's type gives way to the rules for
 * questions and praise: chosen among 0.3–0.6 on the second development
 * batch while the model was trained on the first (docs/quality.md).
 */
const MODEL_CONFIDENCE = 0.3;

/** The types found by cues alone, in priority order (`PRIORITY` without the three judged otherwise). */
const CUED = PRIORITY.filter((type) => COMPILED.has(type) && type !== 'praise');

export interface SentenceClass {
  readonly type: InsightType | null;
  /** Whether the sentence asks something (a question mark, or an opening such as "how do I"). */
  readonly question: boolean;
  /** Agent phrasing or courtesy alone: neither an insight nor the customer's sentiment. */
  readonly formulaic: boolean;
}

/**
 * The insight type of a sentence said by a customer, or null. `valence` is
 * the sentence's sentiment sum (`sentiment.ts`); `competitor` whether it
 * names a configured competitor.
 */
export function classifySentence(sentence: Sentence, valence: number, competitor: boolean): SentenceClass {
  const lemmas = lemmaString(sentence.tokens);
  const question = isQuestion(sentence);
  if (AGENT?.test(lemmas) || isOnlyCourtesy(sentence)) return { type: null, question, formulaic: true };
  if (competitor) return { type: 'competitor', question, formulaic: false };
  const words = sentence.tokens.map((t) => t.lemma);
  const strong = (type: InsightType): boolean => {
    const cues = COMPILED.get(type);
    if (!cues || cues.unless?.test(lemmas)) return false;
    return Boolean(cues.fixed?.test(lemmas)) || firesUnnegated(cues.cues, lemmas, words) || (!question && firesUnnegated(cues.stated, lemmas, words));
  };
  const decide = (type: InsightType | null): SentenceClass => ({ type, question, formulaic: false });
  for (const type of CUED) if (strong(type)) return decide(type);
  const learned = predict(insightModel, sentenceFeatures(sentence.tokens, valence, question));
  if (learned.type !== null && learned.probability >= MODEL_CONFIDENCE) return decide(learned.type);
  const praise = valence > 0 && strong('praise');
  if (question) return decide(PHATIC?.test(lemmas) ? null : 'question');
  if (praise) return decide('praise');
  for (const type of CUED) if (COMPILED.get(type)?.weak?.test(lemmas)) return decide(type);
  return decide(null);
}
