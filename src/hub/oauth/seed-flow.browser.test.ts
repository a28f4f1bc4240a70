/**
 * The end-to-end test of docs/oauth.md: exactly Four/Four's published steps, with a real
 * third-party app, a real Chromium user, real HTTP and PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from '../../test-support/browser.ts';
import { oauthClient, PASSWORD, startHub, workspace } from '../../test-support/hub.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { startThirdPartyApp } from '../../test-support/third-party-app.ts';

const TTL_SECONDS = 2;
const { db } = await createTestDatabase();
const hub = await startHub(db, { OAUTH_ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS) });
const superCo = await workspace(db, 'SuperCo', 'chris@superco.test');
let client = { clientId: '', clientSecret: '' };
const app = await startThirdPartyApp(hub.url, () => client);
client = await oauthClient(db, superCo.tenantId, app.redirectUri);
const browser = await launchBrowser();

test('a user connects a third-party app: login, Allow, code exchange, /odata/me, expiry, refresh', async () => {
  const page = await browser.newPage();
  await page.goto(app.url);
  await page.getByRole('link', { name: 'Connect to CommonTime' }).click();

  await page.waitForURL(new RegExp(`^${hub.url}/interaction/`));
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Sign in to continue to Acme Integration/);
  await page.getByLabel('Email').fill(superCo.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.getByRole('heading', { name: 'Authorize Acme Integration' }).waitFor();
  const consent = await page.locator('main').innerText();
  assert.match(consent, /Acme Integration wants to access the workspace SuperCo/);
  assert.match(consent, /Read your workspace.s data \(OData API\)/);
  await page.getByRole('button', { name: 'Allow' }).click();

  await page.waitForURL(new RegExp(`^${app.url}/callback\\?`));
  assert.equal(await page.locator('#who').innerText(), 'SuperCo Admin in SuperCo');
  assert.deepEqual(app.log, ['token 200', 'me 200']);

  await new Promise((resolve) => setTimeout(resolve, TTL_SECONDS * 1000 + 700));
  const sync = (await (await fetch(`${app.url}/sync`)).json()) as { status: number; body: Record<string, string> };
  assert.equal(sync.status, 200);
  assert.equal(sync.body.tenant_id, superCo.tenantId);
  assert.deepEqual(app.log.slice(2), ['me 401', 'token 200', 'me 200'], 'the expired token got a 401, the refresh a new token');
  await page.close();
});

test('the same flow with Deny sends the app error=access_denied', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(app.url);
  await page.getByRole('link', { name: 'Connect to CommonTime' }).click();
  await page.getByLabel('Email').fill(superCo.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Deny' }).click();
  await page.waitForURL(new RegExp(`^${app.url}/callback\\?`));
  assert.equal(await page.locator('#error').innerText(), 'access_denied');
  assert.equal(new URL(page.url()).searchParams.get('code'), null);
  await context.close();
});
