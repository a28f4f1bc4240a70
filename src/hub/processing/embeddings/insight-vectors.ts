/**
 * Insights' embeddings in PostgreSQL (migration 0020, docs/processing.md
 * "Embeddings"): written with the insights by the pipeline, read by topic
 * builds and assignment. A vector is only ever read back for the model that
 * made it.
 */
import { sql, type Kysely } from 'kysely';
import { vectorFromBytes, vectorToBytes } from './vector-bytes.ts';

const PAGE = 5_000;

/** Sets the vectors of `embedded` and removes those of `cleared` (insights deleted, or whose embedding failed). */
export async function storeInsightVectors(
  trx: Kysely<any>,
  tenantId: string,
  model: string,
  embedded: readonly { readonly id: string; readonly vector: Float32Array }[],
  cleared: readonly string[],
): Promise<void> {
  if (cleared.length > 0) await sql`delete from insight_embeddings where tenant_id = ${tenantId}::uuid and insight_id = any(${cleared}::text[])`.execute(trx);
  for (let start = 0; start < embedded.length; start += PAGE) {
    const page = embedded.slice(start, start + PAGE);
    await sql`
      insert into insight_embeddings (tenant_id, insight_id, model, vector)
      select ${tenantId}::uuid, x.id, ${model}, x.vector from unnest(${page.map((e) => e.id)}::text[], ${page.map((e) => vectorToBytes(e.vector))}::bytea[]) as x (id, vector)
      on conflict (tenant_id, insight_id) do update set model = excluded.model, vector = excluded.vector`.execute(trx);
  }
}

/** The stored vectors of `ids` made by `model`, in their order; undefined where there is none. */
export async function readInsightVectors(db: Kysely<any>, tenantId: string, model: string, ids: readonly string[]): Promise<(Float32Array | undefined)[]> {
  const found = new Map<string, Float32Array>();
  for (let start = 0; start < ids.length; start += PAGE) {
    const { rows } = await sql<{ insight_id: string; vector: Buffer }>`
      select insight_id, vector from insight_embeddings
      where tenant_id = ${tenantId}::uuid and model = ${model} and insight_id = any(${ids.slice(start, start + PAGE)}::text[])`.execute(db);
    for (const row of rows) found.set(row.insight_id, vectorFromBytes(row.vector));
  }
  return ids.map((id) => found.get(id));
}
