import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import net from 'node:net';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { startTestServer } from '../../test-support/http.ts';
import { hubService } from '../../hub/hub-service.ts';
import { contactCenterService } from '../../contact-center/contact-center-service.ts';
import { messagingService } from '../../messaging/messaging-service.ts';
import { AppError } from '../errors/app-error.ts';
import type { ServiceDefinition } from './service.ts';

const { db } = await createTestDatabase();

// A service with routes that exercise the shared layer: JSON bodies, thrown errors.
const probeService: ServiceDefinition = {
  ...hubService,
  plugin: async (app) => {
    app.post('/echo', async (request) => ({ received: request.body }));
    app.get('/conflict', async () => {
      throw new AppError('PROBE_CONFLICT', 409, 'The probe conflicts', { target: 'probe' });
    });
    app.get('/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      return { slow: 'done' };
    });
    app.get('/bug', async () => {
      throw new Error('secret internal detail: password=hunter2');
    });
  },
};

const hub = await startTestServer(hubService, db, { env: { BODY_LIMIT_BYTES: '1024' } });
const probe = await startTestServer(probeService, db, { env: { BODY_LIMIT_BYTES: '1024' } });
const contactCenter = await startTestServer(contactCenterService, db);
const messaging = await startTestServer(messagingService, db);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('GET /healthz and /readyz answer on every service', async () => {
  for (const server of [hub, contactCenter, messaging]) {
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(ready.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await ready.json(), { status: 'ready', database: 'ok', migrations: 'current' });
  }
});

test('every response carries a request id; a sane incoming X-Request-Id is kept, a hostile one replaced', async () => {
  const generated = await fetch(`${hub.url}/healthz`);
  assert.match(generated.headers.get('x-request-id')!, UUID);
  const kept = await fetch(`${hub.url}/healthz`, { headers: { 'x-request-id': 'lb-1234.abc:9' } });
  assert.equal(kept.headers.get('x-request-id'), 'lb-1234.abc:9');
  for (const hostile of ['<script>alert(1)</script>', 'a'.repeat(129), 'id with spaces']) {
    const replaced = await fetch(`${hub.url}/healthz`, { headers: { 'x-request-id': hostile } });
    assert.match(replaced.headers.get('x-request-id')!, UUID, hostile);
  }
});

test('an unknown route is a 404 in each service\'s own error body', async () => {
  const cases: [string, unknown][] = [
    [hub.url, { error: { code: 'PLATFORM_ROUTE_NOT_FOUND', message: 'No route for GET /nope' } }],
    [contactCenter.url, { message: 'No route for GET /nope' }],
    [messaging.url, { error: { message: 'No route for GET /nope' } }],
  ];
  for (const [url, body] of cases) {
    const response = await fetch(`${url}/nope?token=abc`);
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type')!, /^application\/json/);
    assert.deepEqual(await response.json(), body);
  }
});

test('a route error keeps its code, status and target', async () => {
  const response = await fetch(`${probe.url}/conflict`);
  assert.equal(response.status, 409);
  assert.deepEqual(await response.json(), { error: { code: 'PROBE_CONFLICT', message: 'The probe conflicts', target: 'probe' } });
});

test('an unexpected failure is a generic 500 naming the request id, never the internal detail', async () => {
  const response = await fetch(`${probe.url}/bug`, { headers: { 'x-request-id': 'trace-42' } });
  assert.equal(response.status, 500);
  const text = await response.text();
  assert.doesNotMatch(text, /hunter2|secret internal|at .*\.ts/);
  assert.deepEqual(JSON.parse(text), {
    error: { code: 'PLATFORM_INTERNAL', message: 'An internal error occurred; quote request id trace-42 when reporting it' },
  });
});

test('malformed, empty, oversized and mistyped bodies get precise 4xx answers', async () => {
  const post = (body: string, type: string) => fetch(`${probe.url}/echo`, { method: 'POST', headers: { 'content-type': type }, body });

  const ok = await post('{"a":1}', 'application/json');
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { received: { a: 1 } });

  const malformed = await post('{"a":', 'application/json');
  assert.equal(malformed.status, 400);
  assert.equal(((await malformed.json()) as any).error.code, 'PLATFORM_MALFORMED_BODY');

  const empty = await post('', 'application/json');
  assert.equal(empty.status, 400);
  assert.equal(((await empty.json()) as any).error.code, 'PLATFORM_MALFORMED_BODY');

  const tooLarge = await post(JSON.stringify({ a: 'x'.repeat(2000) }), 'application/json');
  assert.equal(tooLarge.status, 413);
  assert.deepEqual(await tooLarge.json(), { error: { code: 'PLATFORM_BODY_TOO_LARGE', message: 'The request body is larger than the limit of 1024 bytes' } });

  const mistyped = await post('<a/>', 'application/xml');
  assert.equal(mistyped.status, 415);
  assert.deepEqual(await mistyped.json(), { error: { code: 'PLATFORM_UNSUPPORTED_MEDIA_TYPE', message: 'Content-Type application/xml is not accepted here' } });

  const protoPollution = await post('{"__proto__":{"polluted":true}}', 'application/json');
  assert.equal(protoPollution.status, 400, 'Fastify refuses __proto__ keys');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('an oversized body is refused even without a Content-Length (chunked upload)', async () => {
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${probe.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let data = '';
      res.on('data', (chunk: Buffer) => (data += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: data }));
    });
    req.on('error', reject);
    req.write('{"a":"');
    req.write('x'.repeat(4096));
    req.end('"}');
  });
  assert.equal(status, 413);
  assert.equal(JSON.parse(body).error.code, 'PLATFORM_BODY_TOO_LARGE');
});

test('shutdown drains: an in-flight request completes and closes its connection; then new connections are refused', async () => {
  const closing = await startTestServer(probeService, db);
  const { port } = new URL(closing.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  let raw = '';
  socket.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  const ended = new Promise((resolve) => socket.on('close', resolve));
  socket.write('GET /slow HTTP/1.1\r\nHost: t\r\n\r\n');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = Date.now();
  await closing.app.close();
  await ended;
  // Without `Connection: close` the keep-alive socket would hold close() for 72 s; a loaded machine takes far less than 30.
  assert.ok(Date.now() - started < 30_000, `close() took ${Date.now() - started} ms`);
  assert.match(raw, /^HTTP\/1\.1 200 /);
  assert.match(raw, /\r\nconnection: close\r\n/i);
  assert.match(raw, /\{"slow":"done"\}$/);
  await assert.rejects(fetch(`${closing.url}/healthz`), /fetch failed/);
});

test('requests Node cannot parse, or whose headers are too large, get the service\'s own error body', async () => {
  const raw = (url: string, request: string) =>
    new Promise<string>((resolve, reject) => {
      const { port } = new URL(url);
      const socket = net.connect(Number(port), '127.0.0.1');
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
      socket.end(request);
    });
  const huge = await raw(hub.url, `GET /?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: t\r\n\r\n`);
  assert.match(huge, /^HTTP\/1\.1 431 /);
  assert.match(huge, /\{"error":\{"code":"PLATFORM_HEADERS_TOO_LARGE",/);
  const garbage = await raw(messaging.url, 'NOT HTTP AT ALL\r\n\r\n');
  assert.match(garbage, /^HTTP\/1\.1 400 /);
  assert.match(garbage, /\{"error":\{"message":"The HTTP request is malformed"\}\}$/);
});
