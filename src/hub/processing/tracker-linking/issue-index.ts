/**
 * The lexical similarity between insights and tracker issues
 * (docs/processing.md, "Tracker linking"): TF-IDF cosine over the terms of
 * link-terms.ts (Salton & Buckley 1988, "Term-weighting approaches in
 * automatic text retrieval", the `ltc` weighting: logarithmic term
 * frequency, idf, cosine normalisation).
 *
 * - **An issue** is its title, and its description with its comments: two
 *   unit vectors, added in the proportion `WEIGHTS.title` and normalised
 *   again, so the title, which names what the issue is, keeps its share
 *   however long the description (a template, a pasted log); a comment's
 *   terms count `WEIGHTS.comment` times a description's, since threads
 *   digress. The idf is the tenant's: a word in every issue ("dashboard" in
 *   an analytics product) tells none of them apart.
 * - **An insight** is its text. A term no issue has still counts in its
 *   length, at `WEIGHTS.unknown` times the weight of a term in one issue:
 *   an insight that talks mostly of something else matches less.
 * - **With embeddings** (a provider configured, docs/processing.md
 *   "Tracker linking"): an issue that has a vector of the provider's model
 *   is compared with an insight that has one by their dot product (unit
 *   vectors: the cosine), against the vector threshold; a pair of which
 *   either lacks a vector falls back to the words. Matches are ranked by
 *   how far above its own threshold each score is, so the two scales mix.
 * - **The insight's type** sets the threshold: a question's is higher
 *   (`linkThreshold`).
 * - **Deterministic:** matches above the threshold are ranked by score,
 *   then by issue id, and at most `MAX_LINKS_PER_INSIGHT` kept.
 *
 * The index holds only numbers and ids once built, so a tenant's is cached
 * between batches (issue-index-cache.ts) and a process builds it again only
 * when the tenant's issues changed.
 */
import { linkTerms } from './link-terms.ts';

/** Cosine similarity from which an insight is linked to an issue, chosen on eval/trackers/dev.jsonl (docs/quality.md). */
export const LINK_THRESHOLD = 0.2;
/**
 * A question needs this much more: most ask how to use what exists ("Can I
 * move a task to another project?"), and share a word with an issue
 * without asking for it.
 */
export const QUESTION_MARGIN = 0.1;

/** The threshold for an insight of `type` (an insight type of analyzer.ts), around the base threshold. */
export function linkThreshold(type: string, base = LINK_THRESHOLD): number {
  return type === 'question' ? base + QUESTION_MARGIN : base;
}
export const MAX_LINKS_PER_INSIGHT = 3;
/** Comments read per issue, and characters per comment: bounds an issue's cost whatever its thread. */
export const MAX_COMMENTS_READ = 20;
export const MAX_COMMENT_CHARS = 2_000;

/** The weights, chosen with the threshold on eval/trackers/dev.jsonl (docs/quality.md). */
export const WEIGHTS = {
  /** The title's share of an issue's vector; the description and comments have the rest. */
  title: 0.4,
  /** A comment's terms, relative to the description's. */
  comment: 0.5,
  /** Weight of an insight's term that no issue has, relative to one in a single issue. */
  unknown: 0.75,
  /** Weight of a term's stem (stemKey), relative to the term. */
  stem: 0.5,
} as const;

export interface TrackerIssueText {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly comments: readonly string[];
}

export interface IssueMatch {
  readonly issueId: string;
  readonly score: number;
}

/** An insight's vector and the cosine from which it links, when the insight has one. */
export interface VectorQuery {
  readonly vector: Float32Array;
  readonly threshold: number;
}

export interface IssueIndex {
  readonly size: number;
  /** Issues that have a vector. */
  readonly withVectors: number;
  /** The issues `text` (or `query`'s vector, for issues with one) matches at their threshold or above, best first, at most `limit`. */
  match(text: string, threshold?: number, limit?: number, query?: VectorQuery): IssueMatch[];
}

/** Logarithmic term frequency (the `l` of `ltc`), on weighted counts. */
const logTf = (count: number) => (count >= 1 ? 1 + Math.log(count) : count);

/**
 * A term's first five letters, as a second, weaker term: derivations the
 * lemmatiser keeps apart ("assign" and "assignment", "notify" and
 * "notification", "satisfied" and "satisfaction") meet on it.
 */
const stemKey = (term: string) => (term.length >= 6 && /^\p{L}+$/u.test(term) ? `~${term.slice(0, 5)}` : undefined);

function length(vector: readonly (readonly [string, number])[]): number {
  let sum = 0;
  for (const [, w] of vector) sum += w * w;
  return Math.sqrt(sum);
}

function weightedCounts(parts: readonly (readonly [string, number])[], stem: number): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (term: string, weight: number) => counts.set(term, (counts.get(term) ?? 0) + weight);
  for (const [text, weight] of parts) {
    for (const term of linkTerms(text)) {
      add(term, weight);
      const key = stem > 0 ? stemKey(term) : undefined;
      if (key !== undefined) add(key, weight * stem);
    }
  }
  return counts;
}

/** An issue's terms with their weighted counts: what the index keeps of its text. */
export interface IssueTerms {
  readonly id: string;
  readonly title: ReadonlyMap<string, number>;
  readonly body: ReadonlyMap<string, number>;
}

export function issueTerms(issue: TrackerIssueText): IssueTerms {
  return {
    id: issue.id,
    title: weightedCounts([[issue.title, 1]], WEIGHTS.stem),
    body: weightedCounts([
      [issue.description ?? '', 1],
      ...issue.comments.slice(0, MAX_COMMENTS_READ).map((c) => [c.slice(0, MAX_COMMENT_CHARS), WEIGHTS.comment] as const),
    ], WEIGHTS.stem),
  };
}

export function buildIssueIndex(issues: readonly TrackerIssueText[], vectors?: ReadonlyMap<string, Float32Array>): IssueIndex {
  return indexOfTerms(issues.map(issueTerms), vectors);
}

/** The index of issues already read (issueTerms), so a caller can read many issues a page at a time and keep only their terms. */
export function indexOfTerms(parts: readonly IssueTerms[], vectors: ReadonlyMap<string, Float32Array> = new Map()): IssueIndex {
  const ids = parts.map((part) => part.id);
  const issueVectors = ids.map((id) => vectors.get(id));
  const df = new Map<string, number>();
  for (const { title, body } of parts) for (const term of new Set([...title.keys(), ...body.keys()])) df.set(term, (df.get(term) ?? 0) + 1);
  const n = parts.length;
  const idf = (term: string) => {
    const d = df.get(term);
    return d === undefined ? WEIGHTS.unknown * Math.log(n + 1) : Math.log((n + 1) / d);
  };
  const unit = (counts: ReadonlyMap<string, number>) => {
    const vector = [...counts].map(([term, count]) => [term, logTf(count) * idf(term)] as const);
    const norm = length(vector);
    return norm === 0 ? [] : vector.map(([term, w]) => [term, w / norm] as const);
  };
  // Postings: term → [issue, weight], each issue's vector of unit length: its title's and its body's
  // unit vectors in the proportion `WEIGHTS.title`, so a long description cannot drown its title.
  const postings = new Map<string, { issue: number; weight: number }[]>();
  parts.forEach(({ title, body }, issue) => {
    const t = unit(title);
    const b = unit(body);
    const share = t.length === 0 ? 0 : b.length === 0 ? 1 : WEIGHTS.title;
    const combined = new Map<string, number>();
    for (const [term, w] of t) combined.set(term, share * w);
    for (const [term, w] of b) combined.set(term, (combined.get(term) ?? 0) + (1 - share) * w);
    const vector = [...combined];
    const norm = length(vector);
    if (norm === 0) return;
    for (const [term, w] of vector) {
      if (w === 0) continue;
      let list = postings.get(term);
      if (!list) postings.set(term, (list = []));
      list.push({ issue, weight: w / norm });
    }
  });

  // When every issue has a vector of one length, an insight with a vector of that length needs no reading of its words.
  const allDimensions = issueVectors.every((v) => v !== undefined && v.length === issueVectors[0]!.length) ? issueVectors[0]?.length : undefined;

  return {
    size: n,
    withVectors: issueVectors.filter((v) => v !== undefined).length,
    match(text, threshold = LINK_THRESHOLD, limit = MAX_LINKS_PER_INSIGHT, query) {
      if (n === 0) return [];
      const comparable = (issue: number) => query !== undefined && issueVectors[issue]?.length === query.vector.length;
      const found: { issueId: string; score: number; rank: number }[] = [];
      const terms = query !== undefined && query.vector.length === allDimensions ? new Map<string, number>() : weightedCounts([[text, 1]], WEIGHTS.stem);
      const vector = [...terms].map(([term, count]) => [term, logTf(count) * idf(term)] as const);
      const norm = length(vector);
      if (norm > 0) {
        const scores = new Map<number, number>();
        for (const [term, w] of vector) {
          for (const p of postings.get(term) ?? []) scores.set(p.issue, (scores.get(p.issue) ?? 0) + (w / norm) * p.weight);
        }
        for (const [issue, score] of scores) if (!comparable(issue) && score >= threshold) found.push({ issueId: ids[issue]!, score, rank: score / threshold });
      }
      if (query !== undefined) {
        issueVectors.forEach((issueVector, issue) => {
          if (issueVector === undefined || !comparable(issue)) return;
          let dot = 0;
          for (let d = 0; d < issueVector.length; d++) dot += issueVector[d]! * query.vector[d]!;
          if (dot >= query.threshold) found.push({ issueId: ids[issue]!, score: dot, rank: dot / query.threshold });
        });
      }
      return found
        .sort((a, b) => b.rank - a.rank || (a.issueId < b.issueId ? -1 : a.issueId > b.issueId ? 1 : 0))
        .slice(0, limit)
        .map(({ issueId, score }) => ({ issueId, score }));
    },
  };
}
