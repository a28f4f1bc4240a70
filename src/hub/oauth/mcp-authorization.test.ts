/**
 * The authorization server as MCP clients meet it (docs/mcp.md,
 * "Authorization"), over real HTTP: discovery documents, Dynamic Client
 * Registration, Client ID Metadata Documents, PKCE, resource-bound tokens,
 * rotation, and the ways each must refuse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { authorize, startHub, tokenRequest, workspace } from '../../test-support/hub.ts';
import { CLAUDE_METADATA, connectAiClient, pkcePair as pkce, registerClient } from '../../test-support/ai-clients.ts';
import { eventually } from '../../test-support/eventually.ts';
import { revokeConnectedApp } from './connected-apps.ts';
import { startMetadataDocumentServer } from '../../test-support/metadata-document-server.ts';
import { addressKey, MAX_REGISTRATIONS } from '../identity/registration-throttle.ts';

const { db } = await createTestDatabase();
const hub = await startHub(db, { ALLOW_LOOPBACK_CLIENT_METADATA: 'true' });
const strict = await startHub(db);
const MCP = `${hub.url}/mcp`;
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const documents = await startMetadataDocumentServer();

async function json(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

const register = (metadata: Record<string, unknown>, base = hub.url) => registerClient(base, metadata);
const claude = CLAUDE_METADATA;

/** The browser part of the flow; returns the redirect back to the client. */
async function consent(clientId: string, redirectUri: string, extra: Record<string, string>) {
  const { final, user } = await authorize(hub.url, { clientId, redirectUri, email: acme.email, extra });
  return { final, user, location: final.location ? new URL(final.location) : undefined };
}

test('protected resource metadata (RFC 9728) names the MCP URL exactly and this authorization server, at the path form and the root form', async () => {
  for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']) {
    const { status, headers, body } = await json(`${hub.url}${path}`);
    assert.equal(status, 200, path);
    assert.equal(body.resource, MCP);
    assert.deepEqual(body.authorization_servers, [hub.url]);
    assert.deepEqual(body.scopes_supported, ['mcp']);
    assert.deepEqual(body.bearer_methods_supported, ['header']);
    assert.equal(headers.get('access-control-allow-origin'), '*');
  }
  const wrongMethod = await json(`${hub.url}/.well-known/oauth-protected-resource/mcp`, { method: 'DELETE' });
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.body.error, 'invalid_request');
});

test('authorization server metadata (RFC 8414) offers S256, registration and metadata documents', async () => {
  const { status, body } = await json(`${hub.url}/.well-known/oauth-authorization-server`);
  assert.equal(status, 200);
  assert.equal(body.issuer, hub.url);
  assert.deepEqual(body.code_challenge_methods_supported, ['S256']);
  assert.equal(body.registration_endpoint, `${hub.url}/oauth/register`);
  assert.equal(body.client_id_metadata_document_supported, true);
  assert.ok(body.token_endpoint_auth_methods_supported.includes('none'));
});

test('dynamic registration (RFC 7591): a public client gets an id and its method back, unknown fields are dropped, no secret', async () => {
  const { status, headers, body } = await register({ ...claude, logo_color: 'orange', software_id: 'claude-ai' });
  assert.equal(status, 201);
  assert.match(body.client_id, /^ctr_/);
  assert.equal(body.token_endpoint_auth_method, 'none');
  assert.equal(body.client_secret, undefined);
  assert.equal(body.logo_color, undefined);
  assert.equal(body.software_id, 'claude-ai');
  assert.equal(body.registration_access_token, undefined, 'no RFC 7592 management');
  assert.equal(headers.get('cache-control'), 'no-store');
});

test('a confidential registration gets its secret once; only its digest is stored; it authenticates with it', async () => {
  const { status, body } = await register({ ...claude, token_endpoint_auth_method: 'client_secret_post' });
  assert.equal(status, 201);
  assert.match(body.client_secret, /^cts_/);
  const row = await db.selectFrom('oauth_registered_clients').select('metadata').where('id', '=', body.client_id).executeTakeFirstOrThrow();
  assert.notEqual((row.metadata as Record<string, unknown>).client_secret, body.client_secret);
  assert.ok(!JSON.stringify(row.metadata).includes(body.client_secret));
  const wrongSecret = await tokenRequest(hub.url, { grant_type: 'authorization_code', code: 'x', redirect_uri: claude.redirect_uris[0]!, client_id: body.client_id, client_secret: 'cts_wrong' });
  assert.equal(wrongSecret.status, 401);
  assert.equal(wrongSecret.body.error, 'invalid_client');
  const rightSecret = await tokenRequest(hub.url, { grant_type: 'authorization_code', code: 'x', redirect_uri: claude.redirect_uris[0]!, client_id: body.client_id, client_secret: body.client_secret });
  assert.equal(rightSecret.body.error, 'invalid_grant', 'authenticated, then the made-up code is refused');
});

test('malformed registrations are refused with RFC 7591 errors', async () => {
  const cases: [unknown, string][] = [
    [{ ...claude, redirect_uris: ['https://claude.ai/cb#fragment'] }, 'invalid_redirect_uri'],
    [{ ...claude, redirect_uris: [] }, 'invalid_redirect_uri'],
    [{ ...claude, token_endpoint_auth_method: 'private_key_jwt' }, 'invalid_client_metadata'],
    [{ ...claude, grant_types: ['implicit'] }, 'invalid_client_metadata'],
    [{ ...claude, redirect_uris: ['http://evil.example/cb'] }, 'invalid_redirect_uri'],
    [{ ...claude, redirect_uris: ['com.evil:/cb'], application_type: 'native' }, 'invalid_redirect_uri'],
    [{ ...claude, redirect_uris: ['javascript:alert(1)'] }, 'invalid_redirect_uri'],
    [{ ...claude, redirect_uris: Array.from({ length: 21 }, (_, i) => `https://claude.ai/cb/${i}`) }, 'invalid_redirect_uri'],
    [{ ...claude, client_name: 'x'.repeat(201) }, 'invalid_client_metadata'],
  ];
  for (const [metadata, error] of cases) {
    const { status, body } = await register(metadata as Record<string, unknown>);
    assert.equal(status, 400, JSON.stringify(metadata));
    assert.equal(body.error, error, JSON.stringify(body));
  }
  const notJson = await json(`${hub.url}/oauth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"redirect_uris": [' });
  assert.equal(notJson.status, 400);
  assert.equal(notJson.body.error, 'invalid_request');
});

test('an MCP client: PKCE, no scope, resource = /mcp; the token is for /mcp only, carries mcp, and its refresh token rotates', async () => {
  const { body: client } = await register(claude);
  const { verifier, challenge } = pkce();
  const redirectUri = claude.redirect_uris[0]!;
  const { location, final } = await consent(client.client_id, redirectUri, { code_challenge: challenge, code_challenge_method: 'S256', resource: MCP });
  assert.equal(final.status, 303, final.body.slice(0, 300));
  const code = location!.searchParams.get('code')!;
  assert.ok(code, location!.toString());

  const token = await tokenRequest(hub.url, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: client.client_id, code_verifier: verifier, resource: MCP });
  assert.equal(token.status, 200, JSON.stringify(token.body));
  assert.equal(token.body.scope, 'mcp');
  assert.ok(token.body.refresh_token);
  const stored = await db.selectFrom('oauth_models').select('payload').where('model', '=', 'AccessToken').where(({ eb }) => eb(eb.ref('payload'), '@>', JSON.stringify({ clientId: client.client_id }) as never)).executeTakeFirstOrThrow();
  assert.equal((stored.payload as { aud?: string }).aud, MCP);
  assert.equal((stored.payload as { extra?: { tenant_id?: string } }).extra?.tenant_id, acme.tenantId);

  const api = await fetch(`${hub.url}/odata/me`, { headers: { authorization: `Bearer ${token.body.access_token}` } });
  assert.equal(api.status, 401, 'a token for the MCP server opens no other API');

  const refreshed = await tokenRequest(hub.url, { grant_type: 'refresh_token', refresh_token: token.body.refresh_token, client_id: client.client_id, resource: MCP });
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  assert.notEqual(refreshed.body.refresh_token, token.body.refresh_token);
  const replayed = await tokenRequest(hub.url, { grant_type: 'refresh_token', refresh_token: token.body.refresh_token, client_id: client.client_id });
  assert.equal(replayed.status, 400);
  assert.equal(replayed.body.error, 'invalid_grant');
});

test('the consent page names the client, the host it returns to and the workspace, and lists the mcp scope', async () => {
  const { body: client } = await register({ ...claude, client_name: 'ChatGPT', redirect_uris: ['https://chatgpt.com/connector_platform_oauth_redirect'] });
  const { challenge } = pkce();
  const query = new URLSearchParams({ response_type: 'code', client_id: client.client_id, redirect_uri: 'https://chatgpt.com/connector_platform_oauth_redirect', state: 's', code_challenge: challenge, code_challenge_method: 'S256' });
  const { user } = await authorize(hub.url, { clientId: client.client_id, redirectUri: 'https://chatgpt.com/connector_platform_oauth_redirect', email: acme.email, decision: 'deny', extra: { code_challenge: challenge, code_challenge_method: 'S256' } });
  let hop = await user.follow(`/oauth/authorize?${query}`);
  assert.match(hop.body, /Authorize ChatGPT/);
  assert.match(hop.body, /wants to access the workspace <strong>Acme<\/strong>/);
  assert.match(hop.body, /you return to <strong><code>chatgpt\.com<\/code><\/strong>/);
  assert.match(hop.body, /registered itself/);
  assert.match(hop.body, /Connect AI agents \(MCP\) <code>mcp<\/code>/);
  assert.doesNotMatch(hop.body, /api:read/);
  hop = await user.follow(/action="(\/interaction\/[^"]+\/consent)"/.exec(hop.body)![1]!, { form: { _csrf: /name="_csrf" value="([^"]+)"/.exec(hop.body)![1]!, tenant_id: acme.tenantId, decision: 'deny' } });
  assert.equal(new URL(hop.location!).searchParams.get('error'), 'access_denied');
});

test('a native client registered with a loopback redirect URI may come back on any port (RFC 8252 §7.3); another path is refused', async () => {
  const { body: client } = await register({ ...claude, client_name: 'Claude Code', redirect_uris: ['http://127.0.0.1:33418/callback'] });
  assert.equal(client.application_type, 'native');
  const { challenge } = pkce();
  const otherPort = await consent(client.client_id, 'http://127.0.0.1:50123/callback', { code_challenge: challenge, code_challenge_method: 'S256' });
  assert.equal(`${otherPort.location!.origin}${otherPort.location!.pathname}`, 'http://127.0.0.1:50123/callback');
  assert.ok(otherPort.location!.searchParams.get('code'));
  const otherPath = await consent(client.client_id, 'http://127.0.0.1:50123/elsewhere', { code_challenge: challenge, code_challenge_method: 'S256' });
  assert.equal(otherPath.final.status, 400);
  assert.match(otherPath.final.body, /redirect_uri did not match any of the client&#39;s registered redirect_uris|redirect_uri did not match/);
});

test('an AI client\'s errors before the user decides stay on the hub (no open redirect): without PKCE, prompt=none, another resource or scope', async () => {
  const { body: client } = await register({ ...claude, redirect_uris: ['https://evil.example/phish'] });
  const cases: [Record<string, string>, string, RegExp][] = [
    [{}, 'invalid_request', /PKCE/],
    [{ code_challenge: pkce().challenge, code_challenge_method: 'S256', prompt: 'none' }, 'login_required', /./],
    [{ code_challenge: pkce().challenge, code_challenge_method: 'S256', resource: hub.url }, 'invalid_target', /may only be authorized for/],
    [{ code_challenge: pkce().challenge, code_challenge_method: 'S256', scope: 'api:read' }, 'invalid_scope', /mcp scope/],
    [{ code_challenge: pkce().challenge, code_challenge_method: 'S256', response_mode: 'form_post' }, 'invalid_request', /response_mode=query/],
  ];
  for (const [extra, error, description] of cases) {
    const query = new URLSearchParams({ response_type: 'code', client_id: client.client_id, redirect_uri: 'https://evil.example/phish', state: 's', ...extra });
    const response = await fetch(`${hub.url}/oauth/authorize?${query}`, { redirect: 'manual' });
    const body = await response.text();
    assert.equal(response.status, 400, `${JSON.stringify(extra)}: ${response.headers.get('location')}`);
    assert.equal(response.headers.get('location'), null);
    assert.match(body, new RegExp(`${error}: `), JSON.stringify(extra));
    assert.match(body, description);
  }
  const apiToken = await tokenRequest(hub.url, { grant_type: 'authorization_code', code: 'x', redirect_uri: 'https://evil.example/phish', client_id: client.client_id, code_verifier: 'x'.repeat(43), resource: hub.url });
  assert.equal(apiToken.status, 400);
  assert.match(apiToken.body.error, /invalid_target|invalid_grant/);
});

test('without PKCE an AI client gets no code; a redirect URI it did not register gets no redirect; an unknown client 401 invalid_client at the token endpoint', async () => {
  const { body: client } = await register(claude);
  const noPkce = await consent(client.client_id, claude.redirect_uris[0]!, {});
  assert.equal(noPkce.final.status, 400);
  assert.equal(noPkce.location, undefined);
  assert.match(noPkce.final.body, /PKCE/);

  const unregistered = await consent(client.client_id, 'https://evil.example/callback', { code_challenge: pkce().challenge, code_challenge_method: 'S256' });
  assert.equal(unregistered.final.status, 400);
  assert.equal(unregistered.final.location, undefined);

  const unknown = await tokenRequest(hub.url, { grant_type: 'authorization_code', code: 'x', redirect_uri: claude.redirect_uris[0]!, client_id: 'ctr_doesnotexist', code_verifier: 'x' });
  assert.equal(unknown.status, 401, 'Claude registers again on invalid_client');
  assert.equal(unknown.body.error, 'invalid_client');
});

test('a client identified by its metadata document: fetched over https, named on the consent page, token for /mcp', async () => {
  const clientId = documents.serve('/oauth/client.json', (url) => ({ client_id: url, client_name: 'Metadata Client', redirect_uris: ['https://client.example/callback'], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }));
  const { verifier, challenge } = pkce();
  const { final, location } = await consent(clientId, 'https://client.example/callback', { code_challenge: challenge, code_challenge_method: 'S256', resource: MCP });
  assert.equal(final.status, 303, final.body.slice(0, 400));
  const token = await tokenRequest(hub.url, { grant_type: 'authorization_code', code: location!.searchParams.get('code')!, redirect_uri: 'https://client.example/callback', client_id: clientId, code_verifier: verifier, resource: MCP });
  assert.equal(token.status, 200, JSON.stringify(token.body));
  assert.equal(token.body.scope, 'mcp');
  assert.ok(documents.fetches.includes('/oauth/client.json'));
});

test('metadata documents are refused when their client_id differs from their URL, or their host is a private address', async () => {
  const mismatched = documents.serve('/oauth/other.json', { client_id: 'https://someone-else.example/client.json', client_name: 'Impostor', redirect_uris: ['https://client.example/callback'], token_endpoint_auth_method: 'none' });
  const impostor = await consent(mismatched, 'https://client.example/callback', { code_challenge: pkce().challenge, code_challenge_method: 'S256' });
  assert.equal(impostor.final.status, 400);
  assert.equal(impostor.final.location, undefined);
  assert.match(impostor.final.body, /does not match/);

  for (const clientId of ['https://10.0.0.7/client.json', 'https://169.254.169.254/latest/meta-data', 'https://[fd00::1]/client.json']) {
    const refused = await authorize(strict.url, { clientId, redirectUri: 'https://client.example/callback', email: acme.email, extra: { code_challenge: pkce().challenge, code_challenge_method: 'S256' } });
    assert.equal(refused.final.status, 400, clientId);
    assert.match(refused.final.body, /invalid_client: .*(private|linkLocal|uniqueLocal)/, clientId);
  }
  const moved = documents.redirect('/oauth/moved.json', 'https://localhost/oauth/client.json');
  const redirected = await consent(moved, 'https://client.example/callback', { code_challenge: pkce().challenge, code_challenge_method: 'S256' });
  assert.equal(redirected.final.status, 400);
  assert.match(redirected.final.body, /invalid_client/, 'a metadata document is not fetched through a redirect');

  const loopback = await authorize(strict.url, { clientId: documents.serve('/oauth/loop.json', (url) => ({ client_id: url, redirect_uris: ['https://client.example/callback'], token_endpoint_auth_method: 'none' })), redirectUri: 'https://client.example/callback', email: acme.email });
  assert.equal(loopback.final.status, 400);
  assert.match(loopback.final.body, /loopback/, 'without ALLOW_LOOPBACK_CLIENT_METADATA loopback is refused too');
});

test('registration answers a browser\'s preflight, and so does the protected resource metadata', async () => {
  for (const [path, method] of [['/oauth/register', 'POST'], ['/.well-known/oauth-protected-resource/mcp', 'GET']] as const) {
    const preflight = await fetch(`${hub.url}${path}`, { method: 'OPTIONS', headers: { origin: 'http://localhost:6274', 'access-control-request-method': method } });
    assert.equal(preflight.status, 204, path);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', new RegExp(method));
  }
  const registered = await fetch(`${hub.url}/oauth/register`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost:6274' }, body: JSON.stringify(claude) });
  assert.equal(registered.status, 201);
  assert.equal(registered.headers.get('access-control-allow-origin'), '*');
});

test('a client name with markup is shown as text on the consent page', async () => {
  const { body: client } = await register({ ...claude, client_name: '<img src=x onerror=alert(1)>' });
  const extra = { code_challenge: pkce().challenge, code_challenge_method: 'S256' };
  const { user } = await authorize(hub.url, { clientId: client.client_id, redirectUri: claude.redirect_uris[0]!, email: acme.email, decision: 'deny', extra });
  const query = new URLSearchParams({ response_type: 'code', client_id: client.client_id, redirect_uri: claude.redirect_uris[0]!, ...extra });
  const page = await user.follow(`/oauth/authorize?${query}`);
  assert.match(page.body, /Authorize &lt;img src=x onerror=alert\(1\)&gt;/);
  assert.ok(!page.body.includes('<img src=x'), 'not markup');
});

test('open registration is rate-limited per address (IPv6 by /64), with Retry-After, even when the attempts come at once', async () => {
  assert.equal(addressKey('2001:db8:1:2:aaaa::1'), addressKey('2001:db8:1:2:ffff::9'));
  assert.notEqual(addressKey('2001:db8:1:3::1'), addressKey('2001:db8:1:2::1'));
  assert.equal(addressKey('::ffff:192.0.2.7'), '192.0.2.7');
  await db.deleteFrom('oauth_registration_attempts').execute();
  const statuses = await Promise.all(Array.from({ length: MAX_REGISTRATIONS + 20 }, () => register(claude, strict.url).then((r) => r.status)));
  assert.equal(statuses.filter((s) => s === 201).length, MAX_REGISTRATIONS);
  assert.equal(statuses.filter((s) => s === 429).length, 20);
  const limited = await register(claude);
  assert.equal(limited.status, 429, 'the limit holds across processes');
  assert.equal(limited.body.error, 'temporarily_unavailable');
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assert.equal(await db.selectFrom('oauth_registered_clients').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n)) > MAX_REGISTRATIONS, true);
});

test('at /mcp: the MCP token works; the same token expired, or after its connection is revoked, gets 401 with the discovery challenge', async () => {
  const shortLived = await startHub(db, { OAUTH_ACCESS_TOKEN_TTL_SECONDS: '2' });
  // The rate limit's test above used this address's allowance.
  await db.deleteFrom('oauth_registration_attempts').execute();
  const initialize = (base: string, token: string) =>
    fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
    });
  const challenge = (base: string) => `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp", scope="mcp", error="invalid_token"`;

  const expiring = await connectAiClient(shortLived.url, { email: acme.email });
  assert.equal((await initialize(shortLived.url, expiring.accessToken)).status, 200);
  await eventually(async () => (await initialize(shortLived.url, expiring.accessToken)).status === 401, 'the token expires', 15_000);
  assert.equal((await initialize(shortLived.url, expiring.accessToken)).headers.get('www-authenticate'), challenge(shortLived.url));

  const revoked = await connectAiClient(hub.url, { email: acme.email });
  assert.equal((await initialize(hub.url, revoked.accessToken)).status, 200);
  const { grant_id } = await db.selectFrom('oauth_grant_tenants').select('grant_id').where('client_id', '=', revoked.clientId).executeTakeFirstOrThrow();
  await revokeConnectedApp(db, { tenantId: acme.tenantId }, grant_id);
  await eventually(async () => (await initialize(hub.url, revoked.accessToken)).status === 401, 'the revocation reaches the token cache', 15_000);
  assert.equal((await initialize(hub.url, revoked.accessToken)).headers.get('www-authenticate'), challenge(hub.url));
});
