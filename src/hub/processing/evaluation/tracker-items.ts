/**
 * The labelled files of the tracker-linking evaluation
 * (eval/trackers/README.md): JSON Lines, one product a line, each with its
 * tracker's issues and insights labelled with the keys of the issues they
 * should link to:
 *
 *   {"product", "issues": [{"key", "title", "description"?, "issue_type"?, "comments"?: [text]}],
 *    "insights": [{"type", "text", "issues": [key]}]}
 *
 * Blank lines are skipped; anything else that is not such a line stops the
 * evaluation with its line number, so a typo never shifts the figures.
 */
import { INSIGHT_TYPES, type InsightType } from '../analyzer.ts';
import { jsonLines } from './json-lines.ts';

export interface TrackerItemIssue {
  readonly key: string;
  readonly title: string;
  readonly description: string | null;
  readonly comments: readonly string[];
}

export interface TrackerItemInsight {
  readonly type: InsightType;
  readonly text: string;
  readonly issues: readonly string[];
}

export interface TrackerProduct {
  readonly line: number;
  readonly product: string;
  readonly issues: readonly TrackerItemIssue[];
  readonly insights: readonly TrackerItemInsight[];
}

export class TrackerFileError extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

function readIssue(value: unknown, at: string): TrackerItemIssue {
  if (!isObject(value) || typeof value.key !== 'string' || typeof value.title !== 'string') throw new TrackerFileError(`${at}: an issue needs a string "key" and "title"`);
  if (value.description !== undefined && value.description !== null && typeof value.description !== 'string') throw new TrackerFileError(`${at}: "description" must be a string`);
  if (value.comments !== undefined && !isStrings(value.comments)) throw new TrackerFileError(`${at}: "comments" must be an array of strings`);
  return { key: value.key, title: value.title, description: (value.description as string | undefined) ?? null, comments: (value.comments as string[] | undefined) ?? [] };
}

function readInsight(value: unknown, at: string, keys: ReadonlySet<string>): TrackerItemInsight {
  if (!isObject(value) || typeof value.text !== 'string') throw new TrackerFileError(`${at}: an insight needs a string "text"`);
  if (typeof value.type !== 'string' || !INSIGHT_TYPES.includes(value.type as InsightType)) throw new TrackerFileError(`${at}: "type" must be one of ${INSIGHT_TYPES.join(', ')}`);
  if (!isStrings(value.issues)) throw new TrackerFileError(`${at}: "issues" must be an array of issue keys`);
  const unknown = value.issues.find((key) => !keys.has(key));
  if (unknown !== undefined) throw new TrackerFileError(`${at}: "issues" names ${JSON.stringify(unknown)}, which is not an issue of the line`);
  return { type: value.type as InsightType, text: value.text, issues: value.issues };
}

export function parseTrackerProducts(content: string): TrackerProduct[] {
  const products: TrackerProduct[] = [];
  for (const { line, value } of jsonLines(content, (message) => new TrackerFileError(message))) {
    if (!isObject(value) || typeof value.product !== 'string' || !Array.isArray(value.issues) || !Array.isArray(value.insights)) {
      throw new TrackerFileError(`line ${line}: must be an object with "product", "issues" and "insights"`);
    }
    const issues = value.issues.map((issue, k) => readIssue(issue, `line ${line}, issues[${k}]`));
    const keys = new Set(issues.map((issue) => issue.key));
    if (keys.size !== issues.length) throw new TrackerFileError(`line ${line}: two issues have the same key`);
    const insights = value.insights.map((insight, k) => readInsight(insight, `line ${line}, insights[${k}]`, keys));
    products.push({ line, product: value.product, issues, insights });
  }
  if (products.length === 0) throw new TrackerFileError('the file holds no products');
  return products;
}
