/**
 * Tracker issues' embeddings (migration 0021, docs/processing.md "Tracker
 * linking"), with a provider configured: what the relink job embeds before
 * it links, and what the issue index compares insights' vectors with.
 *
 * - **Outside any transaction:** the provider may be a model server that
 *   takes its time; the vectors of a page are written once they are all
 *   there, in one short statement.
 * - **Only what changed:** an issue is embedded when it has no vector of
 *   the provider's model, or when the text it was embedded from changed
 *   (its SHA-256 `digest`); a relink of unchanged issues calls no provider.
 * - **A failing provider** costs vectors, never links: the caller logs it,
 *   and issues without a vector are matched by their words.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.ts';
import { MAX_EMBEDDED_CHARS } from '../embeddings/embedding-texts.ts';
import { vectorFromBytes, vectorToBytes } from '../embeddings/vector-bytes.ts';
import { raiseLinkVersion } from './tracker-changes.ts';

const PAGE = 500;

/** What an issue's vector is made from: the title names the issue, the description's beginning says what it is about. */
export function issueEmbeddingText(title: string | null, description: string | null): string {
  return [title ?? '', description ?? ''].map((part) => part.trim()).filter((part) => part !== '').join('\n\n').slice(0, MAX_EMBEDDED_CHARS);
}

const digestOf = (text: string) => createHash('sha256').update(text).digest();

/** Embeds the tenant's issues whose vector of `provider.model` is missing or stale, and drops those of emptied issues; returns how many were embedded. */
export async function embedIssues(db: Kysely<Database>, tenantId: string, provider: EmbeddingProvider, signal?: AbortSignal): Promise<number> {
  let embedded = 0;
  let after = '';
  for (;;) {
    const { rows } = await sql<{ id: string; title: string | null; description: string | null; model: string | null; digest: Buffer | null }>`
      select i.id, left(i.title, ${MAX_EMBEDDED_CHARS}) as title, left(i.description, ${MAX_EMBEDDED_CHARS}) as description, e.model, e.digest
      from tracker_issues i left join tracker_issue_embeddings e on e.tenant_id = i.tenant_id and e.issue_id = i.id
      where i.tenant_id = ${tenantId}::uuid and i.id > ${after} order by i.id limit ${PAGE}`.execute(db);
    const read = rows.map((row) => ({ id: row.id, text: issueEmbeddingText(row.title, row.description), row }));
    // An issue whose title and description were emptied has nothing to mean any more: its old vector goes.
    const emptied = read.filter(({ text, row }) => text === '' && row.model !== null).map(({ id }) => id);
    const stale = read.filter(({ text, row }) => text !== '' && (row.model !== provider.model || row.digest === null || !digestOf(text).equals(row.digest)));
    let vectors: Float32Array[] = [];
    if (stale.length > 0) {
      signal?.throwIfAborted();
      vectors = await provider.embed(stale.map((issue) => issue.text), signal);
    }
    if (stale.length > 0 || emptied.length > 0) {
      // Each page's vectors commit with a raised version, so no process keeps an index without them, whatever stops the job later.
      await db.transaction().execute(async (trx) => {
        if (emptied.length > 0) await sql`delete from tracker_issue_embeddings where tenant_id = ${tenantId}::uuid and issue_id = any(${emptied}::text[])`.execute(trx);
        if (stale.length > 0) {
          await sql`
            insert into tracker_issue_embeddings (tenant_id, issue_id, model, digest, vector)
            select ${tenantId}::uuid, x.id, ${provider.model}, x.digest, x.vector
            from unnest(${stale.map((issue) => issue.id)}::text[], ${stale.map((issue) => digestOf(issue.text))}::bytea[], ${vectors.map(vectorToBytes)}::bytea[]) as x (id, digest, vector)
            where exists (select 1 from tracker_issues i where i.tenant_id = ${tenantId}::uuid and i.id = x.id)
            on conflict (tenant_id, issue_id) do update set model = excluded.model, digest = excluded.digest, vector = excluded.vector`.execute(trx);
        }
        await raiseLinkVersion(trx, tenantId);
      });
      embedded += stale.length;
    }
    if (rows.length < PAGE) return embedded;
    after = rows.at(-1)!.id;
  }
}

/** The tenant's issue vectors made by `model`, by issue id. */
export async function readIssueVectors(db: Kysely<Database>, tenantId: string, model: string): Promise<Map<string, Float32Array>> {
  const { rows } = await sql<{ issue_id: string; vector: Buffer }>`
    select e.issue_id, e.vector from tracker_issue_embeddings e
    where e.tenant_id = ${tenantId}::uuid and e.model = ${model}
      and exists (select 1 from tracker_issues i where i.tenant_id = e.tenant_id and i.id = e.issue_id)`.execute(db);
  return new Map(rows.map((row) => [row.issue_id, vectorFromBytes(row.vector)]));
}
