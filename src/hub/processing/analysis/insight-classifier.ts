/**
 * The insight type of one customer sentence (docs/processing.md,
 * "Insights"). Agent phrasing and courtesy alone are no insight, and a
 * sentence naming a configured competitor is `competitor`, which no model
 * can learn; every other sentence is decided by the insight model, which
 * sees the cues of each type (`cue-hits.ts`) as features beside the words:
 * a cue hand-written for one wording no longer overrules what the labelled
 * files taught about the rest of the sentence. A line with several
 * insights reports them all; its single type is the first in `PRIORITY`.
 */
import type { InsightType } from '../analyzer.ts';
import { cueHits } from './cue-hits.ts';
import { sentenceFeatures } from './insight-features.ts';
import { insightModel, predict, type InsightModel } from './insight-model.ts';
import { lemmaWords } from './cue-matcher.ts';
import { lemmaString, type Sentence } from './read-text.ts';

export const PRIORITY: readonly InsightType[] = [
  'competitor', 'churn_risk', 'bug', 'pricing', 'objection', 'feature_request', 'pain_point', 'question', 'praise',
];

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
 * names a configured competitor. A sentence of the company's side
 * (`customer` false) is never an insight, so the model, most of the
 * analysis's time, is not asked: its type is null and its sentiment the
 * lexicon's.
 */
export function classifySentence(sentence: Sentence, valence: number, competitor: boolean, model: InsightModel = insightModel, customer = true): SentenceClass {
  const lemmas = lemmaWords(lemmaString(sentence.tokens));
  const question = isQuestion(sentence);
  const cues = cueHits(lemmas, question);
  if (cues.agent || isOnlyCourtesy(sentence)) return { type: null, question, formulaic: true };
  if (!customer) return { type: null, question, formulaic: false };
  if (competitor) return { type: 'competitor', question, formulaic: false };
  const learned = predict(model, sentenceFeatures(sentence.tokens, valence, question, cues));
  return { type: learned.type, question, formulaic: false };
}
