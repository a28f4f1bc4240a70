/**
 * The agent console in a real browser: an agent signs in, sets their status,
 * takes the next call, follows its transcript live, ends it and wraps up;
 * takes a chat, answers it by hand and sees the customer's answer arrive
 * without reloading; what customers write is shown as text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../test-support/browser.ts';
import { AppsApiClient, demoMenuId, twoCenters } from '../../test-support/contact-center.ts';
import { eventually } from '../../test-support/eventually.ts';
import { expireAgentSessions, setAgentPassword } from './web-sessions.ts';

const PASSWORD = 'correct horse battery';
const { server, acme, globex, client } = await twoCenters({ worker: true });
const other = AppsApiClient.of(server, globex);
const liam = acme.demo.agents[1]!;
await setAgentPassword(acme.db, acme.tenantId, liam.email, PASSWORD);
// Fast stages, a talk that lasts until the agent ends it, and nobody else to take the work.
await acme.db
  .updateTable('cc_centers')
  .set({ simulation: JSON.stringify({ timeScale: 200, seed: 'console-test', selectingSeconds: [2, 2], ringSeconds: [2, 2], connectingSeconds: [2, 2], talkSeconds: [100_000, 100_000], wrapUpSeconds: [100_000, 100_000], chatReplySeconds: [1, 1], patienceSeconds: [100_000, 100_000], answerRate: 1, abandonRate: 0, voicemailRate: 0, providerFailureRate: 0 }) })
  .where('tenant_id', '=', acme.tenantId)
  .execute();
await acme.db.updateTable('cc_agents').set({ status: 'Offline', online: false }).where('tenant_id', '=', acme.tenantId).where('id', '<>', String(liam.id)).execute();
const browser = await launchBrowser();

const agentRow = () => acme.db.selectFrom('cc_agents').select(['status', 'online', 'simulated', 'wrap_up', 'last_login_ip']).where('tenant_id', '=', acme.tenantId).where('id', '=', String(liam.id)).executeTakeFirstOrThrow();

async function statusIs(page: Page, status: string) {
  await page.locator('#agent-status').filter({ hasText: new RegExp(`^${status}$`) }).waitFor();
}

async function setStatus(page: Page, status: string) {
  await page.getByLabel('New status').selectOption(status);
  await page.getByRole('button', { name: 'Set status' }).click();
  await statusIs(page, status);
}

const alert = (page: Page) => page.locator('[role=alert]').textContent();

/** A new browser context signed in as Liam from `start`, landing on the console; dialogs (there should be none) are collected. */
async function signedIn(start = '/login') {
  const page = await (await browser.newContext()).newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${server.url}${start}`);
  await page.waitForURL(/\/login(\?|$)/);
  const loginUrl = page.url();
  await page.getByLabel('Subdomain').fill(acme.subdomain);
  await page.getByLabel('Email').fill(liam.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console$/);
  return { page, dialogs, loginUrl };
}

test('an agent signs in to the console, takes the next call, follows its transcript live, ends it and wraps up', async () => {
  const { page, dialogs, loginUrl } = await signedIn('/console');
  assert.match(loginUrl, /\/login\?next=%2Fconsole$/, 'the console sends a stranger to sign in, and back');
  await statusIs(page, 'Available');
  const person = await agentRow();
  assert.deepEqual([person.online, person.simulated], [true, false], 'a person at the console, whom the simulation gives no work');
  assert.ok(person.last_login_ip);

  await setStatus(page, 'Break');
  await page.getByRole('button', { name: 'Take next call or chat' }).click();
  assert.equal(await alert(page), 'Set your status to Available to take a call or chat (it is Break)');
  await setStatus(page, 'Available');
  await page.getByRole('button', { name: 'Take next call or chat' }).click();
  assert.equal(await alert(page), 'No call or chat is waiting in your queues');

  const created = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: demoMenuId(acme, 'Support'), end_user_number: '+1 415-555-0100' });
  await eventually(async () => (await client.get(`/calls/${created.body.id}`)).body.status === 'queued', 'the call is queued');
  await page.getByRole('button', { name: 'Take next call or chat' }).click();
  await page.getByRole('heading', { name: `Call ${created.body.id}` }).waitFor();
  await page.locator('#call-status').filter({ hasText: /^connected$/ }).waitFor({ timeout: 15_000 });
  assert.equal((await client.get(`/calls/${created.body.id}`)).body.agent_info.id, liam.id);
  await statusIs(page, 'In-Call');
  // The transcript grows without a reload: the page's script adds the turns as they are said.
  const turns = page.locator('#transcript li');
  await eventually(async () => (await turns.count()) >= 3, 'three turns of the conversation appear live', 15_000);
  // A dialer's CRM contact for the call shows beside it.
  assert.equal((await client.post('/crm/contact_data', { call_id: created.body.id, contact: { first_name: 'Alex', last_name: 'Phil', account_no: '10002-2989', city: '' } })).status, 200);
  await page.reload();
  assert.match((await page.locator('dl.contact').textContent())!, /^first nameAlexlast namePhilaccount no10002-2989$/);
  const live = (await client.get(`/calls/${created.body.id}/transcript`)).body;
  assert.equal(live.call_duration, null);
  assert.ok(live.turns.length >= 3);

  await page.getByRole('button', { name: 'End call' }).click();
  await page.getByRole('button', { name: 'Wrap up' }).waitFor();
  const ended = (await client.get(`/calls/${created.body.id}`)).body;
  assert.equal(ended.status, 'finished');
  const transcript = (await client.get(`/calls/${created.body.id}/transcript`)).body;
  assert.equal(transcript.turns.at(-1).end_ms, ended.call_duration * 1000, 'the transcript ends where the agent hung up');
  assert.equal(await turns.count(), transcript.turns.length, 'the console shows the transcript the call kept');
  assert.equal((await agentRow()).status, 'Wrap-Up');
  await page.getByRole('button', { name: 'Wrap up' }).click();
  await statusIs(page, 'Available');
  assert.deepEqual([(await agentRow()).wrap_up, await page.getByRole('button', { name: 'Wrap up' }).count()], [false, 0]);
  assert.deepEqual(dialogs, []);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login$/);
  await page.context().close();
});

test('a chat taken by hand is answered by the agent only; the customer\'s messages appear live, as text', async () => {
  const { page, dialogs } = await signedIn();
  await statusIs(page, 'Available');
  assert.equal((await agentRow()).simulated, false, 'signed in again: Available, a person again');

  const chat = (await client.post('/chats', { chat: { menu_id: demoMenuId(acme, 'Web Chat') } })).body;
  assert.equal(chat.status, 'queued');
  await page.getByRole('button', { name: 'Take next call or chat' }).click();
  await page.getByRole('heading', { name: `Chat ${chat.id}` }).waitFor();
  const reply = page.getByLabel('Reply');
  await reply.waitFor({ timeout: 15_000 });
  await reply.fill('Hi, this is Liam. How can I help?');
  await page.getByRole('button', { name: 'Send' }).click();
  const messages = page.locator(`#chat-${chat.id}-messages li`);
  await messages.filter({ hasText: 'Hi, this is Liam' }).waitFor();

  const hostile = '<img src=x onerror=alert(1)> my order is late';
  assert.equal((await client.post(`/chats/${chat.id}/message`, { message: { type: 'text', content: hostile } })).status, 201);
  await messages.filter({ hasText: hostile }).waitFor();
  await page.getByLabel('Reply').fill('Let me look that up.');
  await page.getByRole('button', { name: 'Send' }).click();
  await messages.filter({ hasText: 'Let me look that up.' }).waitFor();
  await page.getByRole('button', { name: 'End chat' }).click();
  await page.getByRole('heading', { name: `Chat ${chat.id}` }).waitFor({ state: 'detached' });

  const after = (await client.get(`/chats/${chat.id}`)).body;
  assert.equal(after.status, 'finished');
  const said = (await client.get(`/chats/${chat.id}/messages`)).body;
  const list = Array.isArray(said) ? said : said.messages;
  assert.deepEqual(
    list.map((m: any) => [m.sender, m.text]),
    [['agent', 'Hi, this is Liam. How can I help?'], ['end_user', hostile], ['agent', 'Let me look that up.']],
    'no simulated greeting or reply: the agent spoke for themselves',
  );
  assert.deepEqual(dialogs, []);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login$/);
  const out = await agentRow();
  assert.deepEqual([out.status, out.online, out.simulated], ['Offline', false, true], 'signed out: Offline, and played by the simulation again');
  await page.context().close();
});

test("the console's actions need a session and a CSRF token, and reach only the agent's own work", async () => {
  const foreign = (await other.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: demoMenuId(globex, 'Support'), end_user_number: '+1 415-555-0101' })).body;
  const response = await fetch(`${server.url}/console/take`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
  assert.equal(response.status, 403, 'a form from elsewhere, without a session or token, is refused');
  const signIn = await fetch(`${server.url}/console`, { redirect: 'manual' });
  assert.deepEqual([signIn.status, signIn.headers.get('location')], [303, '/login?next=%2Fconsole']);
  assert.equal((await fetch(`${server.url}/console/data`)).status, 401);

  const { page } = await signedIn();
  const csrf = await page.locator('input[name=_csrf]').first().getAttribute('value');
  const post = (path: string, body: string) => page.evaluate(async ([p, b]) => {
    const answer = await fetch(p!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: b });
    return { status: answer.status, text: await answer.text() };
  }, [path, body]);
  const noToken = await post('/console/take', '');
  assert.equal(noToken.status, 403);
  const crossTenant = await post(`/console/calls/${foreign.id}/end`, `_csrf=${encodeURIComponent(csrf!)}`);
  assert.equal(crossTenant.status, 404);
  assert.match(crossTenant.text, /That call or chat is not one of yours/);
  const badId = await post(`/console/chats/not-an-id/reply`, `_csrf=${encodeURIComponent(csrf!)}&text=hi`);
  assert.equal(badId.status, 404);
  const empty = await post(`/console/chats/1/reply`, `_csrf=${encodeURIComponent(csrf!)}&text=${'x'.repeat(5000)}`);
  assert.equal(empty.status, 400);
  assert.match(empty.text, /A reply is 1 to 4000 characters/);
  const nul = await post('/console/status', `_csrf=${encodeURIComponent(csrf!)}&status=%00`);
  assert.equal(nul.status, 400);
  assert.match(nul.text, /Text cannot contain the NUL character/);
  const untouched = await acme.db.selectFrom('cc_calls').select(['agent_id', 'status']).where('tenant_id', '=', globex.tenantId).where('id', '=', String(foreign.id)).executeTakeFirstOrThrow();
  assert.notEqual(untouched.agent_id, String(liam.id), "the other center's call is not Liam's");
  await page.context().close();

  // A session that expires signs its agent out at the hourly purge, as signing out does.
  await acme.db.updateTable('cc_web_sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('tenant_id', '=', acme.tenantId).execute();
  await expireAgentSessions(acme.db);
  const expired = await agentRow();
  assert.deepEqual([expired.status, expired.online, expired.simulated], ['Offline', false, true]);
});
