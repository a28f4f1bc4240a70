/**
 * A tenant's conversations in batches of ids, in id order along the
 * primary key (keyset paging: each batch starts after the last id of the
 * one before, so conversations added meanwhile are not skipped before the
 * walk reaches them, and none is visited twice).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';

/** Conversations matched by one statement: large enough to amortise its round trips, small enough to lock briefly. */
export const MATCH_BATCH_SIZE = 500;

export async function* conversationBatches(db: Kysely<Database>, tenantId: string, size: number): AsyncGenerator<string[]> {
  let after = '';
  for (;;) {
    const { rows } = await sql<{ id: string }>`
      select id from conversations where tenant_id = ${tenantId}::uuid and id > ${after} order by id limit ${size}`.execute(db);
    if (rows.length > 0) yield rows.map((row) => row.id);
    if (rows.length < size) return;
    after = rows.at(-1)!.id;
  }
}
