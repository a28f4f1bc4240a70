/**
 * Writes the links of some insights to the issues they match
 * (`tracker_issue_insights`), replacing their earlier links, and keeps
 * `insight_count` exact (docs/processing.md, "Tracker linking").
 *
 * - **Only differences are written:** the links the index gives now are
 *   compared with those stored, and only missing ones are inserted and
 *   stale ones deleted (the links of insights the pipeline just removed
 *   among them), so a run that changes nothing writes nothing.
 * - **Counts recounted, never incremented:** with `recount`, the issues
 *   whose links changed are locked (in id order, as every writer of
 *   tracker issues locks them, so none deadlocks) before their links
 *   change, and their `insight_count` is then counted again from the
 *   links by a later statement, which therefore sees every other
 *   transaction's links to them committed. Whoever recounts last wrote the
 *   true count. The relink job leaves `recount` off for its batches and
 *   recounts the whole tenant once at its end (`recountTenant`).
 * - A link is only written to an issue that still exists.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { linkThreshold, MAX_LINKS_PER_INSIGHT, type IssueIndex } from './issue-index.ts';

export interface LinkableInsight {
  readonly id: string;
  readonly type: string;
  readonly text: string;
  /** Its stored vector of the index's embedding model, when there is one. */
  readonly vector?: Float32Array;
}

export interface ReplaceOptions {
  readonly recount: boolean;
  /** The cosine from which an insight's vector links to an issue's (config TRACKER_LINK_VECTOR_THRESHOLD). */
  readonly vectorThreshold?: number;
}

interface Link {
  readonly issue_id: string;
  readonly insight_id: string;
}

const key = (link: Link) => `${link.issue_id}\u0000${link.insight_id}`;
const byKey = (a: Link, b: Link) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

async function lockIssues(trx: Kysely<Database>, tenantId: string, issueIds: readonly string[]): Promise<void> {
  await sql`select 1 from tracker_issues where tenant_id = ${tenantId}::uuid and id = any(${issueIds}::text[]) order by id for no key update`.execute(trx);
}

async function recountIssues(trx: Kysely<Database>, tenantId: string, issueIds: readonly string[]): Promise<void> {
  await sql`
    update tracker_issues i set insight_count = n.count
    from (select x.id, (select count(*)::int from tracker_issue_insights l where l.tenant_id = ${tenantId}::uuid and l.issue_id = x.id) as count
          from unnest(${issueIds}::text[]) as x(id)) n
    where i.tenant_id = ${tenantId}::uuid and i.id = n.id and i.insight_count <> n.count`.execute(trx);
}

/** Replaces the links of `insights`, and drops those of `removedInsightIds`; returns how many links were added and removed. */
export async function replaceLinks(
  trx: Kysely<Database>,
  tenantId: string,
  index: IssueIndex,
  insights: readonly LinkableInsight[],
  removedInsightIds: readonly string[],
  options: ReplaceOptions,
): Promise<{ added: number; removed: number }> {
  const wanted = new Map<string, Link>();
  const { vectorThreshold } = options;
  for (const insight of insights) {
    const query = insight.vector !== undefined && vectorThreshold !== undefined ? { vector: insight.vector, threshold: linkThreshold(insight.type, vectorThreshold) } : undefined;
    for (const match of index.match(insight.text, linkThreshold(insight.type), MAX_LINKS_PER_INSIGHT, query)) {
      const link = { issue_id: match.issueId, insight_id: insight.id };
      wanted.set(key(link), link);
    }
  }
  const ids = [...insights.map((i) => i.id), ...removedInsightIds];
  const { rows: stored } = ids.length === 0 ? { rows: [] as Link[] } : await sql<Link>`
    select issue_id, insight_id from tracker_issue_insights where tenant_id = ${tenantId}::uuid and insight_id = any(${ids}::text[])`.execute(trx);
  const storedKeys = new Set(stored.map(key));
  const stale = stored.filter((link) => !wanted.has(key(link))).sort(byKey);
  const missing = [...wanted.values()].filter((link) => !storedKeys.has(key(link))).sort(byKey);
  if (stale.length === 0 && missing.length === 0) return { added: 0, removed: 0 };

  const affected = [...new Set([...stale, ...missing].map((link) => link.issue_id))].sort();
  if (options.recount) await lockIssues(trx, tenantId, affected);
  if (stale.length > 0) {
    await sql`
      delete from tracker_issue_insights l using unnest(${stale.map((l) => l.issue_id)}::text[], ${stale.map((l) => l.insight_id)}::text[]) as x(issue_id, insight_id)
      where l.tenant_id = ${tenantId}::uuid and l.issue_id = x.issue_id and l.insight_id = x.insight_id`.execute(trx);
  }
  let added = 0;
  if (missing.length > 0) {
    const { rows } = await sql<{ n: number }>`
      with w as (
        insert into tracker_issue_insights (tenant_id, issue_id, insight_id)
        select ${tenantId}::uuid, x.issue_id, x.insight_id
        from unnest(${missing.map((l) => l.issue_id)}::text[], ${missing.map((l) => l.insight_id)}::text[]) as x(issue_id, insight_id)
        where exists (select 1 from tracker_issues i where i.tenant_id = ${tenantId}::uuid and i.id = x.issue_id)
        order by x.issue_id, x.insight_id
        on conflict do nothing returning 1)
      select count(*)::int as n from w`.execute(trx);
    added = rows[0]!.n;
  }
  if (options.recount) await recountIssues(trx, tenantId, affected);
  return { added, removed: stale.length };
}

/**
 * The end of a relink: links to issues or insights that no longer exist
 * are dropped and every issue of the tenant is recounted, with all of them
 * locked first (see above), so the counts are exact whatever ran before.
 */
export async function recountTenant(trx: Kysely<Database>, tenantId: string): Promise<void> {
  const t = sql`${tenantId}::uuid`;
  await sql`select 1 from tracker_issues where tenant_id = ${t} order by id for no key update`.execute(trx);
  await sql`
    delete from tracker_issue_insights l where l.tenant_id = ${t}
      and (not exists (select 1 from tracker_issues i where i.tenant_id = ${t} and i.id = l.issue_id)
        or not exists (select 1 from insights s where s.tenant_id = ${t} and s.id = l.insight_id))`.execute(trx);
  await sql`
    update tracker_issues i set insight_count = n.count
    from (select i2.id, count(l.insight_id)::int as count from tracker_issues i2
            left join tracker_issue_insights l on l.tenant_id = i2.tenant_id and l.issue_id = i2.id
          where i2.tenant_id = ${t} group by i2.id) n
    where i.tenant_id = ${t} and i.id = n.id and i.insight_count <> n.count`.execute(trx);
}
