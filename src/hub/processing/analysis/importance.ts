/**
 * How much an insight should matter to a product or revenue team, from 0
 * to 1 (docs/processing.md, "Importance"): a base per type (a customer about
 * to leave outranks a how-to question), raised by the strength of the
 * customer's sentiment and by words of urgency or breadth ("urgent", "all
 * our users", "in production").
 */
import type { InsightType } from '../analyzer.ts';

const BASE: Readonly<Record<InsightType, number>> = {
  churn_risk: 0.8, bug: 0.65, competitor: 0.6, objection: 0.55, pricing: 0.55, pain_point: 0.5, feature_request: 0.5, question: 0.3, praise: 0.35,
};

const URGENCY = /\b(?:urgent|urgently|asap|immediately|right away|critical|blocker|blocking|block|showstopper|deadline|today|escalate|production|revenue|every day|daily|all (?:of )?(?:our|my|the) (?:user|customer|client|team|staff|agent|employee|store|location)|entire|whole (?:team|company|org|organization)|every (?:user|customer|client|time)|lose (?:money|customer|client|sale|deal|business)|legal|lawyer|regulator)\b/;

export function importance(type: InsightType, sentiment: number, lemmas: string): number {
  let score = BASE[type] + 0.15 * Math.min(1, Math.abs(sentiment));
  if (URGENCY.test(lemmas)) score += 0.15;
  return Math.round(Math.min(1, score) * 100) / 100;
}
