/**
 * The built-in analyzer (docs/processing.md, "Analysis"): deterministic,
 * lexical, on this machine. Per fragment it reads sentences and lemmas,
 * scores sentiment, and classifies each customer sentence; then it detects
 * the language and writes the summary and keywords of the conversation.
 * Text in a language other than English gets its language and nothing
 * from the English lexicons.
 */
import type { Analyzer, AnalyzerInput, AnalyzerOptions, ConversationAnalysis, FragmentAnalysis, InsightAnalysis, InsightType } from '../analyzer.ts';
import { competitorMatcher } from './competitors.ts';
import { customerSide } from './customer-side.ts';
import { importance } from './importance.ts';
import { classifySentence } from './insight-classifier.ts';
import { insightModel, type InsightModel } from './insight-model.ts';
import { keywords as keywordsOf, type WeightedSentence } from './keywords.ts';
import { detectLanguage } from './language.ts';
import { lemmaString, readText, type Sentence } from './read-text.ts';
import { normaliseValence, sentenceValence, withInsightType } from './sentiment.ts';
import { summarize, type SummaryCandidate } from './summary.ts';

/** A fragment is read up to this length; the pipeline cuts longer utterances into fragments first. */
const MAX_FRAGMENT_CHARS = 20_000;
/** Below this a fragment's own language is not judged: too little text for eld. */
const MIN_CHARS_FOR_FRAGMENT_LANGUAGE = 40;
/** A fragment whose score is nearer 0 than this does not count towards the conversation's mean. */
const NEUTRAL = 0.05;

/**
 * English function words: a fragment of an English conversation that has
 * none of them in its first words is another language's (a quoted email,
 * one customer's reply in Spanish); only then is eld asked, which would
 * otherwise be a quarter of the analysis time.
 */
const ENGLISH_FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'and', 'or', 'to', 'of', 'in', 'on', 'for', 'with', 'be', 'have', 'do', 'i', 'you', 'we', 'it', 'they', 'this', 'that', 'my', 'our', 'your',
  'not', 'can', 'will', 'would', 'at', 'from', 'but', 'if', 'so', 'is', 'what', 'how', 'me', 'us',
]);
const FOREIGN_CHECK_WORDS = 6;

function mayBeForeign(text: string, sentences: readonly Sentence[]): boolean {
  if (text.length < MIN_CHARS_FOR_FRAGMENT_LANGUAGE) return false;
  const words = sentences.flatMap((s) => s.tokens).filter((t) => /\p{L}/u.test(t.value)).slice(0, 40);
  if (words.length < FOREIGN_CHECK_WORDS || words.some((t) => ENGLISH_FUNCTION_WORDS.has(t.lemma))) return false;
  const language = detectLanguage(text);
  return language !== null && !language.startsWith('en');
}

interface ClassifiedSentence {
  readonly sentence: Sentence;
  readonly valence: number;
  readonly type: InsightType | null;
  readonly formulaic: boolean;
}

/** What the agent says counts less towards the keywords than what the customer says. */
const AGENT_KEYWORD_WEIGHT = 0.5;

function insightsOf(position: number, text: string, classified: readonly ClassifiedSentence[]): InsightAnalysis[] {
  const insights: InsightAnalysis[] = [];
  let i = 0;
  while (i < classified.length) {
    const first = classified[i];
    const type = first?.type;
    if (!first || !type) {
      i += 1;
      continue;
    }
    // Neighbouring sentences of one type are one insight in the customer's words.
    let j = i;
    let valence = 0;
    const lemmas: string[] = [];
    while (j < classified.length && classified[j]?.type === type) {
      valence += classified[j]?.valence ?? 0;
      lemmas.push(lemmaString(classified[j]?.sentence.tokens ?? []));
      j += 1;
    }
    const last = classified[j - 1] ?? first;
    const sentiment = normaliseValence(valence);
    insights.push({
      position,
      type,
      text: text.slice(first.sentence.start, last.sentence.end),
      summary: null,
      sentiment: Math.round(sentiment * 1000) / 1000,
      importance: importance(type, sentiment, lemmas.join(' ')),
    });
    i = j;
  }
  return insights;
}

function analyzeSync(input: AnalyzerInput, options: AnalyzerOptions, model: InsightModel): Omit<ConversationAnalysis, 'analyzer'> {
  const competitors = competitorMatcher(options.competitors);
  const isCustomer = customerSide(input.participants);
  const language = detectLanguage(input.fragments.map((f) => f.text.slice(0, 200)).join('\n')) ?? input.language;
  const english = language === null || language.toLowerCase().startsWith('en');
  if (!english) {
    return { language, sentiment: null, summary: null, keywords: [], fragments: input.fragments.map((f) => ({ position: f.position, sentiment: 0 })), insights: [] };
  }
  const fragments: FragmentAnalysis[] = [];
  const insights: InsightAnalysis[] = [];
  const candidates: SummaryCandidate[] = [];
  const weighted: WeightedSentence[] = [];
  const customerScores: number[] = [];
  let customerFragments = 0;
  for (const fragment of input.fragments) {
    const text = fragment.text.length > MAX_FRAGMENT_CHARS ? fragment.text.slice(0, MAX_FRAGMENT_CHARS) : fragment.text;
    const sentences = readText(text);
    if (mayBeForeign(text, sentences)) {
      fragments.push({ position: fragment.position, sentiment: 0 });
      continue;
    }
    const customer = isCustomer(fragment);
    const classified = sentences.map((sentence) => {
      const lexical = sentenceValence(sentence.tokens);
      const found = classifySentence(sentence, lexical, competitors.mentions(sentence.text) !== null, model, customer);
      const type = customer ? found.type : null;
      return { sentence, valence: withInsightType(lexical, found.type, found.question, found.formulaic, lemmaString(sentence.tokens)), type, formulaic: found.formulaic };
    });
    const score = normaliseValence(classified.reduce((sum, c) => sum + c.valence, 0));
    fragments.push({ position: fragment.position, sentiment: Math.round(score * 1000) / 1000 });
    const found = customer ? insightsOf(fragment.position, text, classified) : [];
    insights.push(...found);
    for (const c of classified) {
      const carried = found.find((f) => f.text.includes(c.sentence.text));
      candidates.push({ sentence: c.sentence, customer, importance: carried?.importance ?? 0 });
      if (!c.formulaic) weighted.push({ sentence: c.sentence, weight: customer ? 1 : AGENT_KEYWORD_WEIGHT });
    }
    if (customer) {
      customerFragments += 1;
      if (Math.abs(score) >= NEUTRAL) customerScores.push(score);
    }
  }
  const names = new Set(input.participants.flatMap((p) => (p.name ?? '').toLowerCase().split(/[\s.@]+/)).filter((n) => n !== ''));
  const keywords = keywordsOf(weighted, names);
  const mean = customerScores.length === 0 ? 0 : customerScores.reduce((a, b) => a + b, 0) / customerScores.length;
  return {
    language,
    sentiment: customerFragments === 0 ? null : Math.round(mean * 1000) / 1000,
    summary: summarize(candidates, keywords),
    keywords,
    fragments,
    insights,
  };
}

/** The local analyzer with another insight model than the shipped one: cross-validation (`npm run cv:insights`). */
export function localAnalyzerWith(model: InsightModel): Analyzer {
  return {
    name: 'local',
    async analyze(input, options) {
      return { analyzer: 'local', ...analyzeSync(input, options, model) };
    },
  };
}

export const localAnalyzer: Analyzer = localAnalyzerWith(insightModel);
