/**
 * The sentiment of an insight the chat model found: its quoted span scored
 * the way the local analyzer scores its own insights (analysis/sentiment.ts),
 * sentence by sentence, with what the insight's type says (a reported bug
 * is negative however politely worded), then normalised. The fragment's
 * score would not do: one fragment often holds praise and a bug report.
 */
import { classifySentence } from '../analysis/insight-classifier.ts';
import { lemmaString, readText } from '../analysis/read-text.ts';
import { normaliseValence, sentenceValence, withInsightType } from '../analysis/sentiment.ts';
import type { InsightType } from '../analyzer.ts';

export function spanSentiment(span: string, type: InsightType): number {
  let valence = 0;
  for (const sentence of readText(span)) {
    const lexical = sentenceValence(sentence.tokens);
    // Only whether the sentence asks something or is mere courtesy is taken from the local classifier; the type is the model's.
    const { question, formulaic } = classifySentence(sentence, lexical, false);
    valence += withInsightType(lexical, type, question, formulaic, lemmaString(sentence.tokens));
  }
  return Math.round(normaliseValence(valence) * 1000) / 1000;
}
