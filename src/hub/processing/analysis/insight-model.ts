/**
 * The insight model: multinomial logistic regression over
 * `sentenceFeatures`, trained on the development file only
 * (`insight-training.ts`, `npm run train:insights`) and shipped as
 * `insight-model.json`. It decides the sentences that no cue decides.
 */
import type { InsightType } from '../analyzer.ts';
import shipped from './insight-model.json' with { type: 'json' };

export interface InsightModel {
  /** Class names: the insight types it was trained on, and "none". */
  readonly classes: readonly string[];
  /** Feature → one weight per class. */
  readonly weights: Readonly<Record<string, readonly number[]>>;
}

export interface ModelPrediction {
  readonly type: InsightType | null;
  readonly probability: number;
}

export const NO_INSIGHT = 'none';

/** The weights as a Map, built once per model: lookups in a 4,000-key object literal are slower. */
const indexed = new WeakMap<InsightModel, Map<string, Float64Array>>();

function weightsOf(model: InsightModel): Map<string, Float64Array> {
  let map = indexed.get(model);
  if (!map) {
    map = new Map(Object.entries(model.weights).map(([feature, row]) => [feature, Float64Array.from(row)]));
    indexed.set(model, map);
  }
  return map;
}

export function predict(model: InsightModel, features: readonly string[]): ModelPrediction {
  const scores = new Float64Array(model.classes.length);
  const table = weightsOf(model);
  for (const feature of features) {
    const weights = table.get(feature);
    if (!weights) continue;
    for (let c = 0; c < scores.length; c += 1) scores[c] = (scores[c] ?? 0) + (weights[c] ?? 0);
  }
  const top = Math.max(...scores);
  const exp = Array.from(scores, (s) => Math.exp(s - top));
  const total = exp.reduce((a, b) => a + b, 0);
  let best = 0;
  for (let c = 1; c < exp.length; c += 1) if ((exp[c] ?? 0) > (exp[best] ?? 0)) best = c;
  const name = model.classes[best] ?? NO_INSIGHT;
  return { type: name === NO_INSIGHT ? null : (name as InsightType), probability: (exp[best] ?? 0) / total };
}

export const insightModel: InsightModel = shipped;
