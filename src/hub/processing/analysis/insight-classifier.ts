/**
 * The insight type of one customer sentence (docs/processing.md,
 * "Insights"): the first type in `PRIORITY` whose cues match, so a sentence
 * that names a configured competitor and threatens to leave is
 * `competitor`, one that reports a crash and asks why is `bug`. A question
 * carrying no other type is `question`, unless it only keeps the
 * conversation going; praise needs positive sentiment as well as a cue.
 */
import type { InsightType } from '../analyzer.ts';
import { AGENT_PHRASES, INSIGHT_CUES, PHATIC_QUESTIONS } from './insight-cues.ts';
import { sentenceFeatures } from './insight-features.ts';
import { insightModel, predict } from './insight-model.ts';
import { compileCues, lemmaWords, type CueMatcher } from './cue-matcher.ts';
import { lemmaString, type Sentence } from './read-text.ts';

export const PRIORITY: readonly InsightType[] = [
  'competitor', 'churn_risk', 'bug', 'pricing', 'objection', 'feature_request', 'pain_point', 'question', 'praise',
];

interface CompiledCues {
  readonly cues: CueMatcher | null;
  readonly fixed: CueMatcher | null;
  readonly stated: CueMatcher | null;
  readonly weak: CueMatcher | null;
  readonly unless: CueMatcher | null;
}

function compiled(patterns: readonly string[] | undefined): CueMatcher | null {
  return patterns && patterns.length > 0 ? compileCues(patterns) : null;
}

const COMPILED = new Map(
  Object.entries(INSIGHT_CUES).map(([type, cues]) => [
    type as InsightType,
    { cues: compiled(cues.cues), fixed: compiled(cues.fixed), stated: compiled(cues.stated), weak: compiled(cues.weak), unless: compiled(cues.unless) } satisfies CompiledCues,
  ]),
);
const AGENT = compileCues(AGENT_PHRASES);
const PHATIC = compileCues(PHATIC_QUESTIONS);

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
 * questions and praise: chosen among 0.2–0.6 by cross-validation on the
 * development file (docs/quality.md).
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
  const lemmas = lemmaWords(lemmaString(sentence.tokens));
  const question = isQuestion(sentence);
  if (AGENT.matches(lemmas, false) || isOnlyCourtesy(sentence)) return { type: null, question, formulaic: true };
  if (competitor) return { type: 'competitor', question, formulaic: false };
  const strong = (type: InsightType): boolean => {
    const cues = COMPILED.get(type);
    if (!cues || cues.unless?.matches(lemmas, false)) return false;
    return Boolean(cues.fixed?.matches(lemmas, false) || cues.cues?.matches(lemmas, true) || (!question && cues.stated?.matches(lemmas, true)));
  };
  const decide = (type: InsightType | null): SentenceClass => ({ type, question, formulaic: false });
  for (const type of CUED) if (strong(type)) return decide(type);
  const learned = predict(insightModel, sentenceFeatures(sentence.tokens, valence, question));
  if (learned.type !== null && learned.probability >= MODEL_CONFIDENCE) return decide(learned.type);
  const praise = valence > 0 && strong('praise');
  if (question) return decide(PHATIC.matches(lemmas, false) ? null : 'question');
  if (praise) return decide('praise');
  for (const type of CUED) if (COMPILED.get(type)?.weak?.matches(lemmas, false)) return decide(type);
  return decide(null);
}
