/**
 * Settings > Connections > Webhooks in a real browser: an admin adds a
 * webhook (secret shown once), sends a test event, reads the delivery log,
 * redelivers, rotates, disables and deletes; a member is turned away; forms
 * without their CSRF token are refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../test-support/browser.ts';
import { PASSWORD, startHub, workspace } from '../../test-support/hub.ts';
import { waitFor } from '../../test-support/processes.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { startReceiver } from '../../test-support/webhook-receiver.ts';
import { FAST_WEBHOOKS, startWebhookWorker } from '../../test-support/webhooks.ts';
import { WebUser } from '../../test-support/web-user.ts';
import { addUserToTenant, createUser } from '../../platform/tenancy/tenancy.ts';

const database = await createTestDatabase();
const { db } = database;
const hub = await startHub(db, FAST_WEBHOOKS);
await startWebhookWorker(database);
const acme = await workspace(db, 'Acme', 'ada@acme.test');
await createUser(db, { email: 'mo@acme.test', password: PASSWORD });
await addUserToTenant(db, { tenantId: acme.tenantId, email: 'mo@acme.test', role: 'member' });
const browser = await launchBrowser();

async function signIn(email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${hub.url}/settings/connections`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/settings\/connections$/);
  return page;
}

test('an admin adds a webhook, sends a test event, sees it delivered in the log, redelivers, rotates, disables and deletes it', async () => {
  const receiver = await startReceiver((_r, index) => (index === 0 ? { status: 500, body: 'boom' } : { status: 200, body: 'thanks' }));
  const page = await signIn(acme.email);
  await page.getByRole('link', { name: 'Manage webhooks' }).click();
  await page.locator('summary', { hasText: 'ADD WEBHOOK' }).click();
  await page.getByLabel(/^Endpoint URL/).fill(receiver.url);
  await page.getByLabel('import_job_failed').check();
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const secret = (await page.getByRole('region', { name: 'Webhook created' }).locator('code').innerText()).trim();
  assert.match(secret, /^whsec_/);

  await page.getByRole('link', { name: 'Back to the webhook' }).click();
  assert.ok(!(await page.locator('main').innerText()).includes(secret), 'the secret is not shown again');
  assert.match(await page.locator('main').innerText(), /import_job_failed/);
  await page.getByRole('button', { name: 'Send test event' }).click();
  await page.waitForURL(/#deliveries$/);
  await waitFor(async () => (receiver.received.length === 2 ? true : undefined), 10_000, () => 'the test event was not retried to success');
  await page.reload();
  const log = page.locator('#deliveries + p + table');
  await waitFor(async () => ((await log.innerText()).includes('delivered') ? true : (await page.reload(), undefined)), 10_000, () => 'log not updated');
  const logText = await log.innerText();
  assert.match(logText, /webhook_test/);
  assert.match(logText, /200/);
  await log.locator('summary', { hasText: '2 attempts' }).click();
  assert.match(await log.innerText(), /#1 at .*500, \d+ ms[\s\S]*boom[\s\S]*#2 at .*200/);
  const received = receiver.received[1]!;
  assert.equal(received.headers.signature, createHmac('sha256', secret).update(received.body).digest('hex'));

  await log.getByRole('button', { name: /^Redeliver / }).click();
  await waitFor(async () => (receiver.received.length === 3 ? true : undefined), 10_000, () => 'not redelivered');
  assert.equal(receiver.received[2]!.headers['webhook-id'], received.headers['webhook-id']);

  await page.getByRole('button', { name: 'Rotate secret' }).click();
  const rotated = (await page.getByRole('region', { name: 'New signing secret' }).locator('code').innerText()).trim();
  assert.notEqual(rotated, secret);
  await page.getByRole('link', { name: 'Back to the webhook' }).click();
  assert.match(await page.locator('main').innerText(), /Previous secret\s+still signs until/);

  await page.getByRole('button', { name: 'Disable' }).click();
  assert.match(await page.locator('main').innerText(), /disabled: Disabled by hand\./);
  assert.equal(await page.getByRole('button', { name: 'Send test event' }).count(), 0);
  await page.getByRole('button', { name: 'Enable' }).click();
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.waitForURL(/\/settings\/connections\/webhooks$/);
  assert.match(await page.locator('main').innerText(), /No webhooks yet/);
  await page.context().close();
});

test('a refused URL shows its reason; a member cannot open the page; a form without its CSRF token is refused', async () => {
  const page = await signIn(acme.email);
  await page.goto(`${hub.url}/settings/connections/webhooks`);
  await page.locator('summary', { hasText: 'ADD WEBHOOK' }).click();
  await page.getByLabel(/^Endpoint URL/).fill('https://169.254.169.254/latest/meta-data');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  assert.match(await page.locator('main').innerText(), /169\.254\.169\.254, a linkLocal address/);
  await page.context().close();

  const member = await signIn('mo@acme.test');
  assert.match(await member.locator('main').innerText(), /Only admins of Acme manage webhooks/);
  const response = await member.goto(`${hub.url}/settings/connections/webhooks`);
  assert.equal(response!.status(), 403);
  await member.context().close();

  const user = new WebUser(hub.url);
  const login = await user.follow('/login');
  await user.follow('/login', { form: { _csrf: WebUser.csrf(login.body), email: acme.email, password: PASSWORD } });
  const forged = await user.request('/settings/connections/webhooks', { method: 'POST', form: { url: 'https://8.8.8.8/hook' } });
  assert.equal(forged.status, 403);
  assert.equal((await db.selectFrom('webhook_subscriptions').select('id').execute()).length, 0);
});
