/**
 * `commontime import crm` against a running hub and worker: the file
 * streamed, the job followed to its end, the exit code and the job document.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../test-support/processes.ts';
import { importerFixture } from '../../test-support/importer-fixture.ts';

const { hub, token, request } = await importerFixture();
const dir = mkdtempSync(path.join(tmpdir(), 'commontime-import-'));
function csvFile(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}
const importCli = (...args: string[]) => runCli(['import', 'crm', ...args, '--url', hub.url, '--token', token], {});

test('imports a file and prints the final job document; --delete removes what it lists', async () => {
  const rows = Array.from({ length: 2_500 }, (_, i) => `cli-${i},Company ${i},Enterprise`).join('\n');
  const file = csvFile('accounts.csv', `id,name,crm_segment\n${rows}\n`);
  const result = await importCli('account', file, '--json');
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(Object.keys(result.json as object), ['job', 'status', 'processed', 'error', 'error_line', 'created_at', 'updated_at', 'started_at', 'completed_at']);
  assert.deepEqual({ ...(result.json as object), job: undefined, created_at: undefined, updated_at: undefined, started_at: undefined, completed_at: undefined }, {
    job: undefined, status: 'completed', processed: 2_500, error: null, error_line: null, created_at: undefined, updated_at: undefined, started_at: undefined, completed_at: undefined,
  });
  assert.equal((await request('GET', '/import/crm/account/cli-7')).text, 'id,name,crm_segment\ncli-7,Company 7,Enterprise\n');

  const deleted = await importCli('account', csvFile('delete.csv', 'id\ncli-7\n'), '--delete');
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.match(deleted.stderr, /account import completed: 1 records \(job [0-9a-f-]{36}\)/);
  assert.equal((await request('GET', '/import/crm/account/cli-7')).status, 404);
});

test('a failed job exits 1 with the error and line; a refused upload exits 1 with the hub\'s error', async () => {
  const failed = await importCli('lead', csvFile('bad-lead.csv', 'id,number_of_employees\nl-1,12\nl-2,many\n'));
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /commontime: lead import failed at line 3: column number_of_employees: "many" is not a whole number/);
  assert.equal((failed.json as { status: string; error_line: number }).error_line, 3);

  const refused = await importCli('lead', csvFile('no-id.csv', 'name\nAda\n'), '--json');
  assert.equal(refused.code, 1);
  assert.deepEqual(refused.json, { error: { code: 'IMPORTER_BAD_HEADER', message: 'Bad header: the first column must be id, not "name"' } });

  const unknown = await importCli('case', csvFile('case.csv', 'id\nx\n'));
  assert.equal(unknown.code, 1);
  assert.equal((unknown.json as { error: { code: string } }).error.code, 'IMPORTER_UNKNOWN_TYPE');
});

test('a missing file argument is a usage error (exit 2); a file that is not there fails (exit 1)', async () => {
  const missing = await importCli('account');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /expected <type> <file>, got 1 argument/);
  const absent = await importCli('account', path.join(dir, 'nope.csv'));
  assert.equal(absent.code, 1);
  assert.match(absent.stderr, /ENOENT/);
});
