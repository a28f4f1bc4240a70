/**
 * Open Dynamic Client Registration (RFC 7591 §3 allows it without an
 * initial access token) is rate-limited per client address, against
 * someone filling the table. The limit is generous because hosted clients
 * register from their provider's servers: every user of a company who
 * connects claude.ai registers from Anthropic's few addresses, one
 * registration per new connection. Counted in PostgreSQL, so the limit
 * holds across every process behind the load balancer.
 */
import ipaddr from 'ipaddr.js';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

export const MAX_REGISTRATIONS = 100;
export const REGISTRATION_WINDOW_MINUTES = 10;

/**
 * The key of an address: IPv6 by its /64, which one subscriber holds whole (RFC 6177), so that walking
 * the addresses of a prefix is one client; IPv4 (and IPv4-mapped IPv6) as the address.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 100);
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${(parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`;
}

/** Records the attempt; the seconds to wait when the address is over the limit, else undefined. */
export async function registrationAttempt(db: Kysely<Database>, address: string): Promise<number | undefined> {
  const key = addressKey(address);
  // One address's attempts are counted one at a time (a transaction-scoped advisory lock), so parallel
  // registrations cannot all read the same count and pass together.
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`oauth-registration:${key}`}, 0))`.execute(trx);
    const row = await trx
      .selectFrom('oauth_registration_attempts')
      .select([sql<string>`count(*)`.as('attempts'), sql<Date>`min(attempted_at)`.as('oldest')])
      .where('address', '=', key)
      .where('attempted_at', '>', sql<Date>`now() - make_interval(mins => ${REGISTRATION_WINDOW_MINUTES})`)
      .executeTakeFirstOrThrow();
    if (Number(row.attempts) >= MAX_REGISTRATIONS) {
      return Math.max(1, Math.ceil((new Date(row.oldest).getTime() + REGISTRATION_WINDOW_MINUTES * 60_000 - Date.now()) / 1000));
    }
    await trx.insertInto('oauth_registration_attempts').values({ address: key }).execute();
    return undefined;
  });
}

export async function purgeOldRegistrationAttempts(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom('oauth_registration_attempts')
    .where('attempted_at', '<', sql<Date>`now() - make_interval(mins => ${REGISTRATION_WINDOW_MINUTES})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
