// Rewrites the generated tool reference in docs/mcp.md from the tool definitions.
import { readFileSync, writeFileSync } from 'node:fs';
import { withToolReference } from '../src/hub/mcp/mcp-docs.ts';

const file = new URL('../docs/mcp.md', import.meta.url);
writeFileSync(file, withToolReference(readFileSync(file, 'utf8')));
