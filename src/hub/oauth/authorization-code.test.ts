/**
 * The authorization code flow of docs/oauth.md over real HTTP, step by step as a
 * third-party developer follows it, and the ways it must refuse to work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { authorize, oauthClient, PASSWORD, startHub, tokenRequest, workspace } from '../../test-support/hub.ts';
import { WebUser } from '../../test-support/web-user.ts';
import { eventually } from '../../test-support/eventually.ts';
import { addUserToTenant, createUser, removeUserFromTenant } from '../../platform/tenancy/tenancy.ts';
import { digest } from '../../platform/secrets/digest.ts';

const { db } = await createTestDatabase();
// Tokens outlive every test here, so a token refused after a revocation was revoked, not expired; expiry has its own hub.
const hub = await startHub(db, { OAUTH_ACCESS_TOKEN_TTL_SECONDS: '3600' });
const shortLived = await startHub(db, { OAUTH_ACCESS_TOKEN_TTL_SECONDS: '2' });
const REDIRECT = 'https://app.example.test/callback';
const superCo = await workspace(db, 'SuperCo', 'chris@superco.test');
const client = await oauthClient(db, superCo.tenantId, REDIRECT);

// Verified tokens are cached per process for TOKEN_CACHE_SECONDS (60); a revocation reaches the cache by PostgreSQL NOTIFY,
// within milliseconds. The deadline leaves a loaded machine room and stays well under the cache's 60 s.
const refusedSoon = (accessToken: string, what: string) => eventually(async () => (await me(accessToken)).status === 401, what, 15_000);

async function me(accessToken: string, base = hub.url) {
  const response = await fetch(`${base}/odata/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: response.status, wwwAuthenticate: response.headers.get('www-authenticate'), body: (await response.json()) as Record<string, unknown> };
}

async function codeFor(options: Partial<Parameters<typeof authorize>[1]> = {}, base = hub.url) {
  const { final } = await authorize(base, { clientId: client.clientId, redirectUri: REDIRECT, email: superCo.email, ...options });
  assert.equal(final.status, 303, final.body.slice(0, 300));
  const url = new URL(final.location!);
  assert.equal(`${url.origin}${url.pathname}`, REDIRECT);
  return url;
}

function refresh(refreshToken: string) {
  return tokenRequest(hub.url, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: client.clientId, client_secret: client.clientSecret });
}

async function exchange(code: string, extra: Record<string, string> = {}, base = hub.url) {
  return tokenRequest(base, { grant_type: 'authorization_code', code, client_id: client.clientId, client_secret: client.clientSecret, redirect_uri: REDIRECT, ...extra });
}

test('the documented flow (docs/oauth.md): authorize without scope, exchange the code in the form body, call /odata/me, refresh after expiry', async () => {
  const callback = await codeFor({ state: 's-123' });
  assert.equal(callback.searchParams.get('state'), 's-123');
  const code = callback.searchParams.get('code')!;
  assert.ok(code.length >= 20);

  const tokens = await exchange(code);
  assert.equal(tokens.status, 200);
  assert.equal(tokens.headers.get('cache-control'), 'no-store');
  assert.deepEqual(Object.keys(tokens.body).sort(), ['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type']);
  assert.equal(tokens.body.token_type, 'Bearer');
  assert.equal(tokens.body.expires_in, 3600);
  assert.equal(tokens.body.scope, 'api:read', 'no scope requested means api:read');

  const first = await me(tokens.body.access_token);
  assert.equal(first.status, 200);
  assert.deepEqual(first.body, {
    '@context': `${hub.url}/odata/$metadata#me`,
    user_id: superCo.userId,
    user_name: 'SuperCo Admin',
    user_email: 'chris@superco.test',
    tenant_id: superCo.tenantId,
    tenant_name: 'SuperCo',
  });

  const refreshed = await refresh(tokens.body.refresh_token);
  assert.equal(refreshed.status, 200);
  assert.notEqual(refreshed.body.refresh_token, tokens.body.refresh_token, 'refresh tokens rotate');
  assert.equal((await me(refreshed.body.access_token)).status, 200);
});

test('an access token is refused once OAUTH_ACCESS_TOKEN_TTL_SECONDS have passed, and not before', async () => {
  const code = (await codeFor({}, shortLived.url)).searchParams.get('code')!;
  const issued = Date.now();
  const tokens = await exchange(code, {}, shortLived.url);
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  assert.equal(tokens.body.expires_in, 2);
  const waited = await eventually(async () => (await me(tokens.body.access_token, shortLived.url)).status === 401, 'the access token expires', 60_000);
  // Lifetimes count whole seconds from the issue time (RFC 7519 §4.1.4), so expiry comes at most 1 s early.
  assert.ok(Date.now() - issued >= 1_000, `refused ${waited} ms after the exchange`);
  const expired = await me(tokens.body.access_token, shortLived.url);
  assert.match(expired.wwwAuthenticate!, /^Bearer realm="CommonTime", error="invalid_token"$/);
});

test('Deny sends the user back with error=access_denied and the state', async () => {
  const callback = await codeFor({ decision: 'deny', state: 'deny-state' });
  assert.equal(callback.searchParams.get('error'), 'access_denied');
  assert.equal(callback.searchParams.get('state'), 'deny-state');
  assert.equal(callback.searchParams.get('code'), null);
});

test('HTTP Basic client authentication works as well as the form body', async () => {
  const code = (await codeFor()).searchParams.get('code')!;
  const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
  const tokens = await tokenRequest(hub.url, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, { authorization: `Basic ${basic}` });
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
});

test('a replayed code fails and revokes the tokens it produced', async () => {
  const code = (await codeFor()).searchParams.get('code')!;
  const tokens = await exchange(code);
  assert.equal(tokens.status, 200);
  const replay = await exchange(code);
  assert.equal(replay.status, 400);
  assert.equal(replay.body.error, 'invalid_grant');
  await refusedSoon(tokens.body.access_token, 'the access token of the first exchange is revoked');
  const refreshed = await refresh(tokens.body.refresh_token);
  assert.equal(refreshed.body.error, 'invalid_grant');
});

test('reusing a rotated refresh token revokes the whole grant', async () => {
  const tokens = await exchange((await codeFor()).searchParams.get('code')!);
  const rotated = await refresh(tokens.body.refresh_token);
  assert.equal(rotated.status, 200);
  const reuse = await refresh(tokens.body.refresh_token);
  assert.equal(reuse.status, 400);
  assert.equal(reuse.body.error, 'invalid_grant');
  await refusedSoon(rotated.body.access_token, 'the newest access token died with the grant');
  const next = await refresh(rotated.body.refresh_token);
  assert.equal(next.body.error, 'invalid_grant');
});

test('token endpoint errors follow RFC 6749 §5.2', async () => {
  const code = (await codeFor()).searchParams.get('code')!;
  const wrongSecret = await exchange(code, { client_secret: 'cts_wrong' });
  assert.equal(wrongSecret.status, 401);
  assert.equal(wrongSecret.body.error, 'invalid_client');

  const unknownClient = await exchange(code, { client_id: 'ctc_nope' });
  assert.equal(unknownClient.status, 401);
  assert.equal(unknownClient.body.error, 'invalid_client');

  const wrongRedirect = await exchange(code, { redirect_uri: 'https://app.example.test/other' });
  assert.equal(wrongRedirect.status, 400);
  assert.equal(wrongRedirect.body.error, 'invalid_grant');

  const grantType = await tokenRequest(hub.url, { grant_type: 'password', username: 'x', password: 'y', client_id: client.clientId, client_secret: client.clientSecret });
  assert.equal(grantType.status, 400);
  assert.equal(grantType.body.error, 'unsupported_grant_type');

  const missing = await tokenRequest(hub.url, { grant_type: 'authorization_code', client_id: client.clientId, client_secret: client.clientSecret });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error, 'invalid_request');

  const garbage = await fetch(`${hub.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":' });
  assert.ok(garbage.status >= 400 && garbage.status < 500, `status ${garbage.status}`);
});

test('an expired code is refused', async () => {
  const code = (await codeFor()).searchParams.get('code')!;
  await sql`update oauth_models set expires_at = now() - interval '1 second' where model = 'AuthorizationCode' and id_hash = ${digest(code)}`.execute(db);
  const tokens = await exchange(code);
  assert.equal(tokens.status, 400);
  assert.equal(tokens.body.error, 'invalid_grant');
});

test('an unknown client or an unregistered redirect_uri gets an error page, never a redirect', async () => {
  const user = new WebUser(hub.url);
  for (const query of [
    new URLSearchParams({ response_type: 'code', client_id: 'ctc_unknown', redirect_uri: REDIRECT, state: 'x' }),
    new URLSearchParams({ response_type: 'code', client_id: client.clientId, redirect_uri: 'https://evil.example.test/steal', state: 'x' }),
    new URLSearchParams({ response_type: 'code', client_id: client.clientId, redirect_uri: `${REDIRECT}/extra`, state: 'x' }),
  ]) {
    const hop = await user.request(`/oauth/authorize?${query}`);
    assert.equal(hop.location, undefined, `no redirect for ${query}`);
    assert.equal(hop.status, 400);
    assert.match(hop.body, /<title>This authorization request cannot be completed/);
  }
});

test('PKCE: a code issued with a challenge needs the matching verifier', async () => {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const code = (await codeFor({ extra: { code_challenge: challenge, code_challenge_method: 'S256' } })).searchParams.get('code')!;
  const wrong = await exchange(code, { code_verifier: randomBytes(32).toString('base64url') });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.error, 'invalid_grant');
  const code2 = (await codeFor({ extra: { code_challenge: challenge, code_challenge_method: 'S256' } })).searchParams.get('code')!;
  assert.equal((await exchange(code2, { code_verifier: verifier })).status, 200);
  const plain = await authorize(hub.url, { clientId: client.clientId, redirectUri: REDIRECT, email: superCo.email, extra: { code_challenge: verifier, code_challenge_method: 'plain' } });
  assert.equal(new URL(plain.final.location!).searchParams.get('error'), 'invalid_request', 'only S256 is accepted');
});

test('a user of two workspaces picks one; the token reaches only that workspace', async () => {
  const other = await workspace(db, 'OtherCo', 'olga@other.test');
  await createUser(db, { email: 'dual@both.test', password: PASSWORD });
  await addUserToTenant(db, { tenantId: superCo.tenantId, email: 'dual@both.test', role: 'member' });
  await addUserToTenant(db, { tenantId: other.tenantId, email: 'dual@both.test', role: 'member' });
  const callback = new URL((await authorize(hub.url, { clientId: client.clientId, redirectUri: REDIRECT, email: 'dual@both.test', tenantId: other.tenantId })).final.location!);
  const tokens = await exchange(callback.searchParams.get('code')!);
  const body = (await me(tokens.body.access_token)).body;
  assert.equal(body.tenant_id, other.tenantId);
  assert.equal(body.tenant_name, 'OtherCo');

  // A user of another tenant authorizes the client created in SuperCo: it reaches only their tenant.
  const olga = new URL((await authorize(hub.url, { clientId: client.clientId, redirectUri: REDIRECT, email: other.email })).final.location!);
  const olgaTokens = await exchange(olga.searchParams.get('code')!);
  assert.equal((await me(olgaTokens.body.access_token)).body.tenant_id, other.tenantId);
});

test('consent without the CSRF token is refused and issues nothing', async () => {
  const user = new WebUser(hub.url);
  const query = new URLSearchParams({ response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT, state: 'c' });
  let hop = await user.follow(`/oauth/authorize?${query}`);
  const login = /action="(\/interaction\/[^"]+\/login)"/.exec(hop.body)![1]!;
  hop = await user.follow(login, { form: { _csrf: WebUser.csrf(hop.body), email: superCo.email, password: PASSWORD } });
  const consent = /action="(\/interaction\/[^"]+\/consent)"/.exec(hop.body)![1]!;
  const forged = await user.request(consent, { form: { tenant_id: superCo.tenantId, decision: 'allow' } });
  assert.equal(forged.status, 403);
  assert.equal(forged.location, undefined);
  assert.match(forged.body, /The form expired or did not come from this site/);
  const wrongToken = await user.request(consent, { form: { _csrf: 'forged', tenant_id: superCo.tenantId, decision: 'allow' } });
  assert.equal(wrongToken.status, 403);
});

test('a tenant the user does not belong to cannot be granted by editing the form', async () => {
  const stranger = await workspace(db, 'Stranger', 'sam@stranger.test');
  const user = new WebUser(hub.url);
  const query = new URLSearchParams({ response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT, state: 'c' });
  let hop = await user.follow(`/oauth/authorize?${query}`);
  const login = /action="(\/interaction\/[^"]+\/login)"/.exec(hop.body)![1]!;
  hop = await user.follow(login, { form: { _csrf: WebUser.csrf(hop.body), email: superCo.email, password: PASSWORD } });
  const consent = /action="(\/interaction\/[^"]+\/consent)"/.exec(hop.body)![1]!;
  const attempt = await user.request(consent, { form: { _csrf: WebUser.csrf(hop.body), tenant_id: stranger.tenantId, decision: 'allow' } });
  assert.equal(attempt.status, 403);
  assert.match(attempt.body, /not a member of this workspace/);
});

test('a wrong password shows the login form again with a message, and no session', async () => {
  const user = new WebUser(hub.url);
  const query = new URLSearchParams({ response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT, state: 'p' });
  const hop = await user.follow(`/oauth/authorize?${query}`);
  const login = /action="(\/interaction\/[^"]+\/login)"/.exec(hop.body)![1]!;
  const failed = await user.request(login, { form: { _csrf: WebUser.csrf(hop.body), email: superCo.email, password: 'wrong password!' } });
  assert.equal(failed.status, 401);
  assert.match(failed.body, /The email or password is wrong/);
  assert.equal(user.hasCookie('ct_session'), false);
});

test('revoking a token (RFC 7009) ends it at once', async () => {
  const tokens = await exchange((await codeFor()).searchParams.get('code')!);
  assert.equal((await me(tokens.body.access_token)).status, 200, 'in use, so the hub has it cached');
  const response = await fetch(`${hub.url}/oauth/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: tokens.body.access_token, client_id: client.clientId, client_secret: client.clientSecret }).toString(),
  });
  assert.equal(response.status, 200);
  await refusedSoon(tokens.body.access_token, 'the revoked access token is refused');
});

test('tokens and client secrets are stored only as digests', async () => {
  const tokens = await exchange((await codeFor()).searchParams.get('code')!);
  const { rows } = await sql<{ dump: string }>`select string_agg(id_hash || payload::text, ' ') as dump from oauth_models`.execute(db);
  assert.ok(!rows[0]!.dump.includes(tokens.body.access_token));
  assert.ok(!rows[0]!.dump.includes(tokens.body.refresh_token));
  const stored = await db.selectFrom('oauth_clients').select('secret_hash').where('id', '=', client.clientId).executeTakeFirstOrThrow();
  assert.notEqual(stored.secret_hash, client.clientSecret);
  assert.ok(!stored.secret_hash.includes(client.clientSecret));
});

test('any process serves any step: authorize on one, consent and tokens on another, refresh on the first', async () => {
  // A second process of the same deployment: same database, same PUBLIC_URL, another port.
  const { startTestServer } = await import('../../test-support/http.ts');
  const { hubService } = await import('../hub-service.ts');
  const second = await startTestServer(hubService, db, { env: { PUBLIC_URL: hub.url } });
  const onFirst = new WebUser(hub.url);
  let hop = await onFirst.follow(`/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT, state: 'lb' })}`);
  const login = /action="(\/interaction\/[^"]+\/login)"/.exec(hop.body)![1]!;
  const onSecond = onFirst.at(second.url);
  hop = await onSecond.request(login, { form: { _csrf: WebUser.csrf(hop.body), email: superCo.email, password: PASSWORD } });
  assert.equal(hop.status, 303);
  // The resume URL names PUBLIC_URL (the first process); the consent step is served by the second.
  hop = await onFirst.follow(hop.location!);
  const uid = /action="\/interaction\/([^"]+)\/consent"/.exec(hop.body)![1]!;
  hop = await onSecond.request(`/interaction/${uid}/consent`, { form: { _csrf: WebUser.csrf(hop.body), tenant_id: superCo.tenantId, decision: 'allow' } });
  hop = await onFirst.follow(hop.location!);
  const code = new URL(hop.location!).searchParams.get('code')!;
  const tokens = await tokenRequest(second.url, { grant_type: 'authorization_code', code, client_id: client.clientId, client_secret: client.clientSecret, redirect_uri: REDIRECT });
  assert.equal(tokens.status, 200);
  const refreshed = await refresh(tokens.body.refresh_token);
  assert.equal(refreshed.status, 200);
  const onSecondMe = await fetch(`${second.url}/odata/me`, { headers: { authorization: `Bearer ${refreshed.body.access_token}` } });
  assert.equal(onSecondMe.status, 200);
});

test('a user removed from the workspace can no longer refresh: invalid_grant', async () => {
  const team = await workspace(db, 'Team', 'lead@team.test');
  await createUser(db, { email: 'temp@team.test', password: PASSWORD });
  await addUserToTenant(db, { tenantId: team.tenantId, email: 'temp@team.test', role: 'member' });
  const callback = new URL((await authorize(hub.url, { clientId: client.clientId, redirectUri: REDIRECT, email: 'temp@team.test' })).final.location!);
  const tokens = await exchange(callback.searchParams.get('code')!);
  assert.equal((await me(tokens.body.access_token)).status, 200);
  await removeUserFromTenant(db, { tenantId: team.tenantId, email: 'temp@team.test' });
  await refusedSoon(tokens.body.access_token, 'the removed member\'s token is refused');
  const refreshed = await refresh(tokens.body.refresh_token);
  assert.equal(refreshed.status, 400);
  assert.equal(refreshed.body.error, 'invalid_grant');
});

test('discovery advertises only what works: no DPoP, public clients only for those registered as such; unknown OAuth paths get an RFC 6749 JSON 404', async () => {
  const metadata = (await (await fetch(`${hub.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
  assert.equal(metadata.issuer, hub.url);
  assert.equal(metadata.token_endpoint, `${hub.url}/oauth/token`);
  assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
  // 'none' is for MCP clients that register as public (mcp-authorization.test.ts); an admin's client still needs its secret.
  assert.deepEqual(metadata.token_endpoint_auth_methods_supported, ['client_secret_post', 'client_secret_basic', 'none']);
  const withoutSecret = await tokenRequest(hub.url, { grant_type: 'authorization_code', code: (await codeFor()).searchParams.get('code')!, redirect_uri: REDIRECT, client_id: client.clientId });
  assert.equal(withoutSecret.status, 401);
  assert.equal(withoutSecret.body.error, 'invalid_client');
  assert.equal(metadata.dpop_signing_alg_values_supported, undefined);
  const unknown = await fetch(`${hub.url}/oauth/userinfo`);
  assert.equal(unknown.status, 404);
  assert.deepEqual(await unknown.json(), { error: 'invalid_request', error_description: 'No route for GET /oauth/userinfo' });
});

test('a client can revoke only its own tokens', async () => {
  const tokens = await exchange((await codeFor()).searchParams.get('code')!);
  const other = await oauthClient(db, superCo.tenantId, REDIRECT);
  const response = await fetch(`${hub.url}/oauth/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: tokens.body.access_token, client_id: other.clientId, client_secret: other.clientSecret }).toString(),
  });
  assert.equal(response.status, 400);
  assert.equal((await me(tokens.body.access_token)).status, 200, 'the token survived');
});

/** Resources a page makes the browser fetch (stylesheets, scripts, images, fonts, frames) from outside `origin`. */
function outsideResources(page: string, origin: string): string[] {
  const references = new Set([
    ...page.matchAll(/<(?:link|script|img|iframe|source|audio|video|embed|object)\b[^>]*?\s(?:src|href|data|srcset)\s*=\s*["']?([^"'\s>]+)/gi),
    ...page.matchAll(/@import\s+(?:url\(\s*)?["']?([^"')\s;]+)/gi),
    ...page.matchAll(/url\(\s*["']?([^"')\s]+)/gi),
  ].map((match) => match[1]!));
  return [...references].filter((reference) => /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(reference) && !reference.startsWith(`${origin}/`));
}

test('the outside-resource check finds what oidc-provider\'s own pages load', () => {
  assert.deepEqual(outsideResources('<style>@import url(https://fonts.googleapis.com/css?family=Roboto:400,100);</style>', hub.url), ['https://fonts.googleapis.com/css?family=Roboto:400,100']);
  assert.deepEqual(outsideResources('<link rel="stylesheet" href="//cdn.example/x.css"><img src=https://img.example/a.png>', hub.url), ['//cdn.example/x.css', 'https://img.example/a.png']);
  assert.deepEqual(outsideResources(`<form action="https://app.example.test/cb"></form><script src="${hub.url}/a.js"></script>`, hub.url), []);
});

test('RP-initiated logout is disabled: /oauth/session/end answers like any unknown OAuth path (RFC 6749 JSON 404), and discovery does not offer it', async () => {
  for (const [method, path] of [['GET', '/oauth/session/end'], ['POST', '/oauth/session/end/confirm'], ['GET', '/oauth/session/end/success'], ['GET', `/oauth/session/end?client_id=${client.clientId}`]] as const) {
    const response = await fetch(`${hub.url}${path}`, { method });
    assert.equal(response.status, 404, `${method} ${path}`);
    assert.match(response.headers.get('content-type')!, /^application\/json/);
    assert.deepEqual(await response.json(), { error: 'invalid_request', error_description: `No route for ${method} ${path.split('?')[0]}` });
  }
  const metadata = (await (await fetch(`${hub.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
  assert.equal(metadata.end_session_endpoint, undefined);
});

test('no HTML page of the hub or of oidc-provider loads anything from outside PUBLIC_URL (sign-in, consent, error page, form_post)', async () => {
  const pages: [string, string][] = [];
  const user = new WebUser(hub.url);
  for (const path of ['/', '/login', `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'ctc_unknown', redirect_uri: REDIRECT })}`]) {
    pages.push([path, (await user.request(path)).body]);
  }
  const start = await user.follow(`/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT, state: 's', response_mode: 'form_post' })}`);
  pages.push(['the interaction sign-in', start.body]);
  const { final } = await authorize(hub.url, { clientId: client.clientId, redirectUri: REDIRECT, email: superCo.email, extra: { response_mode: 'form_post' } });
  assert.match(final.body, /<form method="post" action="https:\/\/app\.example\.test\/callback">/, 'the form_post page');
  pages.push(['form_post', final.body]);
  for (const [name, page] of pages) {
    assert.match(page, /<html/i, name);
    assert.deepEqual(outsideResources(page, hub.url), [], name);
  }
});
