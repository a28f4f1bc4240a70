/**
 * Throttles password guessing: after MAX_FAILURES failed sign-ins for one
 * account within WINDOW_MINUTES, further attempts for that account are
 * refused (429, with Retry-After) without checking the password, until the
 * oldest failure leaves the window. The hub's users are keyed by email, the
 * contact center's agents by `cc:<subdomain>:<email>`; each service throws
 * its own error. Counted in PostgreSQL, so the limit holds
 * across all processes behind a load balancer.
 *
 * Keyed by email rather than address: guesses for one account from many
 * addresses are what matters, and behind a proxy the client address is not
 * always known. The cost, a user locked out for minutes by someone guessing,
 * is the usual trade-off (OWASP Authentication Cheat Sheet, "Account Lockout").
 */
import { sql, type Kysely } from 'kysely';
import type { AppError } from '../errors/app-error.ts';
import type { Database } from '../db/schema.ts';

export const MAX_FAILURES = 10;
export const WINDOW_MINUTES = 15;

const key = (email: string) => email.trim().toLowerCase().slice(0, 320);

/** Throws `throttled(minutes, seconds)`, the caller's error with the time to wait, when the account is throttled. */
export async function assertNotThrottled(db: Kysely<Database>, email: string, throttled: (minutes: number, retryAfterSeconds: number) => AppError): Promise<void> {
  const row = await db
    .selectFrom('sign_in_failures')
    .select([sql<string>`count(*)`.as('failures'), sql<Date>`min(attempted_at)`.as('oldest')])
    .where('email_lower', '=', key(email))
    .where('attempted_at', '>', sql<Date>`now() - make_interval(mins => ${WINDOW_MINUTES})`)
    .executeTakeFirstOrThrow();
  if (Number(row.failures) >= MAX_FAILURES) {
    const retryAfter = Math.max(1, Math.ceil((new Date(row.oldest).getTime() + WINDOW_MINUTES * 60_000 - Date.now()) / 1000));
    throw throttled(Math.ceil(retryAfter / 60), retryAfter);
  }
}

export async function recordFailure(db: Kysely<Database>, email: string): Promise<void> {
  await db.insertInto('sign_in_failures').values({ email_lower: key(email) }).execute();
}

export async function purgeOldFailures(db: Kysely<Database>): Promise<number> {
  const result = await db.deleteFrom('sign_in_failures').where('attempted_at', '<', sql<Date>`now() - make_interval(mins => ${WINDOW_MINUTES})`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
