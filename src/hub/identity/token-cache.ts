/**
 * Verified tokens, remembered per process so that an API request costs no
 * token lookup in PostgreSQL (measured: the lookup was about a third of a
 * small OData request's time, docs/benchmarks.md).
 *
 * Revocation stays prompt: every change that can take access away notifies
 * all processes (migration 0008, channel `commontime_auth_changed`), and the
 * cache empties on any notification. It is used only while this process is
 * listening; when the notification connection is down, every request is
 * verified in PostgreSQL, and the cache starts empty once it is back. An
 * entry also never outlives its token's expiry or TOKEN_CACHE_SECONDS, which
 * bounds how stale a personal token's "last used" time can be; 0 turns the
 * cache off (behind a transaction-mode pooler, LISTEN seems to work but
 * hears nothing).
 *
 * Keys are SHA-256 digests: no token value stays in memory after its request.
 */
import type { Logger } from '../../platform/logging/logger.ts';
import type { Db } from '../../platform/db/database.ts';
import { listenForNotifications } from '../../platform/db/notification-listener.ts';
import { digest } from '../../platform/secrets/digest.ts';
import type { Principal } from './authenticate.ts';

export const AUTH_CHANGED_CHANNEL = 'commontime_auth_changed';
const MAX_ENTRIES = 10_000;

export interface TokenCache {
  get(token: string): Principal | undefined;
  /**
   * Read before verifying a token in PostgreSQL, and handed to `set`: a
   * notification that arrives while the lookup runs may concern what it
   * read, so its result is then not remembered.
   */
  readonly generation: number;
  /** Remembers a verified token until `expiresAt` (epoch ms; undefined: no expiry of its own). */
  set(token: string, principal: Principal, expiresAt: number | undefined, generation: number): void;
  close(): Promise<void>;
}

export function createTokenCache(db: Db, logger: Logger, seconds: number): TokenCache {
  if (seconds === 0) return { get: () => undefined, generation: 0, set: () => {}, close: async () => {} };
  const entries = new Map<string, { principal: Principal; until: number }>();
  let generation = 0;
  const forget = () => {
    generation++;
    entries.clear();
  };
  const listener = listenForNotifications(db, { channel: AUTH_CHANGED_CHANNEL, logger, onNotification: forget, onListening: forget });
  return {
    get generation() {
      return generation;
    },
    get(token) {
      if (!listener.listening) return undefined;
      const key = digest(token);
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.until > Date.now()) return entry.principal;
      entries.delete(key);
      return undefined;
    },
    set(token, principal, expiresAt, observed) {
      if (!listener.listening || observed !== generation) return;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(digest(token), { principal, until: Math.min(expiresAt ?? Infinity, Date.now() + seconds * 1000) });
    },
    close: () => listener.close(),
  };
}
