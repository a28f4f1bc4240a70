import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { RECORD_TYPE_NAMES, recordType } from './record-types.ts';

const { db } = await createTestDatabase();

test('the tables that store a record type accept exactly the importer\u2019s record types (and jobs also the conversation uploads)', async () => {
  const expected = { import_jobs: [...RECORD_TYPE_NAMES, 'conversation'], importer_records: [...RECORD_TYPE_NAMES] };
  for (const [table, types] of Object.entries(expected)) {
    const { rows } = await sql<{ definition: string }>`
      select pg_get_constraintdef(oid) as definition from pg_constraint
      where conrelid = ${table}::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%type%'`.execute(db);
    assert.equal(rows.length, 1, `${table} has one CHECK on type`);
    const allowed = [...rows[0]!.definition.matchAll(/'([^']+)'::text/g)].map((match) => match[1]!);
    assert.deepEqual(allowed, types, table);
  }
});

test('each record type fills an open entity set of the registry', () => {
  assert.deepEqual(RECORD_TYPE_NAMES.map((type) => recordType(type).set.name), ['Accounts', 'Contacts', 'Opportunities', 'Leads', 'Owners']);
});

test('the docs name the same record types, in the same order', () => {
  const read = (file: string) => readFileSync(new URL(`../../../docs/${file}`, import.meta.url), 'utf8');
  const backticked = (text: string) => [...text.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]!);
  const table = [...read('importer.md').matchAll(/^\| \w+ \| `(\w+)` \| (\w+) \|$/gm)].map((match) => [match[1], match[2]]);
  assert.deepEqual(table, RECORD_TYPE_NAMES.map((type) => [type, recordType(type).set.name]), 'importer.md: the table of record types');
  const sentences = {
    'cli.md': /`<type>` is ([^;]+);/,
    'webhooks.md': /`type` is the record type of the import \(([^)]+)\)/,
    'errors.md': /\| `IMPORTER_UNKNOWN_TYPE` \|[^\n]*\| Use ([^(]+)\(/,
  };
  for (const [file, pattern] of Object.entries(sentences)) {
    const sentence = pattern.exec(read(file))?.[1];
    assert.ok(sentence, `${file} lists the record types`);
    assert.deepEqual(backticked(sentence), [...RECORD_TYPE_NAMES], file);
  }
});
