/**
 * Training of the insight model (`insight-model.ts`): L2-regularised
 * multinomial logistic regression by full-batch gradient descent with
 * AdaGrad steps, from zero weights, over the features in sorted order, so
 * the same file always gives the same model. Lines labelled `competitor`
 * are left out: a competitor is whoever the deployment configures, which no
 * model can learn.
 */
import type { InsightType } from '../analyzer.ts';
import { cueHits } from './cue-hits.ts';
import { lemmaWords } from './cue-matcher.ts';
import { isQuestion } from './insight-classifier.ts';
import { sentenceFeatures } from './insight-features.ts';
import { NO_INSIGHT, type InsightModel } from './insight-model.ts';
import { lemmaString, readText } from './read-text.ts';
import { sentenceValence } from './sentiment.ts';

export interface TrainingLine {
  readonly text: string;
  readonly type: InsightType | null;
}

/** The labelled files the shipped model is trained on, from the repository root (eval/insights/README.md). */
export const TRAINING_FILES: readonly string[] = ['eval/insights/dev.jsonl', 'eval/insights/train-2.jsonl'];

export const MODEL_CLASSES: readonly string[] = [NO_INSIGHT, 'feature_request', 'pain_point', 'bug', 'question', 'objection', 'pricing', 'churn_risk', 'praise'];

const ITERATIONS = 300;
const LEARNING_RATE = 0.5;
/** Chosen among 0.0005–0.004 by 5-fold cross-validation (`npm run cv:insights`, docs/quality.md). */
const L2 = 0.001;
/** Weights smaller than this are left out of the shipped file; they change no decision. */
const PRUNE = 0.005;

/** The features of a whole line: those of its sentences together. */
export function lineFeatures(text: string): string[] {
  const features = new Set<string>();
  for (const sentence of readText(text)) {
    const question = isQuestion(sentence);
    const cues = cueHits(lemmaWords(lemmaString(sentence.tokens)), question);
    for (const f of sentenceFeatures(sentence.tokens, sentenceValence(sentence.tokens), question, cues)) features.add(f);
  }
  return [...features];
}

export function trainInsightModel(lines: readonly TrainingLine[]): InsightModel {
  const examples = lines.filter((l) => l.type !== 'competitor').map((l) => ({ features: lineFeatures(l.text), label: MODEL_CLASSES.indexOf(l.type ?? NO_INSIGHT) }));
  const names = [...new Set(examples.flatMap((e) => e.features))].sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const k = MODEL_CLASSES.length;
  const weights = new Float64Array(names.length * k);
  const history = new Float64Array(names.length * k);
  const encoded = examples.map((e) => ({ ids: e.features.map((f) => index.get(f) ?? 0), label: e.label }));
  for (let iteration = 0; iteration < ITERATIONS; iteration += 1) {
    const gradient = new Float64Array(weights.length);
    for (const { ids, label } of encoded) {
      const scores = new Float64Array(k);
      for (const id of ids) for (let c = 0; c < k; c += 1) scores[c] = (scores[c] ?? 0) + (weights[id * k + c] ?? 0);
      const top = Math.max(...scores);
      let total = 0;
      for (let c = 0; c < k; c += 1) {
        scores[c] = Math.exp((scores[c] ?? 0) - top);
        total += scores[c] ?? 0;
      }
      for (let c = 0; c < k; c += 1) {
        const error = (scores[c] ?? 0) / total - (c === label ? 1 : 0);
        for (const id of ids) gradient[id * k + c] = (gradient[id * k + c] ?? 0) + error / encoded.length;
      }
    }
    for (let w = 0; w < weights.length; w += 1) {
      const g = (gradient[w] ?? 0) + L2 * (weights[w] ?? 0);
      history[w] = (history[w] ?? 0) + g * g;
      weights[w] = (weights[w] ?? 0) - (LEARNING_RATE * g) / (Math.sqrt(history[w] ?? 0) + 1e-8);
    }
  }
  const shipped: Record<string, number[]> = {};
  names.forEach((name, i) => {
    const row = Array.from(weights.subarray(i * k, i * k + k), (w) => Math.round(w * 1e4) / 1e4);
    if (row.some((w) => Math.abs(w) >= PRUNE)) shipped[name] = row;
  });
  return { classes: MODEL_CLASSES, weights: shipped };
}
