/**
 * Data commands (tenant, user, db migrate) reach the database like the server:
 * `DATABASE_URL`, or the embedded cluster of `DATA_DIR`, borrowed while
 * `npm start` runs it and started for the command's duration otherwise. The
 * schema is migrated first, so they work before the first `npm start`.
 */
import type { Config } from '../platform/config/config.ts';
import { connect } from '../platform/db/connect.ts';
import type pg from 'pg';
import type { Db } from '../platform/db/database.ts';
import { createLogger } from '../platform/logging/logger.ts';
import { migrate, type MigrationResult } from '../platform/migrations/migrator.ts';

export async function withDatabase<T>(config: Config, fn: (db: Db, migration: MigrationResult, pool: pg.Pool) => Promise<T>): Promise<T> {
  // stdout carries the command's JSON; log lines go to stderr.
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'stderr');
  const connection = await connect(config, logger, 'borrow', { poolSize: 3 });
  try {
    const migration = await migrate(connection, logger);
    return await fn(connection.db, migration, connection.pool);
  } finally {
    await connection.close();
  }
}
