// Rewrites the generated standard-field reference in docs/importer.md from the registry.
import { readFileSync, writeFileSync } from 'node:fs';
import { withFieldReference } from '../src/hub/importer/importer-docs.ts';

const file = new URL('../docs/importer.md', import.meta.url);
writeFileSync(file, withFieldReference(readFileSync(file, 'utf8')));
