/**
 * Free-text search of the tools: PostgreSQL full-text ranking over a set's
 * `search_vector` (the 'simple' configuration of the OData `$search`, GIN
 * indexed, migration 0005), falling back to trigram similarity (pg_trgm,
 * the registry's `similar` indexes, migration 0022) when full-text search
 * finds nothing. Three tries, the first that finds anything wins:
 *
 * 1. `all`: every word (`websearch_to_tsquery`: quotes make phrases,
 *    `or` and `-word` work as on web search engines);
 * 2. `any`: any of the words or their English stems as prefixes, ranked
 *    so that rows with more of them and closer together come first
 *    (`ts_rank_cd`);
 * 3. `similar`: the text as a whole against the indexed expression by
 *    trigram word similarity (`<%`, pg_trgm's word_similarity_threshold),
 *    for misspelt names and words cut short.
 *
 * Bounded work, whatever the data: a word common enough to fill the page
 * from the WINDOW most recent rows is ranked among them (a short walk down
 * the recency index), a rarer one among its CANDIDATES most recent matches
 * through the GIN index (a bitmap scan of its few rows). Later pages keep
 * the first page's try (cursor.ts).
 *
 * Every statement's conditions lead with the tenant (the caller's
 * `conditions` include it); the tenant condition is never optional here.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Position } from './cursor.ts';

export const CANDIDATES = 1000;

/** The most recent rows a full-text try looks through before it reads the GIN index (matching). */
export const WINDOW = 5_000;

export type Match = 'all' | 'any' | 'similar' | 'none';

/** The lexical tries, in the order they are made. */
export const TRIES = ['all', 'any', 'similar'] as const;

export interface SearchSpec {
  /** The table, aliased `t`: sql`conversations t`. */
  readonly from: RawBuilder<unknown>;
  /** Conditions on `t`, the tenant's first. */
  readonly conditions: readonly RawBuilder<unknown>[];
  /** The order without free text, and the order in which candidates are taken: sql`t.started_at desc, t.id desc`, the order of an index that leads with the tenant. */
  readonly recency: RawBuilder<unknown>;
  /** The trigram-indexed expression over `t`, written as its index is (registry `similar`). */
  readonly similar: RawBuilder<unknown>;
  /** The columns of a result over `t` and `joins`. */
  readonly select: RawBuilder<unknown>;
  /** Joins of the result to other tables, each on `t` and the tenant. */
  readonly joins?: RawBuilder<unknown>;
  /** The set's stored vectors, aliased `e`, joined to `t` on the tenant and the key (semantic-search.ts); absent for sets without. */
  readonly vectors?: RawBuilder<unknown>;
}

/**
 * The candidates of a try and their rank. Full-text candidates come from the WINDOW most recent rows
 * first (an index walk of bounded cost, then `@@` on each): when they hold enough matches for the page
 * asked for (`needed`), those are the candidates, and the GIN index (whose scan costs what the word's
 * matches count: 260 ms for 800,000 of them) is not read; a rarer word's matches come from the GIN index,
 * the CANDIDATES most recent of them, which is quick for few matches. The rank is computed for the
 * candidates only (below a sort, PostgreSQL would compute it for every match).
 */
export function matching(spec: SearchSpec, match: Exclude<Match, 'none'>, text: string, needed: number, window: boolean | undefined): RawBuilder<unknown> {
  const where = sql.join(spec.conditions, sql` and `);
  if (match === 'similar') {
    return sql`select t.*, word_similarity(${text}, ${spec.similar}) as rank, null::boolean as windowed from (select t.* from ${spec.from} where ${where} and ${text} <% ${spec.similar} limit ${CANDIDATES}) t`;
  }
  const query = match === 'all' ? sql`websearch_to_tsquery('simple', ${text})` : anyWord(text);
  // Later pages read the candidates the first page read (its cursor says which), so that pages never overlap.
  const useWindow = window === undefined ? sql`(select count(*) from recent) >= ${needed}` : sql`${window}`;
  return sql`with recent as materialized (
      select t.*, q as query from (select t.* from ${spec.from} where ${where} order by ${spec.recency} limit ${WINDOW}) t, ${query} as q
      where t.search_vector @@ q order by ${spec.recency} limit ${CANDIDATES}),
    candidates as (
      select *, true as windowed from recent where ${useWindow}
      union all
      (select t.*, q as query, false as windowed from ${spec.from}, ${query} as q where ${where} and t.search_vector @@ q and not ${useWindow}
       order by ${spec.recency} limit ${CANDIDATES}))
    select t.*, ts_rank_cd(t.search_vector, t.query) as rank from candidates t`;
}

/**
 * Any of the words, each also as a prefix of its English stem (`pricing` → `price:*`, which finds
 * `price`, `prices`, `priced`): the vectors are 'simple', unstemmed, so that `$search` behaves alike in
 * every language, and the stem as a prefix brings back what stemming would find in English text.
 */
function anyWord(text: string): RawBuilder<unknown> {
  return sql`to_tsquery('simple', (select string_agg(format('%s | %s:*', quote_literal(w), quote_literal(coalesce((ts_lexize('english_stem', w))[1], w))), ' | ')
    from unnest(tsvector_to_array(to_tsvector('simple', ${text}))) as w))`;
}

interface Read<Row> {
  readonly rows: Row[];
  /** Whether a full-text try's candidates came from the recency window (undefined without one, or without rows). */
  readonly window: boolean | undefined;
}

async function read<Row>(db: Kysely<any>, spec: SearchSpec, match: Match, text: string, position: Position, limit: number): Promise<Read<Row>> {
  const joins = spec.joins ?? sql``;
  const where = sql.join(spec.conditions, sql` and `);
  if (match === 'none') {
    const { rows } = await sql<Row>`select ${spec.select} from ${spec.from} ${joins} where ${where} order by ${spec.recency} limit ${limit} offset ${position.offset}`.execute(db);
    return { rows, window: undefined };
  }
  const candidates = matching(spec, match, text, position.offset + limit, position.window);
  const { rows } = await sql<Row & { windowed: boolean | null }>`select ${spec.select}, t.windowed from (${candidates}) t ${joins} order by t.rank desc, t.id limit ${limit} offset ${position.offset}`.execute(db);
  const window = rows[0]?.windowed ?? undefined;
  return { rows: rows.map(({ windowed: _windowed, ...row }) => row as Row), window };
}

/** `limit` rows from `position` (read `limit + 1` to know whether more follow), how they matched, and from which candidates. */
export async function rankedSearch<Row>(db: Kysely<any>, spec: SearchSpec, text: string | undefined, position: Position, limit: number): Promise<{ rows: Row[]; next: Position }> {
  const words = text?.trim() ?? '';
  const found = (match: Match, read: Read<Row>) => ({ rows: read.rows, next: { offset: position.offset, match, ...(read.window === undefined ? {} : { window: read.window }) } });
  if (words === '') return found('none', await read<Row>(db, spec, 'none', '', position, limit));
  if (position.match !== undefined) return found(position.match as Match, await read<Row>(db, spec, position.match as Match, words, position, limit));
  for (const match of TRIES) {
    const result = await read<Row>(db, spec, match, words, position, limit);
    if (result.rows.length > 0 || match === 'similar') return found(match, result);
  }
  return found('similar', { rows: [], window: undefined });
}
