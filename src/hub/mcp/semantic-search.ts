/**
 * Semantic ranking of a search (docs/mcp.md "Search"), when an embedding
 * provider is configured and the set has stored vectors (insights): the
 * query's vector (query-vectors.ts) against the candidates' vectors, blended
 * with the lexical ranking of search.ts.
 *
 * Candidates, bounded whatever the data:
 * - the lexical candidates: those of the first lexical try that finds any
 *   (search.ts: at most CANDIDATES), with their vectors where stored;
 * - the RECENT_VECTORS most recent rows (under the tool's filters) that have
 *   a vector of the query's model and length, looked for among the
 *   RECENT_WALK most recent rows (a walk down the recency index that leads
 *   with the tenant, each row's vector by its primary key), so that a query
 *   sharing no word with a paraphrase still finds it.
 *
 * The blend is reciprocal rank fusion (Cormack et al., SIGIR 2009): a
 * candidate scores 1/(RRF_K + its place by cosine similarity) plus
 * 1/(RRF_K + its place in the lexical ranking), a term for each ranking it
 * is in. Ranks, not scores: cosine similarities of one model crowd into a
 * narrow band that differs from model to model, and full-text ranks have no
 * scale of their own, so neither needs tuning per model. Stored vectors are
 * unit length, so the cosine is a dot product, computed here over at most
 * CANDIDATES + RECENT_VECTORS vectors (9 MiB at 384 dimensions).
 *
 * The ranking is computed again for every page and is the same while the
 * data is (ties broken by id): a cursor keeps the mode, the lexical try and
 * whether its candidates came from the recency window, as lexical pages do.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Position } from './cursor.ts';
import { matching, TRIES, CANDIDATES, type Match, type SearchSpec } from './search.ts';
import { vectorFromBytes } from '../processing/embeddings/vector-bytes.ts';

export const RECENT_VECTORS = 5_000;
export const RECENT_WALK = 2 * RECENT_VECTORS;
export const RRF_K = 60;

export interface QueryVector {
  readonly model: string;
  readonly vector: Float32Array;
}

interface Candidate {
  readonly id: string;
  readonly vector: Float32Array | undefined;
}

type Lexical = Exclude<Match, 'none'>;

/** The stored vector of `t` made by the query's model, of the query vector's length. */
function vectorJoin(spec: SearchSpec, query: QueryVector): RawBuilder<unknown> {
  return sql`left join ${spec.vectors!} and e.model = ${query.model} and octet_length(e.vector) = ${query.vector.length * 4}`;
}

function toCandidates(rows: readonly { id: string; vector: Buffer | null }[]): Candidate[] {
  return rows.map((row) => ({ id: row.id, vector: row.vector === null ? undefined : vectorFromBytes(row.vector) }));
}

/** The lexical candidates of `match`, best first, and whether they came from the recency window. */
async function lexicalCandidates(db: Kysely<any>, spec: SearchSpec, query: QueryVector, match: Lexical, text: string, needed: number, window: boolean | undefined) {
  const { rows } = await sql<{ id: string; vector: Buffer | null; windowed: boolean | null }>`
    select t.id, e.vector, t.windowed from (${matching(spec, match, text, needed, window)}) t ${vectorJoin(spec, query)}
    order by t.rank desc, t.id limit ${CANDIDATES}`.execute(db);
  return { candidates: toCandidates(rows), window: rows[0]?.windowed ?? undefined };
}

/** The RECENT_VECTORS most recent rows of the tool's filters that have a comparable vector. */
async function recentCandidates(db: Kysely<any>, spec: SearchSpec, query: QueryVector): Promise<Candidate[]> {
  const where = sql.join(spec.conditions, sql` and `);
  const { rows } = await sql<{ id: string; vector: Buffer }>`
    select t.id, e.vector from (select t.* from ${spec.from} where ${where} order by ${spec.recency} limit ${RECENT_WALK}) t
    ${vectorJoin(spec, query)} where e.vector is not null order by ${spec.recency} limit ${RECENT_VECTORS}`.execute(db);
  return toCandidates(rows);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The candidates' ids in the blended order: reciprocal rank fusion of the lexical order and the order by cosine similarity. */
export function fuse(lexical: readonly Candidate[], recent: readonly Candidate[], query: Float32Array): string[] {
  const score = new Map<string, number>();
  const vectors = new Map<string, Float32Array>();
  lexical.forEach((candidate, place) => score.set(candidate.id, 1 / (RRF_K + place + 1)));
  for (const candidate of [...lexical, ...recent]) {
    if (candidate.vector) vectors.set(candidate.id, candidate.vector);
    if (!score.has(candidate.id)) score.set(candidate.id, 0);
  }
  const similar = [...vectors].map(([id, vector]) => ({ id, similarity: dot(vector, query) }));
  similar.sort((a, b) => b.similarity - a.similarity || byId(a.id, b.id));
  similar.forEach(({ id }, place) => score.set(id, score.get(id)! + 1 / (RRF_K + place + 1)));
  return [...score].sort((a, b) => b[1] - a[1] || byId(a[0], b[0])).map(([id]) => id);
}

/** `limit` rows from `position` in the blended ranking, and the position that reads the same ranking on. */
export async function semanticSearch<Row>(db: Kysely<any>, spec: SearchSpec, text: string, query: QueryVector, position: Position, limit: number): Promise<{ rows: Row[]; next: Position }> {
  const needed = position.offset + limit;
  const tries = position.lexical === undefined ? TRIES : [position.lexical as Lexical];
  let lexical: Awaited<ReturnType<typeof lexicalCandidates>> = { candidates: [], window: undefined };
  let match: Lexical = tries[tries.length - 1]!;
  for (const tried of tries) {
    match = tried;
    lexical = await lexicalCandidates(db, spec, query, tried, text, needed, position.window);
    if (lexical.candidates.length > 0) break;
  }
  const ids = fuse(lexical.candidates, await recentCandidates(db, spec, query), query.vector).slice(position.offset, position.offset + limit);
  const next: Position = { offset: position.offset, match: 'semantic', lexical: match, ...(lexical.window === undefined ? {} : { window: lexical.window }) };
  if (ids.length === 0) return { rows: [], next };
  const where = sql.join(spec.conditions, sql` and `);
  const { rows } = await sql<Row & { id: string }>`select ${spec.select} from ${spec.from} ${spec.joins ?? sql``} where ${where} and t.id = any(${ids}::text[])`.execute(db);
  const found = new Map(rows.map((row) => [row.id, row]));
  return { rows: ids.flatMap((id) => found.get(id) ?? []), next };
}
