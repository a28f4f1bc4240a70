import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hubService } from '../hub-service.ts';
import { contactCenterService } from '../../contact-center/contact-center-service.ts';
import { messagingService } from '../../messaging/messaging-service.ts';
import { WebUser } from '../../test-support/web-user.ts';
import { launchBrowser } from '../../test-support/browser.ts';
import { startTestServer } from '../../test-support/http.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { FIRST_WORKSPACE_COMMAND } from './first-run.ts';

const { db } = await createTestDatabase();
const services = [hubService, contactCenterService, messagingService];
const hub = await startTestServer(hubService, db, {
  env: { PUBLIC_URL: 'https://ct.example.test', CONTACT_CENTER_PORT: '5101', MESSAGING_PORT: '5102' },
  services,
});
const browser = await launchBrowser();

test('a newcomer sees the services, their URLs and docs, and how to create the first workspace', async () => {
  const page = await browser.newPage();
  const response = await page.goto(`${hub.url}/`);
  assert.equal(response!.status(), 200);
  assert.equal(await page.title(), 'Welcome · CommonTime');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'CommonTime');

  const setup = page.getByRole('region', { name: 'Create your workspace' });
  assert.equal(await setup.isVisible(), true);
  for (const label of ['Workspace name', 'Your name', 'Email', /^Password/]) assert.equal(await setup.getByLabel(label).count(), 1, String(label));
  assert.equal((await setup.locator('code').textContent())!.trim(), FIRST_WORKSPACE_COMMAND);

  const rows = await page.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('a')!.getAttribute('href')]),
  );
  assert.deepEqual(rows, [
    ['Hub', 'https://ct.example.test'],
    ['Contact center', 'https://ct.example.test:5101'],
    ['Messaging', 'https://ct.example.test:5102'],
  ]);

  // The docs links work from the page.
  await page.getByRole('link', { name: /Architecture/ }).click();
  await page.waitForURL(/\/docs\/architecture\.md$/);
  assert.match((await page.textContent('body'))!, /# Architecture|## /);
  await page.close();
});

test('creating the workspace from the form signs the admin in; afterwards setup is gone and refused', async () => {
  const page = await browser.newPage();
  await page.goto(`${hub.url}/`);
  const setup = page.getByRole('region', { name: 'Create your workspace' });
  await setup.getByLabel('Workspace name').fill('Browser Co');
  await setup.getByLabel('Your name').fill('Bea Browser');
  await setup.getByLabel('Email').fill('bea@browser.test');
  await setup.getByLabel(/^Password/).fill('a long enough password');
  await setup.getByRole('button', { name: 'Create workspace' }).click();
  await page.waitForURL(/\/settings\/connections$/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Connections');
  assert.match((await page.locator('header').textContent())!, /Bea Browser · Browser Co/);

  await page.goto(`${hub.url}/`);
  assert.equal(await page.getByRole('region', { name: 'Create your workspace' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Sign in' }).count(), 1);
  await page.close();

  const tenants = await db.selectFrom('tenants').select('name').execute();
  assert.deepEqual(tenants.map((t) => t.name), ['Browser Co']);
  // A second setup (a replayed or forged form) cannot add an admin to a running installation.
  const again = new WebUser(hub.url);
  const form = await again.request('/login');
  const refused = await again.request('/setup', { form: { _csrf: WebUser.csrf(form.body), workspace: 'Evil', email: 'evil@x.test', password: 'a long enough password' } });
  assert.equal(refused.status, 409);
  assert.equal((await db.selectFrom('tenants').select('name').execute()).length, 1);
});

test('only the listed docs are served: no path traversal, no other file', async () => {
  for (const probe of ['/docs/../package.json', '/docs/%2e%2e%2fpackage.json', '/docs/secrets.md', '/docs/..%2F..%2Fetc%2Fpasswd']) {
    const response = await fetch(`${hub.url}${probe}`);
    assert.equal(response.status, 404, probe);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'PLATFORM_ROUTE_NOT_FOUND');
  }
  const doc = await fetch(`${hub.url}/docs/errors.md`);
  assert.equal(doc.status, 200);
  assert.match(doc.headers.get('content-type')!, /^text\/markdown/);
});
