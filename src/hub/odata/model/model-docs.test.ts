import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../../test-support/processes.ts';
import { withModelReference } from './model-docs.ts';

test('docs/odata.md lists every set and property as the registry declares them (run `npm run odata:docs` after a change)', () => {
  const document = readFileSync(path.join(REPO_ROOT, 'docs/odata.md'), 'utf8');
  assert.equal(document, withModelReference(document));
});
