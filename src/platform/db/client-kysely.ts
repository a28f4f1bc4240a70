/** Kysely over one checked-out client (of the importer's ConnectionBudget, the demo's COPY connection), so that statements of several helpers join the transaction open on it. */
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.ts';

export function onClient(client: pg.PoolClient): Kysely<Database> {
  const pool = { connect: async () => ({ query: client.query.bind(client), release: () => undefined }), end: async () => undefined, options: {} };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as never }) });
}
