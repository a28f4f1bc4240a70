/**
 * Issue 12, "Uploads cannot exhaust the database": 50 uploads from one
 * workspace that send their headers and then nothing, or a trickle, while
 * another workspace reads OData and a load balancer asks /readyz. Before,
 * thirteen such uploads held every pool connection: reads were 500s and
 * /readyz 503 within seconds, and the uploads never ended.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createToken } from '../identity/personal-access-tokens.ts';
import { workspace } from '../../test-support/hub.ts';
import { RawRequest } from '../../test-support/raw-request.ts';
import { importerFixture } from '../../test-support/importer-fixture.ts';

// The default caps (4 uploads per workspace, 16 in all); deadlines short enough for a test.
const { db, hub, token } = await importerFixture({ worker: false, env: { BODY_IDLE_TIMEOUT_MS: '1000', BODY_MIN_BYTES_PER_SECOND: '2000' } });
const globex = await workspace(db, 'Globex', 'gil@globex.test');
const reader = (await createToken(db, { tenantId: globex.tenantId, userId: globex.userId, name: 'bi', scopes: ['api:read'] })).token;
await sql`insert into accounts (tenant_id, id, name, updated) values (${globex.tenantId}, 'glx-1', 'Globex Corp', now())`.execute(db);

test('50 stalled uploads of one workspace: each ends in 408 or 429, another workspace\'s reads are all 200, /readyz stays 200', { timeout: 120_000 }, async () => {
  const host = new URL(hub.url).host;
  const head = `PUT /import/crm/account HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: text/csv\r\nContent-Length: 1000000\r\n\r\n`;
  // Even ones send the headers only; odd ones a header row, then a byte every 50 ms.
  const uploads = await Promise.all(Array.from({ length: 50 }, (_, i) => RawRequest.open(hub.url, head, i % 2 ? 'id,name\n' : '')));
  const trickle = setInterval(() => uploads.forEach((upload, i) => i % 2 && upload.write('x')), 50);
  let ended = false;
  const outcomes = Promise.all(uploads.map((upload) => upload.response.then((response) => response, (error: Error) => ({ status: 0, json: { error: error.message } }))));
  void outcomes.finally(() => (ended = true));

  const reads: number[] = [];
  const readiness: number[] = [];
  try {
    // Until every upload has ended, and at least 20 times.
    while (!ended || reads.length < 20) {
      const [read, ready] = await Promise.all([
        fetch(`${hub.url}/odata/Accounts?$select=id,name`, { headers: { authorization: `Bearer ${reader}` } }),
        fetch(`${hub.url}/readyz`),
      ]);
      reads.push(read.status);
      readiness.push(ready.status);
      if (read.status === 200) assert.deepEqual(((await read.json()) as any).value, [{ id: 'glx-1', name: 'Globex Corp' }]);
      else await read.body?.cancel();
      await ready.body?.cancel();
    }
  } finally {
    clearInterval(trickle);
  }

  const answers = await outcomes;
  const statuses = answers.map((answer) => answer.status);
  assert.deepEqual(statuses.filter((status) => status !== 408 && status !== 429), [], JSON.stringify(answers.filter((a) => a.status !== 408 && a.status !== 429)));
  // The first 4 get the workspace's slots and time out; an upload whose turn came after one of them ended may take its slot.
  assert.ok(statuses.filter((status) => status === 408).length >= 4, 'the uploads the workspace may hold at once timed out');
  assert.ok(statuses.filter((status) => status === 429).length >= 1, 'the uploads beyond them were refused');
  for (const answer of answers) assert.match(answer.json.error.code, /^PLATFORM_(REQUEST_TIMEOUT|TOO_MANY_CONCURRENT)$/);
  assert.deepEqual([...new Set(reads)], [200], 'every read of the other workspace succeeded');
  assert.deepEqual([...new Set(readiness)], [200], '/readyz stayed ready');
  assert.equal(Number((await db.selectFrom('import_jobs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n), 0, 'nothing queued');
});
