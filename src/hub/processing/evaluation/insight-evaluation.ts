/**
 * Insight-type and sentiment quality of an analyzer on a labelled file
 * (docs/quality.md, "Insights and sentiment"). Each line is analysed as a
 * one-utterance conversation said by its customer; the predicted type is
 * the first in the label priority (`PRIORITY`) among the insights found, or
 * none.
 *
 * The nine types are the classes. A line labelled null on which a type is
 * predicted is a false positive of that type; a labelled line predicted as
 * none is a false negative of its type; "none" itself is no class, so
 * macro-F1 is the mean F1 of the types that occur in the file (as a label
 * or a prediction), and a file of only null lines has a macro-F1 of 1 when
 * nothing is predicted and 0 otherwise.
 */
import type { Analyzer, InsightType } from '../analyzer.ts';
import { INSIGHT_TYPES } from '../analyzer.ts';
import { PRIORITY } from '../analysis/insight-classifier.ts';
import { polarity } from '../analysis/sentiment.ts';
import type { InsightItem } from './insight-items.ts';
import { afinnPolarity, winkPolarity } from './sentiment-baselines.ts';

export interface TypeScore {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface Prediction {
  readonly item: InsightItem;
  readonly type: InsightType | null;
  readonly sentiment: -1 | 0 | 1;
}

export interface InsightEvaluation {
  readonly items: number;
  readonly macroF1: number;
  readonly perType: Readonly<Partial<Record<InsightType, TypeScore>>>;
  /** Share of lines whose predicted type (or none) equals the label. */
  readonly accuracy: number;
  /** confusion[label][prediction], "none" for null. */
  readonly confusion: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly sentimentAccuracy: number;
  readonly baselines: { readonly afinn: number; readonly wink: number };
  readonly predictions: readonly Prediction[];
  readonly seconds: number;
}

export const NONE = 'none';

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

export async function evaluateInsights(items: readonly InsightItem[], analyzer: Analyzer, competitors: readonly string[]): Promise<InsightEvaluation> {
  const started = performance.now();
  const predictions: Prediction[] = [];
  for (const item of items) {
    const analysis = await analyzer.analyze(
      { title: null, type: 'evaluation', language: null, participants: [{ key: 'customer', name: null, role: 'customer' }], fragments: [{ position: 0, participantKey: 'customer', text: item.text }] },
      { competitors },
    );
    const found = new Set(analysis.insights.map((i) => i.type));
    const type = PRIORITY.find((t) => found.has(t)) ?? null;
    predictions.push({ item, type, sentiment: polarity(analysis.fragments[0]?.sentiment ?? 0) });
  }
  return scorePredictions(predictions, started);
}

/** The figures of predictions already made; `started` is when making them began (`performance.now()`). */
export function scorePredictions(predictions: readonly Prediction[], started: number): InsightEvaluation {
  const items = predictions.map((p) => p.item);
  const labels = [...INSIGHT_TYPES, NONE];
  const confusion: Record<string, Record<string, number>> = Object.fromEntries(labels.map((l) => [l, Object.fromEntries(labels.map((p) => [p, 0]))]));
  for (const { item, type } of predictions) {
    const row = confusion[item.type ?? NONE];
    if (row) row[type ?? NONE] = (row[type ?? NONE] ?? 0) + 1;
  }
  const perType: Partial<Record<InsightType, TypeScore>> = {};
  for (const type of INSIGHT_TYPES as readonly InsightType[]) {
    const truePositives = predictions.filter((p) => p.type === type && p.item.type === type).length;
    const predicted = predictions.filter((p) => p.type === type).length;
    const support = predictions.filter((p) => p.item.type === type).length;
    if (predicted === 0 && support === 0) continue;
    const precision = ratio(truePositives, predicted);
    const recall = ratio(truePositives, support);
    perType[type] = { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  }
  const scores = Object.values(perType);
  const allNoneCorrect = predictions.every((p) => p.type === null);
  return {
    items: items.length,
    macroF1: scores.length === 0 ? (allNoneCorrect ? 1 : 0) : scores.reduce((sum, s) => sum + s.f1, 0) / scores.length,
    perType,
    accuracy: ratio(predictions.filter((p) => p.type === p.item.type).length, items.length),
    confusion,
    sentimentAccuracy: ratio(predictions.filter((p) => p.sentiment === p.item.sentiment).length, items.length),
    baselines: {
      afinn: ratio(items.filter((i) => afinnPolarity(i.text) === i.sentiment).length, items.length),
      wink: ratio(items.filter((i) => winkPolarity(i.text) === i.sentiment).length, items.length),
    },
    predictions,
    seconds: (performance.now() - started) / 1000,
  };
}
