/**
 * What an upload in progress may hold (issue 12, "Uploads cannot exhaust
 * the database"): a spool file and a slot of its workspace, never a
 * database connection while it waits on the client; a stalled upload ends
 * with a 408, one upload too many gets a 429 with Retry-After, and every
 * way an upload ends gives its slot back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createToken } from '../identity/personal-access-tokens.ts';
import { eventually } from '../../test-support/eventually.ts';
import { startHub, workspace } from '../../test-support/hub.ts';
import { RawRequest, type RawResponse } from '../../test-support/raw-request.ts';
import { importerFixture } from '../../test-support/importer-fixture.ts';

const CAPS = { IMPORT_CONCURRENCY_PER_WORKSPACE: '2', IMPORT_CONCURRENCY: '3' };
// The default deadlines (30 s) outlast these tests: uploads held open stay open.
const { db, database, hub, token, csv, spoolDirectory, spoolFiles, spooling } = await importerFixture({ worker: false, env: CAPS });
// A second hub on the same database whose deadlines end stalled uploads quickly.
const strict = await startHub(db, { ...CAPS, IMPORT_SPOOL_DIR: spoolDirectory, BODY_IDLE_TIMEOUT_MS: '1000', BODY_MIN_BYTES_PER_SECOND: '2000' });

async function importToken(name: string, email: string) {
  const { tenantId, userId } = await workspace(db, name, email);
  return (await createToken(db, { tenantId, userId, name: 'import', scopes: ['import'] })).token;
}
const globex = await importToken('Globex', 'gil@globex.test');
const initech = await importToken('Initech', 'ina@initech.test');

// Without deadlines a stalled upload would wait forever: fail instead.
const HANG = { timeout: 60_000 };

const ROWS = `id,name\n${Array.from({ length: 200 }, (_, i) => `acc-${i},Account ${i}`).join('\n')}\n`;

/** An upload whose first `sent` bytes are sent now and the rest by `finish()`. */
async function openUpload(url: string, bearer: string, sent = 40, body = ROWS) {
  const head = `PUT /import/crm/account HTTP/1.1\r\nHost: ${new URL(url).host}\r\nAuthorization: Bearer ${bearer}\r\nContent-Type: text/csv\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  const request = await RawRequest.open(url, head, body.slice(0, sent));
  return Object.assign(request, { finish: () => request.write(body.slice(sent)) });
}

async function upload(url: string, bearer: string, body = ROWS) {
  const response = await fetch(`${url}/import/crm/account`, { method: 'PUT', headers: { ...csv, authorization: `Bearer ${bearer}` }, body });
  return { status: response.status, headers: response.headers, json: (await response.json()) as any };
}

const jobs = async () => Number((await db.selectFrom('import_jobs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

/** Connections of this test's database doing something, other than the one asking. */
async function busyBackends(): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid() and state is not null and state <> 'idle'`.execute(db);
  return Number(rows[0]!.n);
}

function assertTooMany(reply: { status: number; headers: Headers | Readonly<Record<string, string>>; json: any }, limit: RegExp) {
  const header = (name: string) => (reply.headers instanceof Headers ? reply.headers.get(name) : reply.headers[name]);
  assert.equal(reply.status, 429, JSON.stringify(reply.json));
  assert.equal(header('retry-after'), '1');
  assert.equal(reply.json.error.code, 'PLATFORM_TOO_MANY_CONCURRENT');
  assert.match(reply.json.error.message, limit);
}

test('an upload in progress holds its spool file and no database connection; once it is whole it is stored (202)', async () => {
  const before = await jobs();
  const waiting = await openUpload(hub.url, token, ROWS.length - 10);
  // Rows written to the spool file: the server has read past the header and is waiting for the rest.
  await eventually(() => (spoolFiles()[0] ?? 0) > 0, 'rows of the upload reached its spool file', 10_000);
  await eventually(
    async () => database.pool.totalCount - database.pool.idleCount === 0 && (await busyBackends()) === 0,
    'no connection of the pool, and no backend of the database, busy while the client sends',
    5_000,
  );
  waiting.finish();
  const accepted = await waiting.response;
  assert.equal(accepted.status, 202, accepted.body);
  assert.equal(await jobs(), before + 1);
  await eventually(() => spooling() === 0, 'the spool file was closed');
});

test('a workspace at its cap gets 429 with Retry-After at once, while another workspace still uploads', async () => {
  const held = [await openUpload(hub.url, token), await openUpload(hub.url, token)];
  await eventually(() => spooling() === 2, 'both uploads are spooling', 10_000);
  assertTooMany(await upload(hub.url, token), /^Too many uploads at once \(the limit is 2 per workspace\); retry after 1 seconds$/);
  // Refused before its body is read: a client that never sends one gets its answer too.
  const bodiless = await openUpload(hub.url, token, 0);
  const refused = await bodiless.response;
  assertTooMany(refused, /2 per workspace/);
  assert.equal(refused.headers.connection, 'close');
  await bodiless.closed;

  assert.equal((await upload(hub.url, globex)).status, 202, 'another workspace is not held up');
  held[0]!.finish();
  assert.equal((await held[0]!.response).status, 202);
  assert.equal((await upload(hub.url, token)).status, 202, 'a finished upload gave its slot back');
  held[1]!.finish();
  assert.equal((await held[1]!.response).status, 202);
});

test('the process at its cap in all workspaces gets 429 naming that limit', async () => {
  const held = [await openUpload(hub.url, token), await openUpload(hub.url, token), await openUpload(hub.url, globex)];
  await eventually(() => spooling() === 3, 'three uploads are spooling', 10_000);
  assertTooMany(await upload(hub.url, initech), /^Too many uploads at once \(the limit is 3 in all\); retry after 1 seconds$/);
  for (const upload of held) upload.finish();
  for (const upload of held) assert.equal((await upload.response).status, 202);
  assert.equal((await upload(hub.url, initech)).status, 202);
});

test('an upload that stops sending: 408, nothing queued, its spool file closed', HANG, async () => {
  const before = await jobs();
  const stalled = await openUpload(strict.url, token);
  const response: RawResponse = await stalled.response;
  assert.equal(response.status, 408);
  assert.equal(response.headers.connection, 'close');
  assert.equal(response.json.error.code, 'PLATFORM_REQUEST_TIMEOUT');
  assert.match(response.json.error.message, /no data arrived for [\d.]+ s/);
  await stalled.closed;
  assert.equal(await jobs(), before);
  await eventually(() => spooling() === 0, 'the spool file was closed');
});

test('an upload that trickles below the minimum rate: 408 naming the rate', HANG, async () => {
  const before = await jobs();
  const body = `id,name\n${Array.from({ length: 5_000 }, (_, i) => `t-${i},T`).join('\n')}\n`;
  const trickling = await openUpload(strict.url, token, 8, body);
  let at = 8;
  const trickle = setInterval(() => trickling.write(body[at++]!), 20);
  try {
    const response = await trickling.response;
    assert.equal(response.status, 408, response.body);
    assert.match(response.json.error.message, /\d+ bytes arrived in [\d.]+ s, below the minimum of 2000 bytes per second/);
  } finally {
    clearInterval(trickle);
  }
  assert.equal(await jobs(), before);
});

test('every way an upload ends gives its slot back: stored, refused as malformed, cut off, timed out', HANG, async () => {
  // Each twice against a cap of 2: one slot kept per ending would leave none for the uploads after them.
  for (let round = 0; round < 2; round++) {
    assert.equal((await upload(hub.url, token)).status, 202);
    assert.equal((await upload(hub.url, token, 'id,name\na,"unterminated\n')).status, 400);
    const cut = await openUpload(hub.url, token);
    await eventually(() => spooling() === 1, 'the upload to cut off is spooling', 10_000);
    cut.socket.destroy();
    await eventually(() => spooling() === 0, 'the cut-off upload closed its spool file', 10_000);
    assert.equal((await (await openUpload(strict.url, token)).response).status, 408);
  }
  assert.equal((await upload(hub.url, token)).status, 202);
  assert.equal((await upload(strict.url, token)).status, 202);
});
