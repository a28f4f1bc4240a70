/**
 * Removes OAuth state, sign-in sessions, sign-in failures, registration
 * attempts, self-registered clients nobody authorised within a day, and
 * dead personal access tokens past their expiry or retention. Expired rows
 * are already ignored on read; this only keeps the tables small. A consumed
 * authorization code stays until its own expiry, so a replay within its
 * lifetime is still recognised (and revokes its tokens).
 *
 * Runs hourly on the job queue (graphile-worker cron: one run per hour
 * across all processes).
 */
import { sql, type Kysely } from 'kysely';
import { parseCronItems, type Task } from 'graphile-worker';
import type { Database } from '../../platform/db/schema.ts';
import { purgeOldRegistrationAttempts } from './registration-throttle.ts';
import { purgeOldFailures } from '../../platform/tenancy/sign-in-throttle.ts';

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'identity:purge-expired': Record<string, never>;
    }
  }
}

export interface Purged {
  readonly oauth: number;
  readonly grantTenants: number;
  readonly sessions: number;
  readonly signInFailures: number;
  readonly registrationAttempts: number;
  readonly registeredClients: number;
  readonly personalAccessTokens: number;
}

/** Revoked and expired personal access tokens stay listed nowhere but are kept this long, for audits. */
const DEAD_TOKEN_RETENTION = '90 days';

export async function purgeExpired(db: Kysely<Database>): Promise<Purged> {
  const oauth = await db.deleteFrom('oauth_models').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst();
  // The tenant of a grant that no longer exists (oauth_models keys grants by the base64url SHA-256 of their id).
  const grantTenants = await db
    .deleteFrom('oauth_grant_tenants as g')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('oauth_models as m').select('m.id_hash').where('m.model', '=', 'Grant').whereRef('m.id_hash', '=', sql`translate(rtrim(encode(sha256(convert_to(g.grant_id, 'UTF8')), 'base64'), '='), '+/', '-_')`))),
    )
    .where('g.created_at', '<', sql<Date>`now() - interval '1 hour'`)
    .executeTakeFirst();
  // A client registers before its user signs in; one whose user never finished (or never started) leaves nothing behind.
  const registeredClients = await db
    .deleteFrom('oauth_registered_clients as c')
    .where('c.created_at', '<', sql<Date>`now() - interval '1 day'`)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('oauth_grant_tenants as g').select('g.grant_id').whereRef('g.client_id', '=', 'c.id'))))
    .executeTakeFirst();
  const sessions = await db.deleteFrom('web_sessions').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst();
  const tokens = await db
    .deleteFrom('personal_access_tokens')
    .where((eb) => eb.or([eb('revoked_at', '<', sql<Date>`now() - ${DEAD_TOKEN_RETENTION}::interval`), eb('expires_at', '<', sql<Date>`now() - ${DEAD_TOKEN_RETENTION}::interval`)]))
    .executeTakeFirst();
  return {
    oauth: Number(oauth.numDeletedRows),
    grantTenants: Number(grantTenants.numDeletedRows),
    sessions: Number(sessions.numDeletedRows),
    signInFailures: await purgeOldFailures(db),
    registrationAttempts: await purgeOldRegistrationAttempts(db),
    registeredClients: Number(registeredClients.numDeletedRows),
    personalAccessTokens: Number(tokens.numDeletedRows),
  };
}

export function purgeExpiredTask(db: Kysely<Database>): Task<'identity:purge-expired'> {
  return async (_payload, helpers) => {
    helpers.logger.info('purged expired identity records', { purged: await purgeExpired(db) });
  };
}

export const PURGE_EXPIRED_SCHEDULE = parseCronItems([{ task: 'identity:purge-expired', match: '17 * * * *', identifier: 'identity:purge-expired' }]);
