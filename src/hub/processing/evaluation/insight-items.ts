/**
 * The labelled file of the insight evaluation (eval/insights/README.md):
 * JSON Lines of `{"text", "insight_type": type | null, "sentiment": -1 | 0 | 1}`.
 * Blank lines are skipped; any other line that is not such an object stops
 * the evaluation with its line number, so a typo never shifts the figures.
 */
import { INSIGHT_TYPES, type InsightType } from '../analyzer.ts';
import { jsonLines } from './json-lines.ts';

export interface InsightItem {
  readonly line: number;
  readonly text: string;
  readonly type: InsightType | null;
  readonly sentiment: -1 | 0 | 1;
}

export class InsightFileError extends Error {}

function isInsightType(value: unknown): value is InsightType {
  return typeof value === 'string' && INSIGHT_TYPES.includes(value);
}

export function parseInsightItems(content: string): InsightItem[] {
  const items: InsightItem[] = [];
  for (const { line, value } of jsonLines(content, (message) => new InsightFileError(message))) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InsightFileError(`line ${line}: not a JSON object`);
    const { text, insight_type: type, sentiment } = value as Record<string, unknown>;
    if (typeof text !== 'string') throw new InsightFileError(`line ${line}: "text" must be a string`);
    if (type !== null && !isInsightType(type)) throw new InsightFileError(`line ${line}: "insight_type" must be null or one of ${INSIGHT_TYPES.join(', ')}`);
    if (sentiment !== -1 && sentiment !== 0 && sentiment !== 1) throw new InsightFileError(`line ${line}: "sentiment" must be -1, 0 or 1`);
    items.push({ line, text, type, sentiment });
  }
  if (items.length === 0) throw new InsightFileError('the file holds no labelled lines');
  return items;
}
