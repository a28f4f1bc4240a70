/**
 * Clients that read slowly, or never, cost the hub neither memory nor other
 * tenants' reads (docs/operations.md "Slow readers"). The hub runs as its own
 * process, so its RSS can be read from /proc, with a short
 * RESPONSE_STALL_SECONDS and room for eight streamed pages per workspace.
 *
 * A page of 1,000 large accounts is about 50 MB: a hub that buffered what it
 * cannot send would hold 400 MB for eight clients that never read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { sql } from 'kysely';
import { onCleanup } from '../../../test-support/cleanup.ts';
import { eventually } from '../../../test-support/eventually.ts';
import { workspace } from '../../../test-support/hub.ts';
import { startHubProcess } from '../../../test-support/hub-process.ts';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { createToken } from '../../identity/personal-access-tokens.ts';

const STALL_SECONDS = 20;
const ACCOUNTS = 1000;
const { db, url: databaseUrl, name: database } = await createTestDatabase();
const acme = await workspace(db, 'Acme Slow', 'ada@slow.test');
const beta = await workspace(db, 'Beta Slow', 'bob@slow.test');
const tokenOf = async (tenant: { tenantId: string; userId: string }) => (await createToken(db, { tenantId: tenant.tenantId, userId: tenant.userId, name: 'r', scopes: ['api:read'] })).token;
const acmeToken = await tokenOf(acme);
const betaToken = await tokenOf(beta);

// Each account carries a 51,200-character additional field; PostgreSQL compresses the repeats, so seeding is quick.
const notes = (i: number) => createHash('md5').update(String(i)).digest('hex').repeat(1600);
const seed = (tenantId: string, count: number) =>
  sql`insert into accounts (tenant_id, id, name, updated, additional_fields)
    select ${tenantId}, 'acct-' || lpad(i::text, 4, '0'), 'Account ' || i, now(), jsonb_build_object('notes', repeat(md5(i::text), 1600))
    from generate_series(0, ${count - 1}) as i`.execute(db);
await seed(acme.tenantId, ACCOUNTS);
await seed(beta.tenantId, 200);
await sql`analyze accounts`.execute(db);

const hub = await startHubProcess(databaseUrl, {
  RESPONSE_STALL_SECONDS: String(STALL_SECONDS),
  STREAMED_PAGES_PER_WORKSPACE: '8',
  STREAMED_PAGES_TOTAL: '9',
});
const { url: base, port, rssMiB } = hub;
const PAGE = `/odata/Accounts?$top=${ACCOUNTS}`;
const get = (path: string, token: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });

/** Backends of this file's database that PostgreSQL has blocked sending rows to a client that does not take them. */
async function blockedBackends(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = ${database} and wait_event = 'ClientWrite'`.execute(db);
  return rows[0]!.n;
}

/**
 * PostgreSQL blocked sending `pages` pages while the hub sits idle (under 20 ms of CPU in half a second): the
 * pages are held back at PostgreSQL. A hub that read on would be busy formatting rows until it had them all.
 */
async function heldBack(pages: number): Promise<boolean> {
  if ((await blockedBackends()) !== pages) return false;
  const before = hub.cpuMs();
  await new Promise((resolve) => setTimeout(resolve, 500));
  return hub.cpuMs() - before <= 20 && (await blockedBackends()) === pages;
}

/** A client that sends its request and never reads a byte of the answer. */
function neverReads(token: string): net.Socket {
  const socket = net.connect({ host: '127.0.0.1', port });
  onCleanup(() => socket.destroy());
  // Paused before the connection is up, Node never starts reading: the answer waits in the kernel.
  socket.pause();
  socket.write(`GET ${PAGE} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n\r\n`);
  return socket;
}

/**
 * What a never-reading client was sent, once it reads after all: the connection ends early if the hub closed it;
 * otherwise the whole page comes (resolved once 40 of its 50 MB did).
 */
function readRest(socket: net.Socket): Promise<{ bytes: number; closedByHub: boolean; head: string }> {
  return new Promise((resolve) => {
    let bytes = 0;
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      if (head.length < 64) head += chunk.subarray(0, 64).toString('latin1');
      bytes += chunk.length;
      if (bytes > 40_000_000) resolve({ bytes, closedByHub: false, head });
    });
    socket.on('error', () => {});
    socket.once('close', () => resolve({ bytes, closedByHub: true, head }));
    socket.resume();
  });
}

function expectedPage(): string[] {
  return Array.from({ length: ACCOUNTS }, (_, i) => `acct-${String(i).padStart(4, '0')}`);
}

function assertWholePage(body: Buffer) {
  const page = JSON.parse(body.toString('utf8')) as { value: { id: string; notes: string }[]; '@odata.nextLink'?: string };
  assert.deepEqual(page.value.map((account) => account.id), expectedPage());
  page.value.forEach((account, i) => assert.equal(account.notes, notes(i), account.id));
  assert.equal(page['@odata.nextLink'], undefined);
}

test('a page of many pieces arrives whole and byte for byte the same, whether the client reads at once or holds the hub back', { timeout: 180_000 }, async () => {
  const fast = await get(PAGE, acmeToken);
  assert.equal(fast.status, 200);
  assert.equal(fast.headers.get('content-length'), null, 'streamed, in pieces');
  const fastBody = Buffer.from(await fast.arrayBuffer());
  assertWholePage(fastBody);

  const held = await new Promise<Buffer>((resolve, reject) => {
    const request = http.get(`${base}${PAGE}`, { headers: { authorization: `Bearer ${acmeToken}` } }, (response) => {
      response.pause();
      const chunks: Buffer[] = [];
      // Read only once PostgreSQL itself waits on the hub: the hub stopped taking rows while this client did not read.
      eventually(() => heldBack(1), 'the page held back at PostgreSQL', 60_000).then(() => {
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks)));
        response.resume();
      }, reject);
    });
    request.on('error', reject);
    onCleanup(() => request.destroy());
  });
  assert.ok(held.equals(fastBody), 'the held-back page is byte for byte the page read at once');
});

let stalled: net.Socket[] = [];
let idle = 0;
let peak = 0;
let sampler: NodeJS.Timeout | undefined;

test('eight clients that never read a page of 1,000 large accounts leave the hub within 100 MiB of its idle RSS', { timeout: 180_000 }, async () => {
  // Warm: both tenants' tokens verified and cached, the read path compiled.
  assert.equal((await get('/odata/Accounts?$top=1', acmeToken)).status, 200);
  assert.equal((await get('/odata/Accounts?$top=1', betaToken)).status, 200);
  idle = rssMiB();
  peak = idle;
  sampler = setInterval(() => (peak = Math.max(peak, rssMiB())), 50);
  stalled = Array.from({ length: 8 }, () => neverReads(acmeToken));
  // Either every page is held back at PostgreSQL, or the hub is buffering what it cannot send.
  await eventually(async () => rssMiB() > idle + 100 || (await heldBack(8)), 'eight pages held back, or the RSS grown', 60_000);
  assert.ok(peak - idle <= 100, `RSS ${idle.toFixed(0)} MiB idle, ${peak.toFixed(0)} MiB with eight stalled clients`);
});

test('while they stall, the workspace gets 429 for one more streamed page and another workspace reads as usual', { timeout: 180_000 }, async () => {
  const refused = await get(PAGE, acmeToken);
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get('retry-after'), '1');
  const error = (await refused.json()) as { error: { code: string; message: string } };
  assert.equal(error.error.code, 'PLATFORM_TOO_MANY_CONCURRENT');
  assert.match(error.error.message, /streamed pages.*8 per workspace/);

  assert.equal((await get('/odata/Accounts?$top=1', acmeToken)).status, 200, 'a page of one piece needs no slot');
  const other = await get('/odata/Accounts?$top=1000', betaToken);
  assert.equal(other.status, 200);
  assert.equal(other.headers.get('content-length'), null, "the other workspace's page streams too");
  const page = (await other.json()) as { value: { id: string }[] };
  assert.equal(page.value.length, 200);
  for (const path of ['/odata/Accounts?$top=5&$select=id', '/odata/Accounts(\'acct-0007\')', '/odata/$metadata']) {
    assert.equal((await get(path, betaToken)).status, 200, path);
  }
  assert.equal((await fetch(`${base}/readyz`)).status, 200);
  assert.equal(await blockedBackends(), 8, 'the eight are still stalled');
  clearInterval(sampler);
  assert.ok(peak - idle <= 100, `RSS ${idle.toFixed(0)} MiB idle, ${peak.toFixed(0)} MiB while the others read`);
});

test(`after RESPONSE_STALL_SECONDS the hub closes the stalled connections, logs them at info, and their slots and connections are free`, { timeout: 180_000 }, async () => {
  await eventually(async () => (await blockedBackends()) === 0, 'the stalled pages let go of PostgreSQL', (STALL_SECONDS + 60) * 1000);
  for (const { closedByHub, bytes, head } of await Promise.all(stalled.map(readRest))) {
    assert.match(head, /^HTTP\/1\.1 200 /);
    assert.ok(closedByHub, `the hub closed the connection (the client got ${bytes} bytes of the 50 MB page)`);
  }
  const lines = hub.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string });
  assert.equal(lines.filter((line) => /read none of the response/.test(line.msg) && line.level === 30).length, 8);
  assert.deepEqual(lines.filter((line) => line.level >= 50), [], 'nothing logged as an error');

  // All eight slots and connections came back: eight more stall at once, then hang up themselves.
  stalled = Array.from({ length: 8 }, () => neverReads(acmeToken));
  await eventually(async () => (await blockedBackends()) === 8, 'eight new pages streaming', 60_000);
  for (const socket of stalled) socket.destroy();
  await eventually(async () => (await blockedBackends()) === 0, 'the abandoned pages let go of PostgreSQL', 60_000);
  const again = await get(PAGE, acmeToken);
  assert.equal(again.status, 200);
  assertWholePage(Buffer.from(await again.arrayBuffer()));
  assert.equal((await get('/odata/Accounts?$top=1000', betaToken)).status, 200);
});
