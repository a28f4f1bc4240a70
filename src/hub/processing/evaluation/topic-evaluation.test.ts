/**
 * `npm run eval -- --topics FILE.csv` (docs/quality.md, "Topic clustering"):
 * any `text,category` CSV is clustered and scored, `--json` ends with
 * `{"nmi","ari","clusters","items","seconds"}`, and a CSV without the two
 * columns is refused with the row.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalScript, withScratchFile } from '../../../test-support/eval-script.ts';


const ROWS = [
  ...['I want a refund for my order', 'please refund the order I returned', 'when will my refund arrive', 'refund for the damaged order', 'I still have not received my refund', 'how long does a refund take'].map((text) => [text, 'refund']),
  ...['I forgot my password and cannot log in', 'reset my password please', 'the password reset link does not work', 'my login password expired', 'how do I change my password', 'password reset email never came'].map((text) => [text, 'password']),
];

test('a text,category CSV is clustered and scored, and --json ends with the figures', async () => {
  await withScratchFile('small.csv', `text,category\n${ROWS.map(([text, category]) => `"${text}",${category}`).join('\n')}\n`, async (file) => {
    const { stdout, code } = await evalScript(['--topics', file, '--json']);
    assert.equal(code, 0, stdout);
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!);
    assert.deepEqual(Object.keys(last), ['nmi', 'ari', 'clusters', 'items', 'seconds']);
    assert.deepEqual([last.nmi, last.ari, last.clusters, last.items], [1, 1, 2, 12], stdout);
    assert.ok(last.seconds >= 0);
    assert.match(stdout, /12 texts in 2 categories/);
  });
});

test('a CSV without a category column is refused with its row', async () => {
  await withScratchFile('small.csv', 'text,label\nhello there,greeting\n', async (file) => {
    const { stderr, code } = await evalScript(['--topics', file]);
    assert.equal(code, 2);
    assert.match(stderr, /row 2 has no text or category column/);
  });
});
