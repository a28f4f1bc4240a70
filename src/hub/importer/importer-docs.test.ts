import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../test-support/processes.ts';
import { withFieldReference } from './importer-docs.ts';

test('docs/importer.md lists the standard fields of every record type as the registry declares them (run `npm run importer:docs` after a change)', () => {
  const document = readFileSync(path.join(REPO_ROOT, 'docs/importer.md'), 'utf8');
  assert.equal(document, withFieldReference(document));
});
