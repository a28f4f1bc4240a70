/**
 * The insights a topic model groups, read for a build in pages by key
 * (never one result of a million rows in memory twice, never an open
 * transaction for the length of a build).
 */
import { sql, type Kysely } from 'kysely';
import { insightCondition } from './model-filter.ts';

const PAGE = 10_000;

export interface ModelInsights {
  readonly ids: string[];
  readonly texts: string[];
}

export async function readModelInsights(db: Kysely<any>, tenantId: string, filter: string | null, signal?: AbortSignal): Promise<ModelInsights> {
  const condition = insightCondition(filter, tenantId, 't0');
  const ids: string[] = [];
  const texts: string[] = [];
  let after: string | null = null;
  for (;;) {
    signal?.throwIfAborted();
    const { rows } = await sql<{ id: string; text: string }>`
      select t0.id, t0.text from insights as t0
      where ${condition} and (${after}::text is null or t0.id > ${after}::text)
      order by t0.id limit ${PAGE}`.execute(db);
    for (const row of rows) {
      ids.push(row.id);
      texts.push(row.text);
    }
    if (rows.length < PAGE) return { ids, texts };
    after = rows.at(-1)!.id;
  }
}
