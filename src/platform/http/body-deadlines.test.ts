/**
 * Slow clients get a 408 in the service's own error body, never a held
 * connection (issue 12, "Uploads cannot exhaust the database"): request
 * bodies that pause or trickle, on Fastify's parsers and on the OAuth
 * endpoints that oidc-provider reads itself, and headers that never end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { contactCenterService } from '../../contact-center/contact-center-service.ts';
import { hubService } from '../../hub/hub-service.ts';
import { startTestServer } from '../../test-support/http.ts';
import { RawRequest } from '../../test-support/raw-request.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import type { ServiceDefinition } from './service.ts';

// Without deadlines a stalled request would wait forever: fail instead.
const HANG = { timeout: 60_000 };

const { db } = await createTestDatabase();

const READ_DELAY_MS = 2_500;
const probeService: ServiceDefinition = {
  ...hubService,
  plugin: async (app) => {
    app.post('/echo', async (request) => ({ received: request.body }));
    // Streams its body like the importer, but reads it only after a pause of its own.
    app.register(async (streaming) => {
      streaming.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
      streaming.post('/late-reader', async (request) => {
        await sleep(READ_DELAY_MS);
        let bytes = 0;
        for await (const chunk of request.body as AsyncIterable<Buffer>) bytes += chunk.length;
        return { bytes };
      });
    });
  },
};

// The trickle test's timer may stall on a busy machine: an idle limit well above its interval keeps the rate what ends it.
const env = { BODY_IDLE_TIMEOUT_MS: '1000', BODY_MIN_BYTES_PER_SECOND: '2000', HEADERS_TIMEOUT_MS: '300' };
const probe = await startTestServer(probeService, db, { env });
const hub = await startTestServer(hubService, db, { env });
const contactCenter = await startTestServer(contactCenterService, db, { env });

const jsonHead = (url: string, path: string, length: number) =>
  `POST ${path} HTTP/1.1\r\nHost: ${new URL(url).host}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

test('a body that stops arriving: 408 PLATFORM_REQUEST_TIMEOUT in the service\'s body, and the connection closes', HANG, async () => {
  const request = await RawRequest.open(probe.url, jsonHead(probe.url, '/echo', 20), '{"a":');
  const response = await request.response;
  assert.equal(response.status, 408);
  assert.equal(response.headers.connection, 'close');
  assert.match(response.headers['x-request-id']!, /./);
  assert.deepEqual(response.json, { error: { code: 'PLATFORM_REQUEST_TIMEOUT', message: response.json.error.message } });
  assert.match(response.json.error.message, /^The request arrived too slowly: no data arrived for [\d.]+ s; send it again without pauses$/);
  await request.closed;
});

test('a body that trickles below the minimum rate: 408 naming the rate, though it never pauses for the idle limit', HANG, async () => {
  const request = await RawRequest.open(probe.url, jsonHead(probe.url, '/echo', 10_000), '{"a":"');
  const trickle = setInterval(() => request.write('x'), 20);
  try {
    const response = await request.response;
    assert.equal(response.status, 408);
    assert.equal(response.json.error.code, 'PLATFORM_REQUEST_TIMEOUT');
    assert.match(response.json.error.message, /: \d+ bytes arrived in [\d.]+ s, below the minimum of 2000 bytes per second;/);
    await request.closed;
  } finally {
    clearInterval(trickle);
  }
});

test('a body sent at once is not timed out while the route is slow to read it', HANG, async () => {
  const body = Buffer.alloc(16 * 1024 * 1024, 'x');
  const response = await fetch(`${probe.url}/late-reader`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body });
  assert.equal(response.status, 200, await response.clone().text());
  assert.deepEqual(await response.json(), { bytes: body.length });
});

test('a body that arrives in time is parsed as before', HANG, async () => {
  const request = await RawRequest.open(probe.url, jsonHead(probe.url, '/echo', 7));
  request.write('{"a"');
  request.write(':1}');
  const response = await request.response;
  assert.equal(response.status, 200);
  assert.deepEqual(response.json, { received: { a: 1 } });
});

test('an OAuth token request whose body stops (read by oidc-provider, outside Fastify\'s routes): 408 in the hub\'s body', HANG, async () => {
  const head = `POST /oauth/token HTTP/1.1\r\nHost: ${new URL(hub.url).host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n`;
  const request = await RawRequest.open(hub.url, head, 'grant_type=authorization_code');
  const response = await request.response;
  assert.equal(response.status, 408);
  assert.equal(response.headers.connection, 'close');
  assert.equal(response.json.error.code, 'PLATFORM_REQUEST_TIMEOUT');
  await request.closed;
});

test('headers that never end: Node\'s headers timeout is a 408 in each service\'s body, not a 400', HANG, async () => {
  for (const [server, body] of [
    [hub, { error: { code: 'PLATFORM_REQUEST_TIMEOUT', message: 'The request arrived too slowly: the request line and headers did not arrive within 0.3 s; send it again without pauses' } }],
    [contactCenter, { message: 'The request arrived too slowly: the request line and headers did not arrive within 0.3 s; send it again without pauses' }],
  ] as const) {
    const request = await RawRequest.open(server.url, `GET /healthz HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\n`);
    const response = await request.response;
    assert.equal(response.status, 408);
    assert.match(response.headers['content-type']!, /^application\/json/);
    assert.deepEqual(response.json, body);
    await request.closed;
  }
});
