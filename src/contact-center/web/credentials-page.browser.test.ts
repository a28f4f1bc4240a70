/**
 * Settings > Developer Settings > API Credentials in a real browser: an Admin
 * agent signs in, creates a credential (token shown once) that the Apps API
 * accepts, and revokes it; an agent without the role is turned away; wrong
 * passwords and forms without their CSRF token are refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../test-support/browser.ts';
import { AppsApiClient, demoTenant, startContactCenter } from '../../test-support/contact-center.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { setAgentPassword } from './web-sessions.ts';

const PASSWORD = 'correct horse battery';
const database = await createTestDatabase();
const server = await startContactCenter(database.db);
const acme = await demoTenant(database.db, 'Acme');
const globex = await demoTenant(database.db, 'Globex');
const [admin, agent] = acme.demo.agents;
await setAgentPassword(acme.db, acme.tenantId, admin!.email, PASSWORD);
await setAgentPassword(acme.db, acme.tenantId, agent!.email, PASSWORD);
const browser = await launchBrowser();

async function signIn(email: string, subdomain = acme.subdomain, password = PASSWORD): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}/settings/developer/api-credentials`);
  await page.waitForURL(/\/login\?next=%2Fsettings%2Fdeveloper%2Fapi-credentials$/);
  await page.getByLabel('Subdomain').fill(subdomain);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

test('an Admin creates a credential the Apps API accepts, sees it listed without its token, and revokes it', async () => {
  const page = await signIn(admin!.email);
  await page.waitForURL(/\/settings\/developer\/api-credentials$/);
  await page.getByLabel('What it is for').fill('CRM integration');
  await page.getByRole('button', { name: 'Create credential' }).click();
  const token = (await page.locator('#token').textContent())!;
  assert.match(token, /^[0-9a-f]{48}$/);
  const client = new AppsApiClient(server.url, acme.subdomain, token);
  assert.equal((await client.get('/end_users?identifier=demo-customer-1')).status, 200);
  await page.goto(`${server.url}/settings/developer/api-credentials`);
  const row = page.getByRole('row', { name: /CRM integration/ });
  assert.match((await row.textContent())!, new RegExp(`…${token.slice(-4)}`));
  assert.equal((await page.content()).includes(token), false);
  await page.getByRole('button', { name: 'Revoke CRM integration' }).click();
  await page.waitForURL(/\/settings\/developer\/api-credentials$/);
  assert.equal(await page.getByRole('row', { name: /CRM integration/ }).count(), 0);
  assert.equal((await client.get('/end_users?identifier=demo-customer-1')).status, 401);
  await page.context().close();
});

test('an agent without the Admin role is turned away; a wrong password or another center\'s subdomain does not sign in', async () => {
  const page = await signIn(agent!.email);
  await page.waitForURL(/\/settings\/developer\/api-credentials$/);
  assert.match(await page.locator('[role=alert]').textContent() ?? '', /Only agents with the Admin role/);
  await page.context().close();
  for (const [subdomain, password] of [[acme.subdomain, 'wrong password!!'], [globex.subdomain, PASSWORD]] as const) {
    const failed = await signIn(admin!.email, subdomain, password);
    await failed.waitForURL(/\/login$/);
    assert.match(await failed.locator('[role=alert]').textContent() ?? '', /The subdomain, email or password is wrong/);
    await failed.context().close();
  }
});

test('a form without its CSRF token is refused with an HTML page, and creates nothing', async () => {
  const before = await acme.db.selectFrom('cc_api_credentials').select('id').where('tenant_id', '=', acme.tenantId).execute();
  const response = await fetch(`${server.url}/settings/developer/api-credentials`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=x' });
  assert.equal(response.status, 403);
  assert.match(response.headers.get('content-type') ?? '', /text\/html/);
  const after = await acme.db.selectFrom('cc_api_credentials').select('id').where('tenant_id', '=', acme.tenantId).execute();
  assert.equal(after.length, before.length);
});

test.after(() => browser.close());
