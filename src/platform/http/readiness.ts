/**
 * Readiness: the database answers and its schema is the one this build expects.
 * A load balancer takes a process out of rotation while this fails.
 */
import { sql, type Kysely } from 'kysely';
import { pendingMigrations } from '../migrations/migrator.ts';

export type Readiness =
  | { readonly ready: true; readonly database: 'ok'; readonly migrations: 'current' }
  | { readonly ready: false; readonly database: 'ok' | 'unreachable'; readonly migrations?: 'pending' | 'unknown'; readonly pending?: readonly string[] };

const TIMEOUT_MS = 3_000;

export async function checkReadiness(db: Kysely<any>): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('readiness check timed out')), TIMEOUT_MS);
  });
  try {
    await Promise.race([sql`select 1`.execute(db), timeout]);
  } catch {
    clearTimeout(timer);
    return { ready: false, database: 'unreachable', migrations: 'unknown' };
  }
  try {
    const pending = await Promise.race([pendingMigrations(db), timeout]);
    if (pending.length > 0) return { ready: false, database: 'ok', migrations: 'pending', pending };
    return { ready: true, database: 'ok', migrations: 'current' };
  } catch {
    return { ready: false, database: 'ok', migrations: 'unknown' };
  } finally {
    clearTimeout(timer);
  }
}
