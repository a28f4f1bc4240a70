/**
 * Communities of the neighbour graph by Louvain modularity optimisation
 * (Blondel et al. 2008; npm graphology-communities-louvain): the number of
 * topics follows from the data, not from a given k. Edges are the symmetric
 * union of the k-nearest-neighbour lists, weighted by cosine similarity.
 */
import { createRequire } from 'node:module';
import { UndirectedGraph } from 'graphology';
import type Louvain from 'graphology-communities-louvain';
import type { Neighbours } from './nearest-neighbours.ts';
import type { Random } from './seeded-random.ts';

// A CommonJS module whose types declare an ES default export: required, so that the types and the runtime agree.
const louvain = createRequire(import.meta.url)('graphology-communities-louvain') as typeof Louvain.default;

/** Community of each point, numbered from 0; an isolated point is a community of its own. */
export function communities(neighbours: Neighbours, points: number, resolution: number, random: Random): Int32Array {
  const graph = new UndirectedGraph({ allowSelfLoops: false });
  for (let i = 0; i < points; i += 1) graph.addNode(i);
  const { k, index, similarity } = neighbours;
  for (let i = 0; i < points; i += 1) {
    for (let n = 0; n < k; n += 1) {
      const j = index[i * k + n]!;
      const weight = similarity[i * k + n]!;
      if (j < 0 || weight <= 0) continue;
      const edge = graph.edge(i, j);
      if (edge === undefined) graph.addEdge(i, j, { weight });
    }
  }
  const mapping = graph.size === 0 ? {} : louvain(graph, { resolution, rng: random, getEdgeWeight: 'weight' });
  const out = new Int32Array(points);
  const numbers = new Map<number, number>();
  for (let i = 0; i < points; i += 1) {
    const community = mapping[String(i)] ?? -1 - i;
    let number = numbers.get(community);
    if (number === undefined) {
      number = numbers.size;
      numbers.set(community, number);
    }
    out[i] = number;
  }
  return out;
}
