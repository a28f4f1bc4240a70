/**
 * Versioned, forward-only schema migrations, applied at start and by
 * `commontime db migrate`.
 *
 * Our migrations are numbered SQL files in ./sql (`NNNN-what.sql`), run in
 * order by Kysely's Migrator; on PostgreSQL it applies all pending ones in a
 * single transaction, so a failed migration leaves the schema as it was. graphile-worker
 * installs its own schema (`graphile_worker`) first. One session-level
 * advisory lock wraps both, so processes starting together queue here
 * instead of racing on `create schema` (Kysely's own lock covers only its part).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import { runMigrations } from 'graphile-worker';
import type { DatabaseHandle } from '../db/database.ts';
import type { Logger } from '../logging/logger.ts';
import { graphileLogger } from '../jobs/graphile-logger.ts';

const SQL_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sql');
const FILE_NAME = /^(\d{4})-[a-z0-9-]+\.sql$/;
// Any constant works; it only has to differ from other advisory locks in the database.
const LOCK_KEY = 7_020_240_001n;

/** The migrations this build knows, in order; read once, they never change at run time. */
export const MIGRATIONS: readonly { name: string; text: string }[] = readdirSync(SQL_DIR)
  .filter((file) => FILE_NAME.test(file))
  .sort()
  .map((file) => ({ name: file.replace(/\.sql$/, ''), text: readFileSync(path.join(SQL_DIR, file), 'utf8') }));

const provider: MigrationProvider = {
  async getMigrations() {
    const migrations: Record<string, Migration> = {};
    for (const { name, text } of MIGRATIONS) {
      // No parameters: pg sends it as a simple query, so a file may hold many statements.
      migrations[name] = { up: async (db) => void (await sql.raw(text).execute(db)) };
    }
    return migrations;
  },
};

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' });
}

export interface MigrationResult {
  /** Names applied by this call, in order; empty when the schema was current. */
  readonly applied: readonly string[];
}

export async function migrate(handle: DatabaseHandle, logger: Logger): Promise<MigrationResult> {
  const lockClient = await handle.pool.connect();
  try {
    await lockClient.query('select pg_advisory_lock($1)', [LOCK_KEY.toString()]);
    await runMigrations({ pgPool: handle.pool, logger: graphileLogger(logger) });
    const { error, results = [] } = await migrator(handle.db).migrateToLatest();
    if (error) {
      const failed = results.find((result) => result.status === 'Error');
      throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${(error as Error).message ?? error}`, { cause: error });
    }
    const applied = results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
    if (applied.length > 0) logger.info({ applied }, 'database migrations applied');
    return { applied };
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [LOCK_KEY.toString()]).catch(() => undefined);
    lockClient.release();
  }
}

/** Migrations of this build not yet applied to the database (for /readyz). */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const applied = new Set<string>();
  try {
    const rows = await sql<{ name: string }>`select name from schema_migrations`.execute(db);
    for (const row of rows.rows) applied.add(row.name);
  } catch (error) {
    // 42P01 undefined_table: nothing was ever migrated.
    if ((error as { code?: string }).code !== '42P01') throw error;
  }
  return MIGRATIONS.map((m) => m.name).filter((name) => !applied.has(name));
}
