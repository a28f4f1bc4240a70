import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../test-support/processes.ts';
import { withToolReference } from './mcp-docs.ts';

test('docs/mcp.md describes every tool and argument as the tool definitions do (run `npm run mcp:docs` after a change)', () => {
  const document = readFileSync(path.join(REPO_ROOT, 'docs/mcp.md'), 'utf8');
  assert.equal(document, withToolReference(document));
});
