import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppsApiClient, demoMenuId, twoCenters } from '../../test-support/contact-center.ts';

// No worker: queued calls stay queued, so the estimates are stable.
const { server, acme, globex, client } = await twoCenters();
const menu = (name: string) => demoMenuId(acme, name);
const HANDLE = (120 + 480) / 2 + (15 + 60) / 2; // midpoints of the default talk and wrap-up ranges

test('wait times list the leaf menus in the language with agents and waits in seconds', async () => {
  const response = await client.get('/wait_times?lang=en');
  assert.equal(response.status, 200);
  assert.deepEqual(response.body.map((r: any) => r.menu_id).sort(), ['Support', 'Sales', 'Billing', 'App Support', 'Web Chat', 'Web Callback'].map(menu).sort());
  const support = response.body.find((r: any) => r.menu_id === menu('Support'));
  // Maya, Liam and Sofia are Available, Kenji on a break: all four are online.
  assert.deepEqual(support, { menu_id: menu('Support'), menu_type: 'ivr_menu', chat: 0, voice_call: 0, materialized_path: `${menu('Phone')}/${menu('Support')}`, logged_in_agents: 4, available_agents: 3, breakthrough_agents: 0 });
  assert.deepEqual((await client.get('/wait_times?lang=fr')).body, []);
});

test('queued calls beyond the free agents make a voice wait; filters by subtree, type, channel and wait', async () => {
  for (let i = 0; i < 5; i++) {
    const created = await client.post('/calls', { call_type: 'Voice Inbound (API)', menu_id: menu('Billing'), end_user_number: '+1 415-555-0100' });
    assert.equal(created.body.status, 'queued');
  }
  const billing = (await client.get(`/wait_times?lang=en&menu_id=${menu('Billing')}`)).body;
  assert.equal(billing.length, 1);
  // The next caller has 5 ahead and 3 free agents: 3 waits of a handle time, over 4 logged-in agents.
  assert.equal(billing[0].voice_call, Math.round((3 * HANDLE) / 4));

  const phone = (await client.get(`/wait_times?lang=en&menu_id=${menu('Phone')}&channel_type=voice_call`)).body;
  assert.deepEqual(phone.map((r: any) => r.menu_id).sort(), [menu('Support'), menu('Sales'), menu('Billing')].sort());
  assert.ok(phone.every((r: any) => !('chat' in r) && 'voice_call' in r));
  const chats = (await client.get('/wait_times?lang=en&channel_type=chat&menu_type=web_menu')).body;
  assert.deepEqual(chats.map((r: any) => Object.keys(r).includes('voice_call')), [false, false]);
  const long = (await client.get('/wait_times?lang=en&channel_type=voice_call&wait%5Bfrom%5D=60')).body;
  assert.deepEqual(long.map((r: any) => r.menu_id), [menu('Billing')]);
  const short = (await client.get('/wait_times?lang=en&channel_type=voice_call&wait[to]=60')).body;
  assert.ok(short.length === 5 && short.every((r: any) => r.menu_id !== menu('Billing')));
});

test('queue operation statuses and queue status: after hours and over capacity', async () => {
  const path = `menu_id=${menu('Billing')}&lang=en&channel_type=call`;
  for (const base of ['/queue_operation_statuses', '/queue_status']) {
    assert.deepEqual((await client.get(`${base}?${path}`)).body, { menu_id: menu('Billing'), lang: 'en', channel_type: 'call', after_hour: false, overcapacity: false });
  }
  await acme.db.updateTable('cc_menus').set({ overcapacity_limit: 5, hours: JSON.stringify({ timezone: 'UTC', days: {} }) }).where('tenant_id', '=', acme.tenantId).where('name', '=', 'Billing').execute();
  assert.deepEqual((await client.get(`/queue_status?${path}`)).body, { menu_id: menu('Billing'), lang: 'en', channel_type: 'call', after_hour: true, overcapacity: true });
  const chat = (await client.get(`/queue_operation_statuses?menu_id=${menu('Billing')}&lang=en&channel_type=chat`)).body;
  assert.equal(chat.overcapacity, false);
});

test('missing and malformed parameters are 400s naming them; another center\'s menus are not found', async () => {
  const cases: [string, string][] = [
    ['/wait_times', 'lang is required'],
    ['/wait_times?lang=xy', "Language 'xy' is not found"],
    ['/wait_times?lang=en&menu_type=sms_menu', 'menu_type must be ivr_menu, mobile_menu or web_menu'],
    ['/wait_times?lang=en&channel_type=call', 'channel_type must be voice_call or chat'],
    ['/wait_times?lang=en&wait[from]=soon', 'wait[from] must be a whole number of seconds'],
    ['/wait_times?lang=en&lang=es', 'lang must be a single value'],
    ['/wait_times?lang=en&menu_id=9999', 'menu_id 9999 is not found'],
    ['/wait_times?lang=en&menu_id=abc', 'menu_id is not well formed'],
    ['/queue_operation_statuses?lang=en&channel_type=call', 'menu_id is required'],
    [`/queue_operation_statuses?menu_id=${menu('Support')}&channel_type=call`, 'lang is required'],
    [`/queue_status?menu_id=${menu('Support')}&lang=en`, 'channel_type is required'],
    [`/queue_status?menu_id=${menu('Support')}&lang=en&channel_type=voice_call`, 'channel_type must be call or chat'],
    [`/queue_status?menu_id=${menu('Support')}&lang=fr&channel_type=call`, "Language 'fr' is not available"],
  ];
  for (const [path, message] of cases) {
    const response = await client.get(path);
    assert.deepEqual([response.status, response.body], [400, { message }], path);
  }
  const other = AppsApiClient.of(server, globex);
  assert.deepEqual((await other.get(`/queue_status?menu_id=${menu('Support')}&lang=en&channel_type=call`)).body, { message: `menu_id ${menu('Support')} is not found` });
  assert.deepEqual((await other.get(`/wait_times?lang=en&menu_id=${menu('Support')}`)).body, { message: `menu_id ${menu('Support')} is not found` });
});
