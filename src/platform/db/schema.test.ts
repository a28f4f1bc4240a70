import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test-support/test-database.ts';
import type { Database } from './schema.ts';

// The column names Kysely is told about (schema.ts), per table; a typo or a
// forgotten column here fails to compile against the Database interface.
const COLUMNS: { [T in keyof Database]: readonly (keyof Database[T])[] } = {
  tenants: ['id', 'name', 'plan', 'created_at'],
  users: ['id', 'email', 'name', 'password_hash', 'created_at'],
  memberships: ['tenant_id', 'user_id', 'role', 'created_at'],
  worker_heartbeats: ['worker_id', 'process', 'seen_at'],
};

test('schema.ts and the migrated database have the same tables and columns', async () => {
  const { db } = await createTestDatabase();
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and table_name not like 'schema_migrations%'
    order by table_name, ordinal_position`.execute(db);
  const actual: Record<string, string[]> = {};
  for (const row of rows) (actual[row.table_name] ??= []).push(row.column_name);
  const expected = Object.fromEntries(Object.entries(COLUMNS).map(([table, columns]) => [table, [...columns].map(String)]));
  assert.deepEqual(actual, expected);
});
