import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { hubService } from '../hub-service.ts';
import { createOAuthProvider } from '../oauth/provider.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { eventually } from '../../test-support/eventually.ts';
import { startTestServer } from '../../test-support/http.ts';
import { workspace } from '../../test-support/hub.ts';
import type { ServiceDefinition } from '../../platform/http/service.ts';
import { hubAuthenticators } from './authenticate.ts';
import { meRoute } from './me-route.ts';
import { createToken, revokeToken } from './personal-access-tokens.ts';

const { db } = await createTestDatabase();

// The hub's /odata/me plus a route that needs the import scope, as the importer will.
const probeService: ServiceDefinition = {
  ...hubService,
  plugin: async (app, context) => {
    const provider = await createOAuthProvider(context.config, context.db);
    const { api: authenticator } = hubAuthenticators(app, context, provider);
    await app.register(meRoute, { ...context, authenticator });
    app.get('/probe/import', { preHandler: authenticator.requireToken({ scope: 'import' }) }, async (request) => ({ tenant: request.principal!.tenantId }));
  },
};
const server = await startTestServer(probeService, db, { env: { PUBLIC_URL: 'http://127.0.0.1:9' } });
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const globex = await workspace(db, 'Globex', 'gil@globex.test');
const reader = await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'reader', scopes: ['api:read'] });
const importer = await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'importer', scopes: ['import'] });
const globexToken = await createToken(db, { tenantId: globex.tenantId, userId: globex.userId, name: 'globex', scopes: ['api:read', 'import'] });

async function call(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, { headers });
  const text = await response.text();
  return { status: response.status, challenge: response.headers.get('www-authenticate'), body: text ? JSON.parse(text) : undefined };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

test('a personal access token reads /odata/me for its own user and workspace', async () => {
  const acmeMe = await call('/odata/me', bearer(reader.token));
  assert.equal(acmeMe.status, 200);
  assert.equal(acmeMe.body['@context'], 'http://127.0.0.1:9/odata/$metadata#me');
  assert.deepEqual([acmeMe.body.user_email, acmeMe.body.tenant_name], ['ada@acme.test', 'Acme']);
  const globexMe = await call('/odata/me', bearer(globexToken.token));
  assert.deepEqual([globexMe.body.user_email, globexMe.body.tenant_id], ['gil@globex.test', globex.tenantId]);
  const used = await db.selectFrom('personal_access_tokens').select('last_used_at').where('id', '=', reader.id).executeTakeFirstOrThrow();
  assert.ok(used.last_used_at, 'the last use is recorded');
});

test('HTTP Basic with the token as password works where allowed (BI tools)', async () => {
  const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
  assert.equal((await call('/odata/me', basic('powerbi', reader.token))).status, 200);
  assert.equal((await call('/odata/me', basic('', reader.token))).status, 200);
  const wrong = await call('/odata/me', basic('ada@acme.test', 'her password'));
  assert.equal(wrong.status, 401);
  assert.equal((await call('/probe/import', basic('x', importer.token))).status, 401, 'Basic is only for routes that allow it');
});

test('a token without the route\'s scope gets 403 insufficient_scope; with it, 200', async () => {
  const denied = await call('/probe/import', bearer(reader.token));
  assert.equal(denied.status, 403);
  assert.equal(denied.challenge, 'Bearer realm="CommonTime", error="insufficient_scope", scope="import"');
  assert.deepEqual(denied.body, { error: { code: 'IDENTITY_INSUFFICIENT_SCOPE', message: 'The access token lacks the import scope' } });
  const allowed = await call('/probe/import', bearer(importer.token));
  assert.deepEqual([allowed.status, allowed.body], [200, { tenant: acme.tenantId }]);
});

test('missing, malformed, unknown and hostile credentials all get 401 invalid_token, never a 500', async () => {
  const cases: Record<string, string>[] = [
    {},
    { authorization: '' },
    { authorization: 'Bearer' },
    { authorization: 'Bearer ' },
    { authorization: 'bearer ctp_notatoken' },
    { authorization: 'Bearer ctp_' + 'A'.repeat(43) },
    { authorization: `Bearer ${reader.token}x` },
    { authorization: 'Bearer an-opaque-value-that-was-never-issued' },
    { authorization: `Bearer ${'x'.repeat(8000)}` },
    { authorization: "Bearer ' or '1'='1" },
    { authorization: 'Basic !!!not-base64!!!' },
    { authorization: 'Digest username="x"' },
    { authorization: `Token ${reader.token}` },
  ];
  for (const headers of cases) {
    const response = await call('/odata/me', headers);
    assert.equal(response.status, 401, JSON.stringify(headers).slice(0, 80));
    assert.equal(response.challenge, 'Bearer realm="CommonTime", error="invalid_token"');
    assert.equal(response.body.error.code, 'IDENTITY_INVALID_TOKEN');
  }
});

test('the credentials are exactly one token (RFC 6750 §2.1, RFC 7617 §2): a valid token with anything else beside it gets 401 invalid_token', async () => {
  const basic = (userPass: string) => Buffer.from(userPass).toString('base64');
  const valid = basic(`powerbi:${reader.token}`);
  const refusedForms = [
    `Bearer ${reader.token} extra`,
    `Bearer ${reader.token} ${reader.token}`,
    `Bearer ${reader.token},`,
    `Bearer ${reader.token}, realm="x"`,
    `Bearer\t${reader.token}`,
    `Bearer,${reader.token}`,
    `Bearer=${reader.token}`,
    `Bearer "${reader.token}"`,
    `Bearer ${reader.token}=x`,
    `${reader.token}`,
    `Bearer${reader.token}`,
    `Bearer ${reader.token}\u00a0`,
    `Basic ${valid} extra`,
    `Basic ${valid}!`,
    `Basic ${valid.slice(0, 4)}.${valid.slice(4)}`,
    `Basic ${Buffer.from(`powerbi:${reader.token}`).toString('base64url')}_`,
    `Basic\t${valid}`,
  ];
  for (const authorization of refusedForms) {
    const response = await call('/odata/me', { authorization });
    assert.equal(response.status, 401, authorization);
    assert.equal(response.challenge, 'Bearer realm="CommonTime", error="invalid_token"', authorization);
    assert.equal(response.body.error.code, 'IDENTITY_INVALID_TOKEN', authorization);
  }
  // The scheme is case-insensitive and 1*SP separates it (RFC 9110 §11.4); base64 padding may be left out.
  for (const authorization of [`bearer ${reader.token}`, `BEARER  ${reader.token}`, `Basic ${valid}`, `basic ${valid.replace(/=+$/, '')}`]) {
    assert.equal((await call('/odata/me', { authorization })).status, 200, authorization);
  }
});

test('a token in the query string is refused even with a valid header', async () => {
  const response = await call(`/odata/me?access_token=${reader.token}`, bearer(reader.token));
  assert.equal(response.status, 401);
  assert.equal(response.body.error.code, 'IDENTITY_TOKEN_IN_QUERY');
  assert.equal(response.challenge, 'Bearer realm="CommonTime", error="invalid_request"');
});

// Verified tokens are cached per process; a revocation reaches the cache by PostgreSQL NOTIFY, within milliseconds.
const refusedSoon = (token: string) => eventually(async () => (await call('/odata/me', bearer(token))).status === 401, 'the token is refused', 15_000);

test('revoked and expired tokens, and tokens of a user who left the workspace, stop working', async () => {
  const revoked = await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'to revoke', scopes: ['api:read'] });
  assert.equal((await call('/odata/me', bearer(revoked.token))).status, 200);
  await revokeToken(db, acme.tenantId, revoked.id);
  await refusedSoon(revoked.token);

  const expiring = await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'expiring', scopes: ['api:read'], expiresAt: new Date(Date.now() + 60_000) });
  assert.equal((await call('/odata/me', bearer(expiring.token))).status, 200);
  await sql`update personal_access_tokens set expires_at = now() - interval '1 second' where id = ${expiring.id}`.execute(db);
  await refusedSoon(expiring.token);

  const leaver = await workspace(db, 'Leavers', 'lee@leavers.test');
  const leaverToken = await createToken(db, { tenantId: leaver.tenantId, userId: leaver.userId, name: 'leaver', scopes: ['api:read'] });
  assert.equal((await call('/odata/me', bearer(leaverToken.token))).status, 200);
  await db.deleteFrom('memberships').where('tenant_id', '=', leaver.tenantId).where('user_id', '=', leaver.userId).execute();
  await refusedSoon(leaverToken.token);
});

test('tokens are stored as digests only', async () => {
  const { rows } = await sql<{ dump: string }>`select string_agg(token_hash || token_prefix, ' ') as dump from personal_access_tokens`.execute(db);
  assert.ok(!rows[0]!.dump.includes(reader.token));
  assert.ok(rows[0]!.dump.includes(reader.token.slice(0, 10)), 'the display prefix is kept');
});
