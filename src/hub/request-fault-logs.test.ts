/**
 * Whose fault a failed request is decides how it is logged: a client's
 * (4xx, 501, a client that went away mid-request or mid-response) at info
 * with no stack, ours at error with the stack (platform/http/request-faults.ts).
 * The log is read as the hub writes it, through a pino stream.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { eventually } from '../test-support/eventually.ts';
import { logSink } from '../test-support/log-sink.ts';
import { startTestServer } from '../test-support/http.ts';
import { workspace } from '../test-support/hub.ts';
import { freePort } from '../test-support/processes.ts';
import { createTestDatabase } from '../test-support/test-database.ts';
import { loadDemo } from '../test-support/demo-fixture.ts';
import { SCALES } from './demo/scales.ts';
import { hubService } from './hub-service.ts';
import { createToken } from './identity/personal-access-tokens.ts';

interface Line {
  level: number;
  reqId?: string;
  msg: string;
  err?: { stack?: string };
  path?: string;
}

const database = await createTestDatabase();
// At info, the level of production, whose lines are the ones that matter.
const sink = logSink('info');
const lines = () => sink.entries() as unknown as Line[];
// The hub, plus one route with a bug of ours.
const port = await freePort();
const hub = await startTestServer(
  {
    ...hubService,
    plugin: async (app, context) => {
      await hubService.plugin(app, context);
      app.get('/probe/bug', async () => {
        throw new TypeError('a bug of ours');
      });
      // What pg throws when our PostgreSQL socket is reset while the handler works, its body read.
      app.post('/probe/database-reset', async (request) => {
        assert.ok(request.body);
        throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' });
      });
    },
  },
  database.db,
  { env: { PUBLIC_URL: `http://127.0.0.1:${port}` }, port, logger: sink.logger },
);
const acme = await workspace(database.db, 'Acme', 'ada@acme.test');
await loadDemo(database, acme.tenantId, SCALES.small);
const token = (await createToken(database.db, { tenantId: acme.tenantId, userId: acme.userId, name: 'all', scopes: ['api:read', 'import'] })).token;

const of = (reqId: string) => lines().filter((line) => line.reqId === reqId);
/** Waits for the request's last line (Fastify's, or ours for a cut-off upload), then returns them all. */
async function logOf(reqId: string, last: RegExp): Promise<Line[]> {
  await eventually(() => of(reqId).some((line) => last.test(line.msg)), `the log of ${reqId}`, 20_000);
  return of(reqId);
}

function assertClientFault(logged: Line[], what: string) {
  assert.ok(logged.length > 0, what);
  for (const line of logged) {
    assert.ok(line.level <= 30, `${what}: ${JSON.stringify(line).slice(0, 300)}`);
    assert.equal(line.err, undefined, `${what}: no error object, no stack`);
  }
}

/** Sends `head` (and `body`) on a raw connection, then closes it after `closeAfter` ms without reading. */
function sendAndLeave(head: string, body: string, closeAfter: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(head + body);
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, closeAfter);
    });
    socket.pause();
  });
}

test('4xx and 501 answers are logged at info, without a stack', async () => {
  for (const [id, path, status] of [
    ['bad-filter', '/odata/Accounts?$filter=nope eq', 400],
    ['apply', '/odata/Accounts?$apply=groupby((industry))', 501],
    ['unknown-route', '/nowhere', 404],
    ['no-token', '/odata/Accounts', 401],
  ] as const) {
    const headers: Record<string, string> = { 'x-request-id': id, ...(id === 'no-token' ? {} : { authorization: `Bearer ${token}` }) };
    assert.equal((await fetch(`${hub.url}${path}`, { headers })).status, status, path);
    assertClientFault(await logOf(id, /^request completed$/), path);
  }
});

test('an upload cut off mid-body is logged at info as the client going away', async () => {
  const head = `PUT /import/crm/account HTTP/1.1\r\nHost: x\r\nX-Request-Id: cut-upload\r\nAuthorization: Bearer ${token}\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\n`;
  await sendAndLeave(head, 'id,name\nacc-1,Acme\n', 300);
  const logged = await logOf('cut-upload', /^the client went away before its response$/);
  assertClientFault(logged, 'the cut-off upload');
});

test('a reader that leaves during an OData page is logged at info', async () => {
  for (const [id, closeAfter] of [['leaves-early', 5], ['leaves-later', 300]] as const) {
    await sendAndLeave(`GET /odata/Conversations?$top=1000 HTTP/1.1\r\nHost: x\r\nX-Request-Id: ${id}\r\nAuthorization: Bearer ${token}\r\n\r\n`, '', closeAfter);
    assertClientFault(await logOf(id, /^(request completed|stream closed prematurely|the client went away before its response)$/), id);
  }
});

test('an OAuth request the library cannot serve because of its input is a 4xx, not a logged server_error', async () => {
  const before = lines().length;
  const response = await fetch(`${hub.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=authorization_code&code=x&client_id=%00&client_secret=x',
  });
  assert.equal(response.status, 401);
  assert.equal(((await response.json()) as { error: string }).error, 'invalid_client');
  await logOf((lines().slice(before).find((line) => line.msg === 'incoming request') ?? { reqId: '' }).reqId!, /^request completed$/);
  assert.deepEqual(lines().slice(before).filter((line) => line.level >= 40), []);
});

test('a failure of ours is logged at error with its stack, and answered with a generic 500', async () => {
  const response = await fetch(`${hub.url}/probe/bug`, { headers: { 'x-request-id': 'our-bug' } });
  assert.equal(response.status, 500);
  const logged = await logOf('our-bug', /^request completed$/);
  const failure = logged.find((line) => line.level === 50);
  assert.ok(failure, JSON.stringify(logged));
  assert.match(failure.err!.stack!, /TypeError: a bug of ours\n\s+at /);
});

test('a reset of our database socket during a POST, its body read and the client still there, is logged at error with its stack', async () => {
  const response = await fetch(`${hub.url}/probe/database-reset`, {
    method: 'POST',
    headers: { 'x-request-id': 'database-reset', 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Acme' }),
  });
  assert.equal(response.status, 500);
  const logged = await logOf('database-reset', /^request completed$/);
  const failure = logged.find((line) => line.level === 50);
  assert.ok(failure, JSON.stringify(logged));
  assert.match(failure.err!.stack!, /Error: read ECONNRESET\n\s+at /);
});

test('a POST cut off mid-body is still logged at info as the client going away', async () => {
  const head = `POST /probe/database-reset HTTP/1.1\r\nHost: x\r\nX-Request-Id: cut-post\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`;
  await sendAndLeave(head, '{"name":"Ac', 300);
  assertClientFault(await logOf('cut-post', /^(request completed|the client went away before its response)$/), 'the cut-off POST');
});
