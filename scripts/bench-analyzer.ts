/**
 * `npm run bench:analyzer`: the built-in analyzer's time per conversation
 * of 40 utterances (docs/quality.md, "Speed of the analyzer"), against bare
 * wink-nlp tokenisation of the same text in the same run. The utterances are
 * the development file's lines, alternately said by a customer and an agent.
 *
 * Environment: BENCH_CONVERSATIONS (default 300).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalyzerInput } from '../src/hub/processing/analyzer.ts';
import { localAnalyzer } from '../src/hub/processing/analysis/local-analyzer.ts';
import { its, nlp } from '../src/hub/processing/analysis/nlp.ts';
import { parseInsightItems } from '../src/hub/processing/evaluation/insight-items.ts';

const UTTERANCES = 40;
const count = Number(process.env.BENCH_CONVERSATIONS ?? 300);
const root = join(import.meta.dirname, '..');
const lines = parseInsightItems(readFileSync(join(root, 'eval/insights/dev.jsonl'), 'utf8')).map((i) => i.text);
const competitors = readFileSync(join(root, 'eval/insights/competitors.txt'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));

const conversations: AnalyzerInput[] = Array.from({ length: count }, (_, c) => ({
  title: null,
  type: 'call',
  language: null,
  participants: [{ key: 'customer', name: 'Customer', role: 'customer' }, { key: 'agent', name: 'Agent', role: 'agent' }],
  fragments: Array.from({ length: UTTERANCES }, (_, u) => ({
    position: u,
    participantKey: u % 2 === 0 ? 'customer' : 'agent',
    text: lines[(c * UTTERANCES + u) % lines.length] ?? '',
  })),
}));

async function timeAnalyzer(): Promise<number> {
  const started = performance.now();
  for (const input of conversations) await localAnalyzer.analyze(input, { competitors });
  return (performance.now() - started) / count;
}

function timeTokenisation(): number {
  const started = performance.now();
  for (const input of conversations) for (const f of input.fragments) nlp.readDoc(f.text).tokens().out(its.value);
  return (performance.now() - started) / count;
}

await timeAnalyzer();
timeTokenisation();
const runs = [0, 1, 2].map(() => ({ analyzer: 0, tokens: 0 }));
for (const run of runs) {
  run.tokens = timeTokenisation();
  run.analyzer = await timeAnalyzer();
}
const best = (key: 'analyzer' | 'tokens'): number => Math.min(...runs.map((r) => r[key]));
const analyzer = best('analyzer');
const tokens = best('tokens');
process.stdout.write(`${count} conversations of ${UTTERANCES} utterances, best of ${runs.length} runs, one core\n`);
process.stdout.write(`bare wink-nlp tokenisation  ${tokens.toFixed(3)} ms per conversation\n`);
process.stdout.write(`local analyzer              ${analyzer.toFixed(3)} ms per conversation (${Math.round(1000 / analyzer)} conversations/s)\n`);
process.stdout.write(`ratio analyzer / tokenisation ${(analyzer / tokens).toFixed(2)}\n`);
