/**
 * `npm run eval -- --topics FILE.csv [--json]` (docs/quality.md "Topics"):
 * buildTopics over the `text` column of any `text,category` CSV, the number
 * of topics chosen by the engine, scored against `category` by NMI and ARI
 * over every row (unassigned rows form one cluster of their own). With
 * `--json` the last line is `{"nmi","ari","clusters","items","seconds"}`.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { buildTopics } from '../topics/topic-engine.ts';
import { adjustedRandIndex, normalizedMutualInformation } from './clustering-scores.ts';

export interface TopicEvaluation {
  readonly nmi: number;
  readonly ari: number;
  readonly clusters: number;
  readonly unassigned: number;
  readonly items: number;
  readonly categories: number;
  readonly seconds: number;
  readonly topics: readonly { readonly name: string; readonly size: number }[];
}

export interface LabelledTexts {
  readonly texts: readonly string[];
  readonly labels: Int32Array;
  readonly categories: number;
}

export function readLabelledTexts(file: string): LabelledTexts {
  const records = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string | undefined>[];
  const ids = new Map<string, number>();
  const texts: string[] = [];
  const labels = new Int32Array(records.length);
  records.forEach((record, i) => {
    const { text, category } = record;
    if (text === undefined || category === undefined) throw new Error(`${file}: row ${i + 2} has no text or category column (the header must name both)`);
    texts.push(text);
    if (!ids.has(category)) ids.set(category, ids.size);
    labels[i] = ids.get(category)!;
  });
  return { texts, labels, categories: ids.size };
}

export function evaluateTopics(data: LabelledTexts): TopicEvaluation {
  const started = performance.now();
  const built = buildTopics(data.texts);
  const seconds = (performance.now() - started) / 1000;
  return {
    nmi: normalizedMutualInformation(data.labels, built.assignment),
    ari: adjustedRandIndex(data.labels, built.assignment),
    clusters: built.topics.length,
    unassigned: built.assignment.reduce((count, topic) => count + (topic < 0 ? 1 : 0), 0),
    items: data.texts.length,
    categories: data.categories,
    seconds,
    topics: built.topics.map((t) => ({ name: t.name, size: t.members.length })),
  };
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

export function formatTopicReport(result: TopicEvaluation, file: string): string {
  return [
    `Topic evaluation of ${file}: ${result.items} texts in ${result.categories} categories, ${result.seconds.toFixed(1)} s`,
    `NMI ${result.nmi.toFixed(3)}, ARI ${result.ari.toFixed(3)}; ${result.clusters} topics chosen by the engine, ${result.unassigned} texts unassigned (counted as one more cluster)`,
    'largest topics:',
    ...result.topics.slice(0, 10).map((t) => `  ${String(t.size).padStart(6)}  ${t.name}`),
  ].join('\n');
}

export function topicJson(result: TopicEvaluation): string {
  return JSON.stringify({ nmi: round(result.nmi), ari: round(result.ari), clusters: result.clusters, items: result.items, seconds: round(result.seconds) });
}

export function runTopicEvaluation(file: string, options: { readonly json: boolean }): string {
  const result = evaluateTopics(readLabelledTexts(file));
  const report = formatTopicReport(result, file);
  return options.json ? `${report}\n${topicJson(result)}` : report;
}
