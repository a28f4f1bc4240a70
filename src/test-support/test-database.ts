/**
 * A fresh, migrated database per test file, cloned from the template that
 * global-setup.ts prepared. Dropped in `after`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../platform/db/database.ts';
import { createLogger } from '../platform/logging/logger.ts';
import { onCleanup } from './cleanup.ts';
import { TEMPLATE_DATABASE } from './global-setup.ts';

export interface TestDatabase extends DatabaseHandle {
  readonly url: string;
  readonly name: string;
}

export function serverUrl(database = 'postgres'): string {
  const base = process.env.COMMONTIME_TEST_SERVER_URL;
  if (!base) throw new Error('COMMONTIME_TEST_SERVER_URL is unset: run tests with `npm test` (its global setup starts PostgreSQL)');
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `ct_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(options.migrated === false ? `create database ${name}` : `create database ${name} template ${TEMPLATE_DATABASE}`);
  const url = serverUrl(name);
  const handle = openDatabase(url, createLogger('silent'), { max: 5 });
  onCleanup(async () => {
    await handle.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  });
  return { ...handle, url, name };
}
