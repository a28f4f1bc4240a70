/**
 * Secrets every process of a deployment must share (cookie signing keys,
 * the OAuth server's signing keys): made once, on first use, by whichever
 * process gets there first, and kept in PostgreSQL so that N stateless
 * processes sign and verify alike.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export async function sharedSecret<T>(db: Kysely<Database>, name: string, create: () => T): Promise<T> {
  // Concurrent first starts: one insert wins, everyone reads the winner.
  await db.insertInto('platform_secrets').values({ name, value: JSON.stringify(create()) }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await db.selectFrom('platform_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value as T;
}
