/**
 * `npm run eval -- --trackers FILE` (docs/quality.md, "Tracker linking"):
 * links counted right, wrong and missed on a small file, the JSON line,
 * the labelled files' figures as docs/quality.md reports them, and a bad
 * line stopped with its number.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { EVAL_ROOT, evalScript, withScratchFile } from '../../../test-support/eval-script.ts';
import { startReceiver, type Received } from '../../../test-support/webhook-receiver.ts';


const PRODUCT = {
  product: 'Analytics',
  issues: [
    { key: 'A-1', title: 'Support SAML SSO (Okta, Azure AD)' },
    { key: 'A-2', title: 'Dark mode', description: 'A dark theme for the editor.' },
  ],
  insights: [
    { type: 'feature_request', text: 'We really need SSO login with Okta.', issues: ['A-1'] },
    { type: 'feature_request', text: 'Please add a dark theme.', issues: ['A-2'] },
    { type: 'question', text: 'Can I change the colours of the dark editor theme?', issues: [] },
    { type: 'praise', text: 'Lovely onboarding.', issues: ['A-1'] },
  ],
};

test('links are counted right, wrong and missed, and --json ends with the figures', async () => {
  await withScratchFile('small.jsonl', `${JSON.stringify(PRODUCT)}\n\n`, async (file) => {
    const { stdout, code } = await evalScript(['--trackers', file, '--json', '--errors']);
    assert.equal(code, 0, stdout);
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    assert.deepEqual([result.products, result.issues, result.insights, result.links], [1, 2, 4, 3]);
    assert.deepEqual([result.true_positives, result.false_positives, result.false_negatives], [2, 1, 1], 'SSO and dark mode right, the colour question linked wrongly, the praise missed');
    assert.equal(result.precision, 0.667);
    assert.equal(result.recall, 0.667);
    assert.equal(result.threshold, 0.2);
    assert.match(stdout, /Analytics: \[A-1\] → \[\]: Lovely onboarding\./, '--errors lists the insights whose links differ');
  });
});

test('with EMBEDDINGS set, links are made by the provider\'s vectors and the threshold is a cosine', async () => {
  const themes = [/sso|okta/i, /dark/i];
  const server = await startReceiver((request: Received) => {
    const { input } = JSON.parse(request.body.toString()) as { input: string[] };
    const data = input.map((text, index) => ({ index, embedding: [...themes.map((theme) => (theme.test(text) ? 1 : 0)), 0.2] }));
    return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data }) };
  });
  try {
    await withScratchFile('small.jsonl', `${JSON.stringify(PRODUCT)}\n`, async (file) => {
      const env = { EMBEDDINGS: 'openai-compatible', EMBEDDINGS_BASE_URL: `${new URL(server.url).origin}/v1`, EMBEDDINGS_MODEL: 'fake-embed', TRACKER_LINK_VECTOR_THRESHOLD: '0.5', LOG_LEVEL: 'silent' };
      const { stdout, code } = await evalScript(['--trackers', file, '--json'], env);
      assert.equal(code, 0, stdout);
      assert.match(stdout, /by vectors of fake-embed/);
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
      assert.equal(result.threshold, 0.5);
      assert.deepEqual([result.true_positives, result.false_positives, result.false_negatives], [2, 1, 1], 'SSO and dark mode right, the colour question on the same theme linked, the praise missed');
      assert.ok(result.sweep.every((row: { threshold: number }) => row.threshold >= 0.3), 'the sweep is over cosines');
    });
  } finally {
    await server.close();
  }
});

test('the labelled files give the figures docs/quality.md reports', async () => {
  const figures = async (file: string) => JSON.parse((await evalScript(['--trackers', join(EVAL_ROOT, file), '--json'])).stdout.trim().split('\n').at(-1)!);
  const held = await figures('eval/trackers/held-out.jsonl');
  assert.deepEqual([held.precision, held.recall, held.f1], [0.925, 0.822, 0.871]);
  const dev = await figures('eval/trackers/dev.jsonl');
  assert.deepEqual([dev.precision, dev.recall, dev.f1], [0.915, 0.9, 0.908]);
});

test('a line that is not a labelled product stops the evaluation with its line number', async () => {
  await withScratchFile('small.jsonl', `${JSON.stringify(PRODUCT)}\n${JSON.stringify({ ...PRODUCT, insights: [{ type: 'bug', text: 'x', issues: ['NOPE'] }] })}\n`, async (file) => {
    const { stderr, code } = await evalScript(['--trackers', file]);
    assert.equal(code, 2);
    assert.match(stderr, /line 2, insights\[0\]: "issues" names "NOPE", which is not an issue of the line/);
  });
  await withScratchFile('small.jsonl', '{"product": "x"', async (file) => {
    assert.match((await evalScript(['--trackers', file])).stderr, /line 1: not JSON/);
  });
});
