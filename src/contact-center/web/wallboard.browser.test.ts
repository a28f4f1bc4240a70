/**
 * The wallboard in a real browser: a signed-in agent sees each queue's calls
 * by status change as calls are made through the Apps API, without reloading;
 * names are shown as text; the data needs a session.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from '../../test-support/browser.ts';
import { AppsApiClient, demoTenant, startContactCenter } from '../../test-support/contact-center.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { setAgentPassword } from './web-sessions.ts';

const PASSWORD = 'correct horse battery';
const database = await createTestDatabase();
const server = await startContactCenter(database.db);
const acme = await demoTenant(database.db, 'Acme');
const globex = await demoTenant(database.db, 'Globex');
const agent = acme.demo.agents[1]!;
await setAgentPassword(acme.db, acme.tenantId, agent.email, PASSWORD);
const browser = await launchBrowser();
const ivr = acme.demo.menus.find((m) => m.menu_type === 'ivr_menu' && m.leaf)!;

test("the wallboard counts a queue's calls by status as they come in, live", async () => {
  await acme.db.updateTable('cc_menus').set({ name: '<img src=x onerror=alert(1)>' }).where('tenant_id', '=', acme.tenantId).where('id', '=', String(ivr.id)).execute();
  const page = await (await browser.newContext()).newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${server.url}/wallboard`);
  await page.waitForURL(/\/login\?next=%2Fwallboard$/);
  await page.getByLabel('Subdomain').fill(acme.subdomain);
  await page.getByLabel('Email').fill(agent.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/wallboard$/, { waitUntil: 'commit' });

  const calls = page.getByRole('table', { name: 'Calls by status per queue' });
  const row = calls.getByRole('row').filter({ hasText: '<img src=x onerror=alert(1)>' });
  await row.waitFor();
  const queuedColumn = (await calls.getByRole('columnheader').allTextContents()).indexOf('queued');
  assert.ok(queuedColumn > 0);
  const queued = row.getByRole('cell').nth(queuedColumn - 1);
  await queued.filter({ hasText: /^0$/ }).waitFor();

  const client = AppsApiClient.of(server, acme);
  for (const number of ['+1 859-657-9625', '+1 859-657-9626']) {
    const created = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: ivr.id, end_user_number: number, lang: 'en' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }
  // Another center's calls never show here.
  const other = globex.demo.menus.find((m) => m.menu_type === 'ivr_menu' && m.leaf)!;
  await AppsApiClient.of(server, globex).post('/calls', { call_type: 'Voice Inbound (API)', menu_id: other.id, end_user_number: '+1 859-657-9627', lang: 'en' });
  await queued.filter({ hasText: /^2$/ }).waitFor({ timeout: 15_000 });

  const agents = page.getByRole('table', { name: 'Agents by status' });
  assert.match((await agents.textContent()) ?? '', /Available/);
  assert.deepEqual(dialogs, [], 'a queue name is text, never markup');
});

test('the wallboard data needs a session', async () => {
  const response = await fetch(`${server.url}/wallboard/data`);
  assert.equal(response.status, 401);
  assert.deepEqual(await response.json(), { message: 'Sign in first' });
  assert.equal((await fetch(`${server.url}/wallboard`, { redirect: 'manual' })).status, 303);
});
