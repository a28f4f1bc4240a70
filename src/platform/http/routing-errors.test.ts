/**
 * Every route of every service, walked with what the router refuses: a
 * method the path does not take, a path segment longer than the router
 * matches, a broken percent-escape. Each answer is a precise 4xx in the body
 * of the part that owns the path (the hub's pages: an HTML page; its OAuth
 * endpoints: RFC 6749 JSON; the rest of the hub: its OData-style JSON with a
 * catalogued code; contact center and messaging: their own bodies), never a
 * 500 and never a framework's default body.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { RouteOptions } from 'fastify';
import { contactCenterService } from '../../contact-center/contact-center-service.ts';
import { hubService } from '../../hub/hub-service.ts';
import { createToken } from '../../hub/identity/personal-access-tokens.ts';
import { LIBRARY_ROUTES } from '../../hub/oauth/oauth-plugin.ts';
import { messagingService } from '../../messaging/messaging-service.ts';
import { ERROR_CATALOGUES } from '../../services.ts';
import { workspace } from '../../test-support/hub.ts';
import { startTestServer } from '../../test-support/http.ts';
import { freePort } from '../../test-support/processes.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { MAX_PATH_SEGMENT_LENGTH } from './routing-errors.ts';
import type { ServiceDefinition } from './service.ts';

const { db } = await createTestDatabase();
const CODES = new Set(ERROR_CATALOGUES.flatMap((catalogue) => Object.keys(catalogue)));
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
// Registered by the platform before a service's plugin, so the service's onRoute hook cannot see them.
const HEALTH_ROUTES = [
  { url: '/healthz', methods: ['GET', 'HEAD'] },
  { url: '/readyz', methods: ['GET', 'HEAD'] },
];

type Surface = 'page' | 'oauth' | 'api';

/** A service whose plugin first records every route registered after it, as Fastify's onRoute hook sees them. */
function recorded(service: ServiceDefinition): { service: ServiceDefinition; routes: Map<string, Set<string>> } {
  const routes = new Map<string, Set<string>>(HEALTH_ROUTES.map((r) => [r.url, new Set(r.methods)]));
  const plugin: ServiceDefinition['plugin'] = async (app, context) => {
    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = routes.get(route.url) ?? new Set<string>();
      for (const method of [route.method].flat()) methods.add(method);
      routes.set(route.url, methods);
    });
    await service.plugin.call(app, app, context);
  };
  return { service: { ...service, plugin }, routes };
}

/** The path of a route with each parameter replaced by `value` (a wildcard by an entity set). */
function concrete(url: string, value = 'x'): string {
  return url.replace(/:[A-Za-z]+/g, value).replace(/\*$/, 'Accounts');
}

async function call(base: string, method: string, path: string) {
  const response = await fetch(`${base}${path}`, { method, redirect: 'manual' });
  return { status: response.status, type: response.headers.get('content-type') ?? '', allow: response.headers.get('allow'), requestId: response.headers.get('x-request-id'), text: await response.text() };
}

type Answer = Awaited<ReturnType<typeof call>>;

function assertHubFormat(answer: Answer, surface: Surface, what: string): void {
  assert.ok(answer.status >= 400 && answer.status < 500, `${what}: ${answer.status} ${answer.text.slice(0, 200)}`);
  assert.ok(answer.requestId, `${what}: x-request-id`);
  if (surface === 'page') {
    assert.match(answer.type, /^text\/html/, what);
    assert.match(answer.text, /^<!doctype html>[\s\S]*<p class="error" role="alert">/, what);
    return;
  }
  assert.match(answer.type, /^application\/json/, what);
  const body = JSON.parse(answer.text);
  if (surface === 'oauth') {
    assert.deepEqual(Object.keys(body), ['error', 'error_description'], what);
    assert.equal(body.error, 'invalid_request', what);
    return;
  }
  assert.deepEqual(Object.keys(body), ['error'], what);
  assert.ok(CODES.has(body.error.code), `${what}: ${body.error.code} is in a catalogue`);
  assert.equal(typeof body.error.message, 'string', what);
}

function surfaceOf(path: string): Surface {
  if (/^\/(oauth|\.well-known\/(oauth-authorization-server|openid-configuration|oauth-protected-resource))(\/|$)/.test(path)) return 'oauth';
  if (path === '/' || /^\/(login|logout|setup|settings|interaction|conversations)(\/|$)/.test(path)) return 'page';
  return 'api';
}

/**
 * Walks `routes`: a wrong method, then (for routes with parameters) an over-long one, then broken escapes.
 * `outside` are served outside Fastify (the OAuth library's): their parameters are the library's to check.
 */
async function walk(base: string, routes: Map<string, Set<string>>, check: (answer: Answer, path: string, what: string) => void, outside = new Set<string>()) {
  let walked = 0;
  for (const [url, methods] of routes) {
    const path = concrete(url);
    const wrong = METHODS.find((m) => !methods.has(m) && m !== 'HEAD');
    if (wrong) {
      const answer = await call(base, wrong, path);
      assert.equal(answer.status, 405, `${wrong} ${path}: ${answer.text.slice(0, 200)}`);
      assert.deepEqual(answer.allow?.split(', ').sort(), [...methods].sort(), `${wrong} ${path}: Allow`);
      check(answer, path, `${wrong} ${path}`);
    }
    const method = methods.has('GET') ? 'GET' : [...methods][0]!;
    if (url.includes(':') && !outside.has(url)) {
      const long = concrete(url, 'a'.repeat(MAX_PATH_SEGMENT_LENGTH + 1));
      const answer = await call(base, method, long);
      assert.equal(answer.status, 414, `${method} ${url} with a long parameter: ${answer.text.slice(0, 200)}`);
      check(answer, long, `${method} ${url} with a long parameter`);
    }
    for (const broken of ['%ZZ', '%FF', '%E2%82']) {
      const bad = url.includes(':') || url.endsWith('*') ? concrete(url, broken).replace(/Accounts$/, `Accounts('${broken}')`) : `${url.replace(/\/$/, '')}/${broken}`;
      const answer = await call(base, method, bad);
      assert.equal(answer.status, 400, `${method} ${bad}: ${answer.text.slice(0, 200)}`);
      check(answer, bad, `${method} ${bad}`);
    }
    walked++;
  }
  return walked;
}

const hub = recorded(hubService);
const port = await freePort();
const hubServer = await startTestServer(hub.service, db, { env: { PUBLIC_URL: `http://127.0.0.1:${port}` }, port });

test('every hub route, and every path the OAuth library serves, answers a wrong method, a long parameter and a broken escape in its own format', async () => {
  const routes = new Map(hub.routes);
  // A path may be the library's for some methods and Fastify's for others (the preflight of /oauth/register).
  for (const { url, methods } of LIBRARY_ROUTES) routes.set(url, new Set([...(routes.get(url) ?? []), ...methods]));
  const library = new Set(LIBRARY_ROUTES.map((r) => r.url));
  const walked = await walk(
    hubServer.url,
    routes,
    (answer, path, what) => {
      assertHubFormat(answer, surfaceOf(path), what);
      if (answer.status === 405) assert.match(answer.text, /is not allowed on/, what);
    },
    library,
  );
  const longUid = await call(hubServer.url, 'GET', `/oauth/authorize/${'a'.repeat(MAX_PATH_SEGMENT_LENGTH + 1)}`);
  assert.ok(longUid.status >= 400 && longUid.status < 500, `the library answers a long uid itself: ${longUid.status}`);
  assert.ok(hub.routes.size >= 40, `the hub registered ${hub.routes.size} routes`);
  assert.equal(walked, routes.size);
});

test('the issue\'s cases: GET /oauth/token and POST /oauth/authorize are 405 in RFC 6749 JSON, bad escapes a 400 in the hub\'s body', async () => {
  const token = await call(hubServer.url, 'GET', '/oauth/token');
  assert.deepEqual([token.status, token.allow, JSON.parse(token.text)], [405, 'POST, OPTIONS', { error: 'invalid_request', error_description: 'Method GET is not allowed on /oauth/token; it allows POST, OPTIONS' }]);
  const authorize = await call(hubServer.url, 'POST', '/oauth/authorize');
  assert.deepEqual([authorize.status, authorize.allow], [405, 'GET, HEAD']);
  const slashed = await call(hubServer.url, 'POST', '/oauth/token/');
  assert.deepEqual([slashed.status, JSON.parse(slashed.text).error], [400, 'invalid_request'], `the library still serves its paths with a trailing slash: ${slashed.text}`);
  assert.equal((await call(hubServer.url, 'POST', '/OAuth/Token')).status, 404, 'and only in its own case');
  const unknown = await call(hubServer.url, 'GET', '/oauth/token/extra');
  assert.deepEqual([unknown.status, JSON.parse(unknown.text).error], [404, 'invalid_request']);
  for (const path of ["/odata/Accounts('%FF')", '/import/job/%ZZ']) {
    const answer = await call(hubServer.url, 'GET', path);
    assert.equal(answer.status, 400, path);
    assert.equal(JSON.parse(answer.text).error.code, 'PLATFORM_BAD_URL', path);
  }
  const discovery = await call(hubServer.url, 'GET', '/.well-known/oauth-authorization-server');
  assert.equal(discovery.status, 200, 'the right method still reaches the library');
  const page = await call(hubServer.url, 'DELETE', '/settings/members');
  assert.deepEqual([page.status, page.allow], [405, 'GET, HEAD, POST']);
  assert.match(page.text, /Method DELETE is not allowed on \/settings\/members; it allows GET, HEAD, POST/);
});

test('an id as long as the importer takes (500 characters, outside the BMP too) is addressable; a longer segment is a 414 in the hub\'s body', async () => {
  const acme = await workspace(db, 'Acme', 'ada@acme.test');
  const token = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'i', scopes: ['import', 'webhooks'] })).token;
  const id = '😀'.repeat(500);
  await sql`insert into accounts (tenant_id, id, name, updated) values (${acme.tenantId}, ${id}, 'Wide', now())`.execute(db);
  const headers = { authorization: `Bearer ${token}` };
  const record = await fetch(`${hubServer.url}/import/crm/account/${encodeURIComponent(id)}`, { headers });
  assert.equal(record.status, 200, await record.clone().text());
  assert.match(await record.text(), /Wide/);
  const webhook = await fetch(`${hubServer.url}/api/webhooks/${'a'.repeat(MAX_PATH_SEGMENT_LENGTH)}`, { headers });
  assert.equal(((await webhook.json()) as any).error.code, 'WEBHOOK_NOT_FOUND');
  const tooLong = await fetch(`${hubServer.url}/import/job/${'a'.repeat(MAX_PATH_SEGMENT_LENGTH + 1)}`, { headers });
  assert.equal(tooLong.status, 414);
  assert.equal(((await tooLong.json()) as any).error.code, 'PLATFORM_PATH_SEGMENT_TOO_LONG');
});

for (const [original, format, pages] of [
  [contactCenterService, (body: any) => assert.deepEqual(Object.keys(body), ['message']), /^\/(login|logout|settings|wallboard|console|assets)(\/|$)/],
  [messagingService, (body: any) => assert.deepEqual([Object.keys(body), Object.keys(body.error)], [['error'], ['message']]), undefined],
] as const) {
  test(`every ${original.title.toLowerCase()} route answers the walk in that service's own body`, async () => {
    const { service, routes } = recorded(original);
    const server = await startTestServer(service, db);
    const walked = await walk(server.url, routes, (answer, path, what) => {
      assert.ok(answer.status >= 400 && answer.status < 500, what);
      if (pages?.test(path)) {
        assert.match(answer.type, /^text\/html/, what);
        assert.match(answer.text, /^<!doctype html>[\s\S]*<p class="error" role="alert">/, what);
        return;
      }
      assert.match(answer.type, /^application\/json/, what);
      format(JSON.parse(answer.text));
    });
    assert.equal(walked, routes.size);
  });
}
