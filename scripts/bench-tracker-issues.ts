/**
 * Synthetic tracker issues for the benchmarks (bench:trackers,
 * bench:processing with BENCH_TRACKER_ISSUES): the issues of
 * eval/trackers/*.jsonl, then issues made of the insight development
 * file's lines (a title of a line's first eight words, a description of
 * the next two lines), so a large index has varied words and realistic
 * lengths.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInsightItems } from '../src/hub/processing/evaluation/insight-items.ts';
import { parseTrackerProducts } from '../src/hub/processing/evaluation/tracker-items.ts';

export interface BenchIssue {
  readonly id: string;
  readonly title: string;
  readonly description: string;
}

const root = join(import.meta.dirname, '..');

export const benchLines = (): string[] => parseInsightItems(readFileSync(join(root, 'eval/insights/dev.jsonl'), 'utf8')).map((i) => i.text);

export function benchIssues(count: number): BenchIssue[] {
  const labelled = ['dev', 'held-out'].flatMap((file) => parseTrackerProducts(readFileSync(join(root, `eval/trackers/${file}.jsonl`), 'utf8')).flatMap((p) => p.issues));
  const lines = benchLines();
  return Array.from({ length: count }, (_, k) => {
    const issue = labelled[k];
    if (issue) return { id: `bench-${k}`, title: issue.title, description: issue.description ?? '' };
    const line = lines[(k * 7) % lines.length]!;
    return { id: `bench-${k}`, title: line.split(/\s+/).slice(0, 8).join(' '), description: `${lines[(k * 7 + 1) % lines.length]} ${lines[(k * 7 + 2) % lines.length]}` };
  });
}
