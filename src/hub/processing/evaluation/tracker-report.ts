/**
 * `npm run eval -- --trackers FILE [--errors] [--json]` (docs/quality.md,
 * "Tracker linking"): the report of `evaluateTrackerLinking` at the
 * linker's threshold, with the figures at other thresholds beside it. With
 * `--json` the last line is one JSON object:
 * `{"threshold","precision","recall","f1","true_positives","false_positives","false_negatives","products","issues","insights","links","sweep":[…]}`.
 */
import { readFileSync } from 'node:fs';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.ts';
import { evaluateTrackerLinking, type LinkCounts, type TrackerEvaluation } from './tracker-evaluation.ts';
import { parseTrackerProducts } from './tracker-items.ts';

export interface TrackerReportOptions {
  readonly json: boolean;
  /** Also list every insight whose links differ from its label. */
  readonly errors?: boolean | undefined;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

const row = (c: LinkCounts) => [c.threshold.toFixed(2), c.precision.toFixed(3), c.recall.toFixed(3), c.f1.toFixed(3), String(c.truePositives), String(c.falsePositives), String(c.falseNegatives)];

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, c) => cell.padStart(widths[c] ?? 0)).join('  ')).join('\n');
}

export function formatTrackerReport(result: TrackerEvaluation, file: string, errors: boolean, embeddingModel?: string): string {
  const { at } = result;
  const lines = [
    `Tracker linking evaluation of ${file}: ${result.products} products, ${result.issues} issues, ${result.insights} insights, ${result.links} labelled links, ${result.seconds.toFixed(2)} s`,
    embeddingModel === undefined ? 'by words (TF-IDF cosine); set EMBEDDINGS to measure a provider' : `by vectors of ${embeddingModel} (cosine)`,
    '',
    `threshold ${at.threshold}: precision ${at.precision.toFixed(3)}, recall ${at.recall.toFixed(3)}, F1 ${at.f1.toFixed(3)} (${at.truePositives} links right, ${at.falsePositives} wrong, ${at.falseNegatives} missed)`,
    '',
    'at other thresholds',
    table([['threshold', 'precision', 'recall', 'F1', 'right', 'wrong', 'missed'], ...result.sweep.map(row)]),
  ];
  if (errors) {
    lines.push('');
    for (const p of result.predictions) {
      const linked = p.linked.map((l) => l.key);
      if (linked.length === p.expected.length && linked.every((k) => p.expected.includes(k))) continue;
      lines.push(`${p.product}: [${p.expected.join(', ')}] → [${p.linked.map((l) => `${l.key} ${l.score.toFixed(2)}`).join(', ')}]: ${p.text}`);
    }
  }
  return lines.join('\n');
}

export function trackerJson(result: TrackerEvaluation): string {
  const c = (x: LinkCounts) => ({ threshold: x.threshold, precision: round(x.precision), recall: round(x.recall), f1: round(x.f1), true_positives: x.truePositives, false_positives: x.falsePositives, false_negatives: x.falseNegatives });
  return JSON.stringify({ ...c(result.at), products: result.products, issues: result.issues, insights: result.insights, links: result.links, sweep: result.sweep.map(c), seconds: round(result.seconds) });
}

/** With `embeddings` (the configured EMBEDDINGS provider), links are made by vectors and the threshold is TRACKER_LINK_VECTOR_THRESHOLD. */
export async function runTrackerEvaluation(file: string, options: TrackerReportOptions, embeddings?: { readonly provider: EmbeddingProvider; readonly threshold: number }): Promise<string> {
  const result = await evaluateTrackerLinking(parseTrackerProducts(readFileSync(file, 'utf8')), embeddings && { embeddings: embeddings.provider, threshold: embeddings.threshold });
  const report = formatTrackerReport(result, file, options.errors ?? false, embeddings?.provider.model);
  return options.json ? `${report}\n${trackerJson(result)}` : report;
}
