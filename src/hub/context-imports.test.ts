/**
 * The hub's contexts (the folders under src/hub/) import each other one way
 * only, down the layers that docs/architecture.md ("Dependencies between
 * contexts") gives, and no context imports the files directly in src/hub/
 * (hub-service.ts), which wire them all together. The graph is read from the
 * import statements of the contexts' source files; tests may import any
 * context (a test of odata reads the demo data), so they are left out.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';

const HUB = resolve(import.meta.dirname);

/** docs/architecture.md's numbered list, from the top: a context imports only from the layers below its own. */
const LAYERS: readonly (readonly string[])[] = [
  ['pages'],
  ['demo', 'importer', 'mcp'],
  ['processing'],
  ['landing', 'oauth', 'webhooks', 'odata'],
  ['web'],
  ['identity'],
];

/** The files directly in src/hub/ (hub-service.ts): above every layer, imported by no context. */
const ROOT = 'src/hub/*.ts';

/** Context → the contexts it imports, each with one importing file and the file it imports. */
type Graph = Map<string, Map<string, string>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

// Comments and string literals, matched from wherever the first of them starts: the comment opener
// inside a string such as a glob of every .ts file is part of the string, and a quote inside a comment
// is part of the comment.
const COMMENT_OR_STRING = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g;

/** Every module specifier of `import … from`, `export … from`, `import '…'` and `import('…')`, comments removed. */
export function importedSpecifiers(source: string): string[] {
  const code = source.replace(COMMENT_OR_STRING, (token) => (token.startsWith('/') ? token.replace(/[^\n]/g, ' ') : token));
  const pattern = /(?:^|[\n;])\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...code.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

/** The context a file belongs to: its folder under src/hub/, ROOT for src/hub/ itself, undefined outside. */
function contextOf(file: string): string | undefined {
  const parts = relative(HUB, file).split(sep);
  if (parts[0] === '..') return undefined;
  return parts.length > 1 ? parts[0] : ROOT;
}

function contextGraph(): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(HUB)) {
    const from = contextOf(file) ?? ROOT;
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    for (const specifier of importedSpecifiers(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(file), specifier);
      const to = contextOf(target);
      if (to && to !== from && !edges.has(to)) edges.set(to, `${relative(HUB, file)} imports ${relative(HUB, target)}`);
    }
  }
  return graph;
}

/** Every import between contexts that does not point strictly down the layers, with the file that makes it. */
function upwardImports(graph: Graph): string[] {
  const layer = new Map<string, number>([[ROOT, -1]]);
  LAYERS.forEach((contexts, at) => contexts.forEach((context) => layer.set(context, at)));
  const wrong: string[] = [];
  for (const [from, edges] of graph) {
    for (const [to, proof] of edges) {
      if ((layer.get(from) ?? -1) >= (layer.get(to) ?? -1)) wrong.push(`${from} → ${to}: ${proof}`);
    }
  }
  return wrong.sort();
}

/** The contexts named in each numbered item of docs/architecture.md's "Dependencies between contexts". */
function documentedLayers(): string[][] {
  const doc = readFileSync(join(HUB, '../../docs/architecture.md'), 'utf8');
  const section = /### Dependencies between contexts\n([\s\S]*?)\n### /.exec(doc)?.[1] ?? '';
  // An item is its numbered line and the indented lines under it.
  const items = [...section.matchAll(/^\d+\. .*(?:\n {2,}.*)*/gm)].map((match) => match[0]);
  return items.map((item) => [...item.matchAll(/`([a-z-]+)\/`/g)].map((match) => match[1]!));
}

test('the import statements of every form are read, and comments are not', () => {
  const source = `import type { A } from './a.ts';
import {
  B,
  C,
} from "../b/c.ts";
export { D } from './d.ts';
export * from './e.ts';
import './f.ts';
const g = await import('./g.ts');
const globs = ['src/**/*.ts', 'docs/*'];
import { J } from './j.ts';
/* import { H } from './h.ts'; */
// import { I } from './i.ts'; it's
import { K } from './k.ts';
const text = 'not from here';`;
  assert.deepEqual(importedSpecifiers(source), ['./a.ts', '../b/c.ts', './d.ts', './e.ts', './f.ts', './g.ts', './j.ts', './k.ts']);
});

test('the layers are the ones docs/architecture.md lists, and every context has one', () => {
  assert.deepEqual(documentedLayers(), LAYERS);
  const contexts = readdirSync(HUB, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  assert.deepEqual(LAYERS.flat().toSorted(), contexts.toSorted());
});

test('every import between hub contexts points down the layers, and none points at src/hub/ itself', () => {
  const graph = contextGraph();
  // The graph is really read: pages composes the OAuth interaction steps, everything browser-facing uses web, and the root wires the contexts.
  assert.ok(graph.get('pages')?.has('oauth'), 'pages imports oauth');
  assert.ok(graph.get('oauth')?.has('web'), 'oauth imports web');
  assert.ok(graph.get(ROOT)?.has('odata'), 'hub-service.ts imports odata');
  assert.deepEqual(upwardImports(graph), []);
});
