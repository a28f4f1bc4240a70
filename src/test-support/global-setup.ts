/**
 * node --test global setup: one PostgreSQL for the whole run.
 *
 * `TEST_DATABASE_URL` (a server and a database we may create databases from)
 * when set; otherwise the embedded cluster in `COMMONTIME_TEST_DATA_DIR`
 * (default `.data/test`; two test runs at once need two directories). A template
 * database is migrated once; each test file clones it (test-database.ts),
 * which takes milliseconds and isolates files running in parallel. The
 * browser binary is found here once and exported as `CHROMIUM_PATH`
 * (browser.ts).
 */
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../platform/db/database.ts';
import { openEmbeddedPostgres, type EmbeddedPostgres } from '../platform/db/embedded-postgres.ts';
import { createLogger } from '../platform/logging/logger.ts';
import { migrate } from '../platform/migrations/migrator.ts';
import { chromiumExecutable } from './browser.ts';

export const TEMPLATE_DATABASE = 'commontime_test_template';
let embedded: EmbeddedPostgres | undefined;

export async function globalSetup(): Promise<void> {
  const logger = createLogger('warn', 'stderr');
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    embedded = await openEmbeddedPostgres(path.resolve(process.env.COMMONTIME_TEST_DATA_DIR ?? '.data/test'), 'serve', logger);
    serverUrl = embedded.url;
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    await admin.query(`create database ${TEMPLATE_DATABASE}`);
    // Leftovers of an interrupted run.
    const { rows } = await admin.query<{ datname: string }>("select datname from pg_database where datname like 'ct_test_%'");
    for (const row of rows) await admin.query(`drop database if exists ${admin.escapeIdentifier(row.datname)} with (force)`);
  } finally {
    await admin.end();
  }
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  const template = openDatabase(templateUrl.toString(), logger, { max: 3 });
  await migrate(template, logger);
  await template.close();
  process.env.COMMONTIME_TEST_SERVER_URL = serverUrl;
  process.env.CHROMIUM_PATH = await chromiumExecutable();
}

export async function globalTeardown(): Promise<void> {
  await embedded?.stop();
}
