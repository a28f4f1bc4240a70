/**
 * The insights a topic model groups, read for a build in pages by key
 * (never one result of a million rows in memory twice, never an open
 * transaction for the length of a build), each page packed as it comes
 * (packed-texts.ts): the rows' strings are garbage by the next page.
 */
import { sql, type Kysely } from 'kysely';
import { insightCondition } from './model-filter.ts';
import { packedTexts, packTexts, type PackedTexts } from './packed-texts.ts';

const PAGE = 10_000;

export interface ModelInsights {
  readonly ids: PackedTexts;
  readonly texts: PackedTexts;
}

export async function readModelInsights(db: Kysely<any>, tenantId: string, filter: string | null, signal?: AbortSignal): Promise<ModelInsights> {
  const condition = insightCondition(filter, tenantId, 't0');
  const ids: Uint8Array[] = [];
  const texts: Uint8Array[] = [];
  let after: string | null = null;
  for (;;) {
    signal?.throwIfAborted();
    const { rows } = await sql<{ id: string; text: string }>`
      select t0.id, t0.text from insights as t0
      where ${condition} and (${after}::text is null or t0.id > ${after}::text)
      order by t0.id limit ${PAGE}`.execute(db);
    ids.push(packTexts(rows.map((row) => row.id)));
    texts.push(packTexts(rows.map((row) => row.text)));
    if (rows.length < PAGE) return { ids: packedTexts(ids), texts: packedTexts(texts) };
    after = rows.at(-1)!.id;
  }
}
