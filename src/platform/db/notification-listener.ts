/**
 * LISTEN on a PostgreSQL channel from a connection of its own, reconnecting
 * when it drops.
 *
 * Whoever caches on the strength of notifications must know when they may
 * have been missed: `listening` is true only between a confirmed LISTEN and
 * the connection's loss, and `onListening` runs each time it becomes true
 * (after a reconnect, anything cached before may be stale).
 */
import pg from 'pg';
import type { Logger } from '../logging/logger.ts';
import { poolOf, type Db } from './database.ts';

export interface NotificationListener {
  readonly listening: boolean;
  close(): Promise<void>;
}

export interface ListenOptions {
  readonly channel: string;
  readonly logger: Logger;
  readonly onNotification: (payload: string) => void;
  readonly onListening?: () => void;
}

const RETRY_MS = [100, 500, 1_000, 5_000];

export function listenForNotifications(db: Db, options: ListenOptions): NotificationListener {
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;

  const retry = () => {
    listening = false;
    client = undefined;
    if (closed) return;
    timer = setTimeout(connect, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
    timer.unref();
  };

  async function connect() {
    const connection = new pg.Client(poolOf(db).options);
    client = connection;
    let failed = false;
    const lost = (error?: Error) => {
      if (failed) return;
      failed = true;
      if (!closed) options.logger.warn({ err: error, channel: options.channel }, 'lost the notification connection; retrying');
      connection.end().catch(() => {});
      if (client === connection) retry();
    };
    connection.on('error', lost);
    connection.on('end', () => lost());
    connection.on('notification', (message) => {
      if (message.channel === options.channel) options.onNotification(message.payload ?? '');
    });
    try {
      await connection.connect();
      await connection.query(`listen ${pg.escapeIdentifier(options.channel)}`);
      if (closed || failed) return;
      attempt = 0;
      listening = true;
      options.onListening?.();
    } catch (error) {
      lost(error as Error);
    }
  }

  void connect();
  return {
    get listening() {
      return listening;
    },
    async close() {
      closed = true;
      listening = false;
      clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
