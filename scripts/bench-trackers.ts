/**
 * `npm run bench:trackers`: the cost of tracker linking in memory
 * (docs/benchmarks.md, "Tracker linking"): building the index of
 * BENCH_TRACKER_ISSUES issues (default 1,000), and matching one insight
 * against it, beside bare wink-nlp tokenisation of the same insight texts
 * in the same run, as a ratio. The insights are the lines of
 * eval/insights/dev.jsonl. Best of five runs, one core.
 */
import { its, nlp } from '../src/hub/processing/analysis/nlp.ts';
import { buildIssueIndex } from '../src/hub/processing/tracker-linking/issue-index.ts';
import { benchIssues, benchLines } from './bench-tracker-issues.ts';

const ISSUES = Number(process.env.BENCH_TRACKER_ISSUES ?? 1_000);
const issues = benchIssues(ISSUES).map((i) => ({ ...i, comments: [] }));
const insights = benchLines();

function timeBuild() {
  const started = performance.now();
  const index = buildIssueIndex(issues);
  return { index, ms: performance.now() - started };
}

function timeMatch(index: ReturnType<typeof buildIssueIndex>): { ms: number; links: number } {
  let links = 0;
  const started = performance.now();
  for (const text of insights) links += index.match(text).length;
  return { ms: (performance.now() - started) / insights.length, links };
}

function timeTokenisation(): number {
  const started = performance.now();
  for (const text of insights) nlp.readDoc(text).tokens().out(its.value);
  return (performance.now() - started) / insights.length;
}

const warm = timeBuild();
timeMatch(warm.index);
timeTokenisation();
const runs = [0, 1, 2, 3, 4].map(() => {
  const tokens = timeTokenisation();
  const build = timeBuild();
  return { tokens, build: build.ms, ...timeMatch(build.index) };
});
const best = (key: 'tokens' | 'build' | 'ms') => Math.min(...runs.map((r) => r[key]));
const [tokens, build, match] = [best('tokens'), best('build'), best('ms')];
process.stdout.write(`bench:trackers: ${ISSUES} issues, ${insights.length} insights, best of ${runs.length} runs, one core\n`);
process.stdout.write(`  index build                  ${build.toFixed(1)} ms (${(build / ISSUES).toFixed(3)} ms per issue)\n`);
process.stdout.write(`  bare wink-nlp tokenisation   ${tokens.toFixed(3)} ms per insight\n`);
process.stdout.write(`  linking                      ${match.toFixed(3)} ms per insight (${runs[0]!.links} links in all)\n`);
process.stdout.write(`  ratio linking / tokenisation ${(match / tokens).toFixed(2)}\n`);
