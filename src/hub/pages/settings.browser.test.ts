/**
 * Settings in a real browser, as an admin and a member use them: the path
 * integration guides name (Settings > Connections > OAuth clients > ADD
 * CLIENT), secrets shown once, tokens created and revoked, members added.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../test-support/browser.ts';
import { authorize, PASSWORD, startHub, tokenRequest, workspace } from '../../test-support/hub.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { WebUser } from '../../test-support/web-user.ts';
import { eventually } from '../../test-support/eventually.ts';

const { db } = await createTestDatabase();
const hub = await startHub(db);
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const browser = await launchBrowser();

async function signIn(email: string, password = PASSWORD): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${hub.url}/settings/connections`);
  await page.waitForURL(/\/login\?return_to=/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/settings\/connections$/);
  return page;
}

const me = (token: string) => fetch(`${hub.url}/odata/me`, { headers: { authorization: `Bearer ${token}` } });
// Verified tokens are cached per process; a revocation reaches the cache by PostgreSQL NOTIFY, within milliseconds.
const refusedSoon = (token: string, what: string) => eventually(async () => (await me(token)).status === 401, what, 15_000);

test('an admin adds an OAuth client with ADD CLIENT; id and secret are shown once and work', async () => {
  const page = await signIn(acme.email);
  await page.locator('summary', { hasText: 'ADD CLIENT' }).click();
  await page.getByLabel(/^Client name/).fill('Acme Sync');
  await page.getByLabel(/^Redirect URLs/).fill('https://sync.acme.test/cb\nhttp://localhost:8080/cb');
  await page.getByRole('button', { name: 'Add client' }).click();

  const shown = page.getByRole('region', { name: 'OAuth client created' });
  const clientId = (await shown.locator('tr', { hasText: 'Client id' }).locator('code').innerText()).trim();
  const clientSecret = (await shown.locator('tr', { hasText: 'Client secret' }).locator('code').innerText()).trim();
  assert.match(clientId, /^ctc_/);
  assert.match(clientSecret, /^cts_/);

  await page.goto(`${hub.url}/settings/connections`);
  const body = await page.locator('main').innerText();
  assert.match(body, /Acme Sync/);
  assert.ok(body.includes(clientId));
  assert.ok(!body.includes(clientSecret), 'the secret is never shown again');

  const code = new URL((await authorize(hub.url, { clientId, redirectUri: 'https://sync.acme.test/cb', email: acme.email })).final.location!).searchParams.get('code')!;
  const tokens = await tokenRequest(hub.url, { grant_type: 'authorization_code', code, client_id: clientId, client_secret: clientSecret, redirect_uri: 'https://sync.acme.test/cb' });
  assert.equal(tokens.status, 200);

  // Rotate: the old secret stops working at once.
  await page.getByRole('button', { name: 'Rotate secret' }).click();
  const rotated = (await page.getByRole('region', { name: 'New client secret' }).locator('tr', { hasText: 'Client secret' }).locator('code').innerText()).trim();
  const refreshOld = await tokenRequest(hub.url, { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token, client_id: clientId, client_secret: clientSecret });
  assert.equal(refreshOld.status, 401);
  const refreshNew = await tokenRequest(hub.url, { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token, client_id: clientId, client_secret: rotated });
  assert.equal(refreshNew.status, 200);

  // Edit the redirect URLs: the removed one is refused from now on.
  await page.goto(`${hub.url}/settings/connections`);
  await page.locator('summary', { hasText: 'Edit' }).click();
  await page.getByLabel(/^Redirect URLs, one per line$/).fill('https://sync.acme.test/new-cb');
  await page.getByRole('button', { name: 'Save' }).click();
  const old = await new WebUser(hub.url).request(`/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: 'https://sync.acme.test/cb', state: 's' })}`);
  assert.equal(old.status, 400);
  assert.equal(old.location, undefined);

  // Delete: its tokens stop working.
  assert.equal((await me(refreshNew.body.access_token)).status, 200);
  await page.getByRole('button', { name: 'Delete Acme Sync' }).click();
  await page.waitForURL(/\/settings\/connections#oauth-clients$/);
  assert.doesNotMatch(await page.locator('main').innerText(), /Acme Sync/);
  await refusedSoon(refreshNew.body.access_token, 'the deleted client\'s token is refused');
  await page.context().close();
});

test('an invalid redirect URL is refused with a clear message and nothing is created', async () => {
  const page = await signIn(acme.email);
  await page.locator('summary', { hasText: 'ADD CLIENT' }).click();
  await page.getByLabel(/^Client name/).fill('Insecure');
  await page.getByLabel(/^Redirect URLs/).fill('http://insecure.example.test/cb');
  await page.getByRole('button', { name: 'Add client' }).click();
  assert.match(await page.getByRole('alert').innerText(), /must use https \(http is allowed only for localhost and 127\.0\.0\.1\)/);
  const clients = await db.selectFrom('oauth_clients').select('name').where('name', '=', 'Insecure').execute();
  assert.deepEqual(clients, []);
  await page.context().close();
});

test('a member creates a personal access token with "Import data", uses it, and revokes it', async () => {
  const page = await signIn(acme.email);
  await page.locator('summary', { hasText: 'CREATE TOKEN' }).click();
  await page.getByLabel('Token name').fill('nightly import');
  await page.getByLabel(/^Import data/).check();
  await page.getByLabel(/^Read your workspace/).check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByRole('region', { name: 'Personal access token created' }).locator('code').innerText()).trim();
  assert.match(token, /^ctp_/);
  assert.equal((await me(token)).status, 200);

  await page.goto(`${hub.url}/settings/connections`);
  const row = page.locator('tr', { hasText: 'nightly import' });
  assert.match(await row.innerText(), /Read your workspace.s data \(OData API\), Import data/);
  assert.match(await row.innerText(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/, 'last used is shown');
  await page.getByRole('button', { name: 'Revoke nightly import' }).click();
  await page.waitForURL(/#tokens$/);
  assert.equal(await page.locator('tr', { hasText: 'nightly import' }).count(), 0);
  await refusedSoon(token, 'the revoked token is refused');
  await page.context().close();
});

test('an admin invites a member; the member signs in, joins, but cannot manage OAuth clients or members', async () => {
  const admin = await signIn(acme.email);
  await admin.goto(`${hub.url}/settings/members`);
  await admin.getByLabel('Email').fill('mo@acme.test');
  await admin.getByLabel('Role').selectOption('member');
  await admin.getByRole('button', { name: 'Invite' }).click();
  await admin.waitForURL(/\/settings\/members$/);
  assert.match(await admin.locator('tbody').nth(1).innerText(), /mo@acme\.test\s+member/);

  // An operator gives Mo an account (commontime user create); signing in, Mo is asked, and joins Acme by accepting.
  const { createUser } = await import('../../platform/tenancy/tenancy.ts');
  await createUser(db, { email: 'mo@acme.test', password: 'mo password 123', name: 'Mo Member' });
  const member = await (await browser.newContext()).newPage();
  await member.goto(`${hub.url}/settings/connections`);
  await member.getByLabel('Email').fill('mo@acme.test');
  await member.getByLabel('Password').fill('mo password 123');
  await member.getByRole('button', { name: 'Sign in' }).click();
  await member.waitForURL(/\/settings\/invitations\?return_to=/);
  assert.match(await member.locator('tbody').innerText(), /Acme\s+Acme Admin \(ada@acme\.test\)\s+member/);
  await member.getByRole('button', { name: 'Accept the invitation to Acme' }).click();
  await member.waitForURL(/\/settings\/invitations\?return_to=/);
  assert.match(await member.locator('main').innerText(), /You have no open invitations/);
  await member.getByRole('link', { name: 'Continue' }).click();
  await member.waitForURL(/\/settings\/connections$/);
  await admin.reload();
  assert.match(await admin.locator('tbody').first().innerText(), /Mo Member\s+mo@acme\.test\s+member/);
  await admin.context().close();

  assert.match(await member.locator('main').innerText(), /Only admins of Acme manage OAuth clients/);
  await member.goto(`${hub.url}/settings/members`);
  assert.match(await member.locator('main').innerText(), /Only admins add members/);
  await member.context().close();

  // Even a hand-made POST from a member is refused.
  const user = new WebUser(hub.url);
  const login = await user.request('/login');
  await user.follow('/login', { form: { _csrf: WebUser.csrf(login.body), email: 'mo@acme.test', password: 'mo password 123' } });
  const page = await user.request('/settings/connections');
  const forged = await user.request('/settings/connections/oauth-clients', { form: { _csrf: WebUser.csrf(page.body), name: 'Sneaky', redirect_uris: 'https://x.test/cb' } });
  assert.equal(forged.status, 403);
  assert.match(forged.body, /Only an admin of this workspace can do this/);
});

test('an admin cannot reach another workspace\'s OAuth client by id', async () => {
  const other = await workspace(db, 'Other', 'olga@other.test');
  const { createClient } = await import('../oauth/oauth-clients.ts');
  const foreign = await createClient(db, other.tenantId, { name: 'Foreign', redirectUris: ['https://foreign.test/cb'] });
  const user = new WebUser(hub.url);
  const login = await user.request('/login');
  await user.follow('/login', { form: { _csrf: WebUser.csrf(login.body), email: acme.email, password: PASSWORD } });
  const page = await user.request('/settings/connections');
  const csrf = WebUser.csrf(page.body);
  for (const action of [`/settings/connections/oauth-clients/${foreign.clientId}/delete`, `/settings/connections/oauth-clients/${foreign.clientId}/rotate-secret`]) {
    const attempt = await user.request(action, { form: { _csrf: csrf } });
    assert.equal(attempt.status, 404, action);
  }
  const still = await db.selectFrom('oauth_clients').select('secret_hash').where('id', '=', foreign.clientId).execute();
  assert.equal(still.length, 1);
});

test('an admin removes a member; the member\'s token stops working; the last admin cannot go', async () => {
  const { createUser, addUserToTenant } = await import('../../platform/tenancy/tenancy.ts');
  const { createToken } = await import('../identity/personal-access-tokens.ts');
  await createUser(db, { email: 'rita@acme.test', password: PASSWORD, name: 'Rita Leaving' });
  const { userId } = await addUserToTenant(db, { tenantId: acme.tenantId, email: 'rita@acme.test', role: 'member' });
  const token = await createToken(db, { tenantId: acme.tenantId, userId, name: 'rita', scopes: ['api:read'] });
  assert.equal((await me(token.token)).status, 200);

  const admin = await signIn(acme.email);
  await admin.goto(`${hub.url}/settings/members`);
  await admin.getByRole('button', { name: 'Remove Rita Leaving' }).click();
  await admin.waitForURL(/\/settings\/members$/);
  assert.doesNotMatch(await admin.locator('tbody').innerText(), /rita@acme\.test/);
  await refusedSoon(token.token, 'the removed member\'s token is refused');
  assert.equal(await admin.getByRole('button', { name: /Remove Acme Admin/ }).count(), 0, 'no button to remove yourself');
  await admin.context().close();
});
