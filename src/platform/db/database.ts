/**
 * The Kysely instance every context queries through, over one `pg` pool,
 * and beside it a pool of one connection for the readiness probe alone, so
 * that `/readyz` reports the database, not how busy the main pool is
 * (docs/operations.md, "Database connections").
 *
 * The pools survive the database going away: idle clients that die emit
 * 'error' on the pool (unhandled, that would crash the process), we log it,
 * and the next query opens a fresh connection once the server is back.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logging/logger.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  readonly db: Db;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

const pools = new WeakMap<Db, pg.Pool>();
const probes = new WeakMap<Db, Db>();

/** The pool behind a Kysely instance, for what needs a connection of its own (LISTEN, COPY). */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('this Kysely instance was not opened by openDatabase');
  return pool;
}

/** The Kysely instance of the readiness probe, over its own pool of one connection. */
export function probeOf(db: Db): Db {
  const probe = probes.get(db);
  if (!probe) throw new Error('this Kysely instance was not opened by openDatabase');
  return probe;
}

function openPool(url: string, logger: Logger, max: number, applicationName: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    // Timestamps are read as text (src/hub/odata/query/compile-plan.ts asText): their form must not depend on
    // the server's settings. Sent at connection start-up, so it costs no query (an `options` in the URL wins).
    options: '-c DateStyle=ISO,YMD',
    max,
    application_name: applicationName,
    // A readiness probe must answer while the server is away, not hang.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (error) => logger.warn({ err: error }, 'an idle database connection failed'));
  // A checked-out client whose server dies emits 'error' on itself, not on the pool.
  pool.on('connect', (client) => client.on('error', (error) => logger.warn({ err: error }, 'a database connection failed')));
  return pool;
}

export function openDatabase(url: string, logger: Logger, options: { max?: number; applicationName?: string } = {}): DatabaseHandle {
  const applicationName = options.applicationName ?? 'commontime';
  const pool = openPool(url, logger, options.max ?? 10, applicationName);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // Connects only when /readyz is asked, and closes again after 30 idle seconds.
  const probe = new Kysely<Database>({ dialect: new PostgresDialect({ pool: openPool(url, logger, 1, `${applicationName} readiness`) }) });
  pools.set(db, pool);
  probes.set(db, probe);
  let closed = false;
  return {
    db,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([db.destroy(), probe.destroy()]);
    },
  };
}
