/**
 * Secrets are never logged (docs/architecture.md, "Logging"). A whole OAuth flow, a failed sign-in, a
 * personal access token and a server error run against a hub logging at
 * trace level; no password, secret, code or token appears in the log.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorize, oauthClient, PASSWORD, startHub, tokenRequest, workspace } from '../../test-support/hub.ts';
import { logSink } from '../../test-support/log-sink.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { WebUser } from '../../test-support/web-user.ts';
import { createToken } from './personal-access-tokens.ts';

const { db } = await createTestDatabase();
const sink = logSink();
const hub = await startHub(db, {}, sink.logger);
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const REDIRECT = 'https://app.example.test/cb';
const client = await oauthClient(db, acme.tenantId, REDIRECT);

test('no credential of any kind reaches the log', async () => {
  const { final, user } = await authorize(hub.url, { clientId: client.clientId, redirectUri: REDIRECT, email: acme.email });
  const code = new URL(final.location!).searchParams.get('code')!;
  const tokens = await tokenRequest(hub.url, { grant_type: 'authorization_code', code, client_id: client.clientId, client_secret: client.clientSecret, redirect_uri: REDIRECT });
  const refreshed = await tokenRequest(hub.url, { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token, client_id: client.clientId, client_secret: client.clientSecret });
  await fetch(`${hub.url}/odata/me`, { headers: { authorization: `Bearer ${refreshed.body.access_token}` } });
  const pat = await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'x', scopes: ['api:read'] });
  await fetch(`${hub.url}/odata/me`, { headers: { authorization: `Basic ${Buffer.from(`bi:${pat.token}`).toString('base64')}` } });
  await fetch(`${hub.url}/odata/me?access_token=${encodeURIComponent('query-secret-123')}`);
  const stranger = new WebUser(hub.url);
  const login = await stranger.request('/login');
  const failed = await stranger.request('/login', { form: { _csrf: WebUser.csrf(login.body), email: acme.email, password: 'wrong-password-xyz' } });
  assert.equal(failed.status, 401);
  assert.ok(user.hasCookie('ct_session'));

  assert.ok(sink.text().length > 1000, 'the hub did log the requests');
  assert.ok(sink.text().includes('/odata/me?access_token=[redacted]'), 'the refused request is logged, without its token');
  const secrets = {
    password: PASSWORD,
    wrongPassword: 'wrong-password-xyz',
    clientSecret: client.clientSecret,
    code,
    accessToken: tokens.body.access_token,
    refreshToken: tokens.body.refresh_token,
    rotatedRefreshToken: refreshed.body.refresh_token,
    personalAccessToken: pat.token,
    tokenInQuery: 'query-secret-123',
  };
  for (const [name, value] of Object.entries(secrets)) assert.ok(!sink.text().includes(value), `${name} appears in the log`);
});
