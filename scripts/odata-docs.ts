// Rewrites the generated model reference in docs/odata.md from the registry.
import { readFileSync, writeFileSync } from 'node:fs';
import { withModelReference } from '../src/hub/odata/model/model-docs.ts';

const file = new URL('../docs/odata.md', import.meta.url);
writeFileSync(file, withModelReference(readFileSync(file, 'utf8')));
