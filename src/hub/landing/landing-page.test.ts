import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hubService } from '../hub-service.ts';
import { contactCenterService } from '../../contact-center/contact-center-service.ts';
import { messagingService } from '../../messaging/messaging-service.ts';
import { createTenant } from '../../platform/tenancy/tenancy.ts';
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
  assert.equal(await page.title(), 'CommonTime');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'CommonTime');

  const setup = page.getByRole('region', { name: 'Create your workspace' });
  assert.equal(await setup.isVisible(), true);
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

test('once a workspace exists the setup section is gone', async () => {
  await createTenant(db, { name: 'Exists Co', admin: { email: 'first@exists.test', password: 'a long password' } });
  const page = await browser.newPage();
  await page.goto(`${hub.url}/`);
  assert.equal(await page.getByRole('region', { name: 'Create your workspace' }).count(), 0);
  await page.close();
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
