import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localAnalyzer } from '../analysis/local-analyzer.ts';
import { evaluateInsights } from './insight-evaluation.ts';
import { parseInsightItems } from './insight-items.ts';
import { evalScript, withScratchFile } from '../../../test-support/eval-script.ts';


const LINES = [
  { text: 'The app keeps crashing when I upload a photo.', insight_type: 'bug', sentiment: -1 },
  { text: 'We need SSO before we can roll this out.', insight_type: 'feature_request', sentiment: 0 },
  { text: 'How do I reset my password?', insight_type: 'question', sentiment: 0 },
  { text: 'We are also evaluating Acme Desk.', insight_type: 'competitor', sentiment: 0 },
  { text: 'My account number is 12345.', insight_type: null, sentiment: 0 },
];

test('npm run eval -- --insights FILE --json prints the report and one JSON object as its last line', async () => {
  await withScratchFile('small.jsonl', `${LINES.map((l) => JSON.stringify(l)).join('\n')}\n\n`, async (file) => {
    const { stdout, code } = await evalScript(['--insights', file, '--competitors', 'Acme Desk', '--json']);
    assert.equal(code, 0);
    assert.match(stdout, /confusion matrix/);
    assert.match(stdout, /AFINN-165 alone/);
    const last = stdout.trimEnd().split('\n').at(-1) ?? '';
    const result = JSON.parse(last) as { macro_f1: number; per_type: Record<string, { precision: number; recall: number; f1: number }>; sentiment_accuracy: number; items: number };
    assert.equal(result.items, 5);
    assert.equal(result.macro_f1, 1);
    assert.deepEqual(Object.keys(result.per_type).sort(), ['bug', 'competitor', 'feature_request', 'question']);
    assert.deepEqual(result.per_type.bug, { precision: 1, recall: 1, f1: 1 });
    assert.ok(result.sentiment_accuracy >= 0.8, String(result.sentiment_accuracy));

    // Without the competitor configured, the mention is a miss of its type.
    const unconfigured = await evalScript(['--insights', file, '--json']);
    const missed = JSON.parse(unconfigured.stdout.trimEnd().split('\n').at(-1) ?? '') as { per_type: Record<string, { recall: number }> };
    assert.equal(missed.per_type.competitor?.recall, 0);
  });
});

test('a malformed line stops the evaluation with its line number and exit code 2', async () => {
  await withScratchFile('bad.jsonl', `${JSON.stringify(LINES[0])}\n{"text": "x", "insight_type": "complaint", "sentiment": 0}\n`, async (file) => {
    const { stderr, code } = await evalScript(['--insights', file, '--json']);
    assert.equal(code, 2);
    assert.match(stderr, /line 2: "insight_type" must be null or one of/);
    assert.equal((await evalScript([])).code, 2);
  });
});

test('a type predicted on a line labelled null is a false positive of that type, and lowers macro-F1', async () => {
  const items = parseInsightItems([
    JSON.stringify({ text: 'The app keeps crashing when I upload a photo.', insight_type: null, sentiment: -1 }),
    JSON.stringify({ text: 'We need SSO before we can roll this out.', insight_type: 'feature_request', sentiment: 0 }),
  ].join('\n'));
  const result = await evaluateInsights(items, localAnalyzer, []);
  assert.deepEqual(result.perType.bug, { precision: 0, recall: 0, f1: 0, support: 0 });
  assert.equal(result.perType.feature_request?.f1, 1);
  assert.equal(result.macroF1, 0.5);
  assert.equal(result.confusion.none?.bug, 1);
});
