/**
 * Removes OAuth state, sign-in sessions and sign-in failures past their expiry. Expired rows
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
import { purgeOldFailures } from './sign-in-throttle.ts';

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'identity:purge-expired': Record<string, never>;
    }
  }
}

export async function purgeExpired(db: Kysely<Database>): Promise<{ oauth: number; sessions: number; signInFailures: number }> {
  const oauth = await db.deleteFrom('oauth_models').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst();
  const sessions = await db.deleteFrom('web_sessions').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst();
  return { oauth: Number(oauth.numDeletedRows), sessions: Number(sessions.numDeletedRows), signInFailures: await purgeOldFailures(db) };
}

export function purgeExpiredTask(db: Kysely<Database>): Task<'identity:purge-expired'> {
  return async (_payload, helpers) => {
    const purged = await purgeExpired(db);
    helpers.logger.info(`purged ${purged.oauth} expired OAuth records and ${purged.sessions} expired sessions`);
  };
}

export const PURGE_EXPIRED_SCHEDULE = parseCronItems([{ task: 'identity:purge-expired', match: '17 * * * *', identifier: 'identity:purge-expired' }]);
