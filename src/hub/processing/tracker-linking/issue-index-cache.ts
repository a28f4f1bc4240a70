/**
 * A tenant's issue index (issue-index.ts), built once per process and
 * version: reading the tenant's row of `tracker_link_versions` (one key
 * lookup) tells whether the cached index still holds, since every change
 * of the tenant's issues raises it in its own transaction
 * (tracker-changes.ts). N processes each keep their own; none can miss
 * another's change, as the version lives in PostgreSQL.
 *
 * - **No row:** the tenant never imported tracker issues: `null`, and
 *   linking stops there (the pipeline's early exit, one query a batch).
 * - **Bounded:** issues are read in pages of ISSUE_PAGE, each by its title,
 *   the beginning of its description and of its first comments (the limits
 *   of issue-index.ts), and only their terms are kept from one page to the
 *   next; at most MAX_CACHED_TENANTS indexes are kept, the least recently
 *   used dropped first.
 * - **Vectors:** with an embedding model, the index also holds the
 *   issues' stored vectors of that model (issue-vectors.ts); the relink
 *   job raises the version after it stores new ones, so an index built
 *   before they were there is not kept.
 * - A version read just before an import commits may be cached with the
 *   issues after it; the next read sees the new version and builds again,
 *   which costs time, never a stale index.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { MAX_TERM_TEXT_CHARS } from './link-terms.ts';
import { readIssueVectors } from './issue-vectors.ts';
import { indexOfTerms, issueTerms, MAX_COMMENT_CHARS, MAX_COMMENTS_READ, type IssueIndex, type IssueTerms } from './issue-index.ts';

const MAX_CACHED_TENANTS = 32;
const ISSUE_PAGE = 1_000;

const cache = new Map<string, { readonly version: string; readonly model: string | undefined; readonly index: IssueIndex }>();

/** The terms of the tenant's issues, read a page at a time: only the terms of the pages read stay in memory, not their text. */
async function readIssueTerms(db: Kysely<Database>, tenantId: string): Promise<IssueTerms[]> {
  const issues: IssueTerms[] = [];
  let after = '';
  for (;;) {
    const { rows } = await sql<{ id: string; title: string | null; description: string | null; comments: string[] }>`
      select i.id, left(i.title, ${MAX_TERM_TEXT_CHARS}) as title, left(i.description, ${MAX_TERM_TEXT_CHARS}) as description,
        array(select left(c.body, ${MAX_COMMENT_CHARS}) from tracker_comments c where c.tenant_id = i.tenant_id and c.issue_id = i.id and c.body is not null
              order by c.created nulls last, c.id limit ${MAX_COMMENTS_READ}) as comments
      from tracker_issues i where i.tenant_id = ${tenantId}::uuid and i.id > ${after} order by i.id limit ${ISSUE_PAGE}`.execute(db);
    for (const row of rows) issues.push(issueTerms({ id: row.id, title: row.title ?? '', description: row.description, comments: row.comments }));
    if (rows.length < ISSUE_PAGE) return issues;
    after = rows.at(-1)!.id;
  }
}

/** The index of the tenant's issues, with their vectors of `embeddingModel` when given; null when the tenant never had issues. */
export async function tenantIssueIndex(db: Kysely<Database>, tenantId: string, embeddingModel?: string): Promise<IssueIndex | null> {
  const { rows } = await sql<{ version: string }>`select version::text from tracker_link_versions where tenant_id = ${tenantId}::uuid`.execute(db);
  const version = rows[0]?.version;
  if (version === undefined) return null;
  const cached = cache.get(tenantId);
  cache.delete(tenantId);
  if (cached?.version === version && cached.model === embeddingModel) {
    cache.set(tenantId, cached);
    return cached.index;
  }
  const vectors = embeddingModel === undefined ? undefined : await readIssueVectors(db, tenantId, embeddingModel);
  const index = indexOfTerms(await readIssueTerms(db, tenantId), vectors);
  cache.set(tenantId, { version, model: embeddingModel, index });
  for (const key of cache.keys()) {
    if (cache.size <= MAX_CACHED_TENANTS) break;
    cache.delete(key);
  }
  return index;
}
