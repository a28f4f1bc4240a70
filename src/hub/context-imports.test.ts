/**
 * The hub's contexts (the folders under src/hub/) import each other one way
 * only, in the order docs/architecture.md ("Dependencies between contexts")
 * gives. The graph is read from the import statements of the contexts'
 * source files; tests may import any context (a test of odata reads the demo
 * data), so they are left out.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';

const HUB = resolve(import.meta.dirname);

/** Context → the contexts it imports, each with one importing file and the file it imports. */
type Graph = Map<string, Map<string, string>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every module specifier of `import … from`, `export … from`, `import '…'` and `import('…')`, comments removed. */
export function importedSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const pattern = /(?:^|[\n;])\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...code.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

function contextOf(file: string): string | undefined {
  const parts = relative(HUB, file).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

function contextGraph(): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(HUB)) {
    const from = contextOf(file);
    if (!from) continue;
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

/** The first cycle found, as the contexts along it (first = last), or undefined. */
function findCycle(graph: Graph): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  function visit(context: string): string[] | undefined {
    const at = path.indexOf(context);
    if (at >= 0) return [...path.slice(at), context];
    if (done.has(context)) return undefined;
    path.push(context);
    for (const next of [...(graph.get(context)?.keys() ?? [])].sort()) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(context);
    return undefined;
  }
  for (const context of [...graph.keys()].sort()) {
    const cycle = visit(context);
    if (cycle) return cycle;
  }
  return undefined;
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
/* import { H } from './h.ts'; */
// import { I } from './i.ts';
const text = 'not from here';`;
  assert.deepEqual(importedSpecifiers(source), ['./a.ts', '../b/c.ts', './d.ts', './e.ts', './f.ts', './g.ts']);
});

test('no two hub contexts import each other, directly or through others', () => {
  const graph = contextGraph();
  // The graph is really read: pages composes the OAuth interaction steps, and everything browser-facing uses web.
  assert.ok(graph.get('pages')?.has('oauth'), 'pages imports oauth');
  assert.ok(graph.get('oauth')?.has('web'), 'oauth imports web');
  const cycle = findCycle(graph);
  const proof = cycle?.slice(1).map((to, i) => graph.get(cycle[i] ?? '')?.get(to)) ?? [];
  assert.equal(cycle, undefined, `contexts import each other: ${cycle?.join(' → ')}\n${proof.join('\n')}`);
});
