/**
 * `npm run eval -- --insights FILE [--competitors LIST|FILE] [--json]`
 * (docs/quality.md): the report of `evaluateInsights` with the local
 * analyzer. The competitor list is, in this order, `--competitors` (a
 * comma-separated list, or a file of one name a line), `competitors.txt`
 * beside FILE, or none. With `--json` the last line is one JSON object:
 * `{"macro_f1","per_type":{type:{"precision","recall","f1"}},"sentiment_accuracy","items",…}`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { localAnalyzer } from '../analysis/local-analyzer.ts';
import { evaluateInsights, NONE, type InsightEvaluation } from './insight-evaluation.ts';
import { parseInsightItems } from './insight-items.ts';

export interface InsightReportOptions {
  readonly json: boolean;
  readonly competitors?: string | undefined;
  /** Also list every line whose type or sentiment was missed. */
  readonly errors?: boolean | undefined;
}

function namesIn(content: string): string[] {
  return content.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

export function competitorList(file: string, option: string | undefined): string[] {
  if (option !== undefined) return existsSync(option) ? namesIn(readFileSync(option, 'utf8')) : option.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const beside = join(dirname(file), 'competitors.txt');
  return existsSync(beside) ? namesIn(readFileSync(beside, 'utf8')) : [];
}

const round = (value: number): number => Math.round(value * 1000) / 1000;
const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ')).join('\n');
}

export function formatInsightReport(result: InsightEvaluation, file: string, competitors: readonly string[], errors: boolean): string {
  const lines: string[] = [];
  lines.push(`Insight evaluation of ${file}: ${result.items} lines, ${competitors.length} configured competitors, ${result.seconds.toFixed(2)} s`);
  lines.push('');
  const perType = Object.entries(result.perType);
  lines.push(table([['type', 'precision', 'recall', 'F1', 'support'], ...perType.map(([type, s]) => [type, s.precision.toFixed(3), s.recall.toFixed(3), s.f1.toFixed(3), String(s.support)])]));
  lines.push('');
  lines.push(`macro-F1 ${result.macroF1.toFixed(3)} (mean over the ${perType.length} types present; null lines count as false positives of a predicted type, missed lines as false negatives)`);
  lines.push(`accuracy including "none" ${percent(result.accuracy)}`);
  lines.push('');
  const labels = Object.keys(result.confusion);
  const short = (label: string): string => label.replace('feature_request', 'feature').replace('pain_point', 'pain').replace('churn_risk', 'churn').replace('competitor', 'compet').replace('objection', 'object');
  lines.push('confusion matrix (rows: label, columns: prediction)');
  lines.push(table([['', ...labels.map(short)], ...labels.map((l) => [short(l), ...labels.map((p) => String(result.confusion[l]?.[p] ?? 0))])]));
  lines.push('');
  const { afinn, wink } = result.baselines;
  lines.push(`sentiment accuracy ${percent(result.sentimentAccuracy)}`);
  lines.push(`  AFINN-165 alone ${percent(afinn)} (difference ${((result.sentimentAccuracy - afinn) * 100).toFixed(1)} points)`);
  lines.push(`  wink-nlp built-in sentiment ${percent(wink)} (difference ${((result.sentimentAccuracy - wink) * 100).toFixed(1)} points)`);
  if (errors) {
    lines.push('');
    for (const p of result.predictions) {
      if (p.type !== p.item.type) lines.push(`type  line ${p.item.line}: ${p.item.type ?? NONE} → ${p.type ?? NONE}: ${p.item.text}`);
      if (p.sentiment !== p.item.sentiment) lines.push(`sent  line ${p.item.line}: ${p.item.sentiment} → ${p.sentiment}: ${p.item.text}`);
    }
  }
  return lines.join('\n');
}

export function insightJson(result: InsightEvaluation): string {
  return JSON.stringify({
    macro_f1: round(result.macroF1),
    per_type: Object.fromEntries(Object.entries(result.perType).map(([type, s]) => [type, { precision: round(s.precision), recall: round(s.recall), f1: round(s.f1) }])),
    sentiment_accuracy: round(result.sentimentAccuracy),
    items: result.items,
    accuracy: round(result.accuracy),
    sentiment_baselines: { afinn: round(result.baselines.afinn), wink: round(result.baselines.wink) },
    seconds: round(result.seconds),
  });
}

export async function runInsightEvaluation(file: string, options: InsightReportOptions): Promise<string> {
  const items = parseInsightItems(readFileSync(file, 'utf8'));
  const competitors = competitorList(file, options.competitors);
  const result = await evaluateInsights(items, localAnalyzer, competitors);
  const report = formatInsightReport(result, file, competitors, options.errors ?? false);
  return options.json ? `${report}\n${insightJson(result)}` : report;
}
