import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppsApiClient, demoTenant, twoCenters, type DemoTenant } from '../../test-support/contact-center.ts';
import { eventually } from '../../test-support/eventually.ts';

const { database, server, acme, globex, client } = await twoCenters({ worker: true });
const other = AppsApiClient.of(server, globex);

/** Fast, reproducible simulated time: 100 simulated seconds per real one, fixed seed. */
async function simulate(tenant: DemoTenant, settings: Record<string, unknown>) {
  await tenant.db.updateTable('cc_centers').set({ simulation: JSON.stringify({ timeScale: 100, seed: 'chat-tests', connectingSeconds: [1, 1], chatReplySeconds: [1, 2], chatTurns: [3, 3], ...settings }) }).where('tenant_id', '=', tenant.tenantId).execute();
}
await simulate(acme, {});
await simulate(globex, { chatTimeoutSeconds: 20 });

const menuId = (tenant: DemoTenant, name: string) => tenant.demo.menus.find((menu) => menu.name === name)!.id;
const webChat = menuId(acme, 'Web Chat');

async function chatUntil(api: AppsApiClient, id: number, status: string, ms = 15_000) {
  let chat: any;
  await eventually(async () => (chat = (await api.get(`/chats/${id}`)).body).status === status, `chat ${id} ${status} (is ${chat?.status})`, ms);
  return chat;
}

test('a chat starts with its transcript, is assigned to an agent who greets and answers the end user, and ends after its turns', async () => {
  const endUser = (await client.post('/end_users', { identifier: 'chat-user-1' })).body;
  const created = await client.post('/chats', {
    chat: {
      menu_id: webChat,
      end_user_id: endUser.id,
      lang: 'en',
      email: 'pat@example.org',
      context: { page: '/checkout' },
      transcript: [
        { sender: 'end_user', timestamp: '2026-12-03T07:00:00Z', content: [{ type: 'text', text: 'My card was declined' }] },
        { sender: 'virtual_agent', timestamp: '2026-12-03T07:00:05Z', content: [{ type: 'text', text: 'Let me get you a human.' }] },
      ],
    },
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.status, 'queued');
  assert.deepEqual(created.body.menus.map((m: any) => m.name), ['Web', 'Web Chat']);
  assert.deepEqual(created.body.end_user, { id: endUser.id, identifier: 'chat-user-1' });
  assert.equal(created.body.lang, 'en');
  const id = created.body.id;

  const started = await chatUntil(client, id, 'in_progress');
  assert.equal(started.status_text, 'In progress');
  assert.ok(started.agent.id > 0 && started.agent.name.length > 0, JSON.stringify(started.agent));
  assert.deepEqual(started.all_agents.map((a: any) => a.id), [started.agent.id]);
  assert.ok(started.timeout_at, 'the inactivity deadline is shown while the agent waits on the end user');

  const messages = (await client.get(`/chats/${id}/messages`)).body;
  assert.deepEqual(messages.slice(0, 2).map((m: any) => [m.sender, m.text, m.timestamp]), [
    ['end_user', 'My card was declined', '2026-12-03T07:00:00.000Z'],
    ['virtual_agent', 'Let me get you a human.', '2026-12-03T07:00:05.000Z'],
  ]);
  assert.equal(messages[2].sender, 'agent');
  assert.equal(messages[2].sender_id, started.agent.id);

  for (let turn = 1; turn <= 3; turn++) {
    const sent = await client.post(`/chats/${id}/message`, { from_user_id: endUser.id, message: { type: 'text', content: `question ${turn}` } });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.equal(sent.body.sender, 'end_user');
    await eventually(async () => (await client.get(`/chats/${id}/messages`)).body.filter((m: any) => m.sender === 'agent').length === turn + 1, `the agent's reply ${turn}`);
  }
  const ended = await chatUntil(client, id, 'finished');
  assert.ok(ended.ends_at);
  assert.equal(ended.agent, null);
  assert.equal((await client.post(`/chats/${id}/message`, { message: { type: 'text', content: 'hello?' } })).body.message, 'Chat is already ended');
  const agent = await acme.db.selectFrom('cc_agents').select('active_chats').where('tenant_id', '=', acme.tenantId).where('id', '=', String(started.agent.id)).executeTakeFirstOrThrow();
  assert.equal(agent.active_chats, 0, 'the agent is released');
});

test('the chat starts where chats may start: a mobile or web leaf menu in its language, open', async () => {
  const cases: [unknown, number, string][] = [
    [{}, 400, 'param is missing or the value is empty: chat'],
    [{ chat: {} }, 400, 'menu_id is required'],
    [{ chat: { menu_id: 'abc' } }, 400, 'menu_id is not well formed'],
    [{ chat: { menu_id: 999999 } }, 400, 'menu_id 999999 is not found'],
    [{ chat: { menu_id: menuId(acme, 'Support') } }, 400, 'Only mobile and web menu IDs are permitted'],
    [{ chat: { menu_id: webChat, lang: 'fr' } }, 400, "Language 'fr' is not available"],
    [{ chat: { menu_id: menuId(globex, 'Web Chat') } }, 400, `menu_id ${menuId(globex, 'Web Chat')} is not found`],
    [{ chat: { menu_id: webChat, end_user_id: 999999 } }, 404, 'Not Found'],
    [{ chat: { menu_id: webChat, transcript: [{ sender: 'hacker', timestamp: 'x', content: [] }] } }, 400, ''],
    [{ chat: { menu_id: webChat, transcript: 'x' } }, 400, ''],
    [{ chat: { menu_id: webChat, context: [1] } }, 400, 'context must be an object'],
    [{ chat: { menu_id: webChat, email: 42 } }, 400, 'email must be a string'],
  ];
  for (const [body, status, message] of cases) {
    const response = await client.post('/chats', body);
    assert.equal(response.status, status, JSON.stringify(body));
    assert.deepEqual(Object.keys(response.body), ['message']);
    if (message) assert.equal(response.body.message, message);
  }
  assert.equal((await client.request('POST', '/chats', '{"chat": {', { 'content-type': 'application/json' })).status, 400);
  const big = await client.post('/chats', { chat: { menu_id: webChat, context: { blob: 'x'.repeat(2 * 1024 * 1024) } } });
  assert.equal(big.status, 413);
  await acme.db.updateTable('cc_menus').set({ hours: JSON.stringify({ timezone: 'UTC', days: {} }) }).where('tenant_id', '=', acme.tenantId).where('id', '=', String(menuId(acme, 'App Support'))).execute();
  assert.equal((await client.post('/chats', { chat: { menu_id: menuId(acme, 'App Support') } })).body.message, "Menu is in 'after hours' state, can't accept chats");
  const count = await acme.db.selectFrom('cc_chats').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', acme.tenantId).where('email', 'is not', null).executeTakeFirstOrThrow();
  assert.equal(count.n, '1', 'no refused chat was written');
});

test("another center's chat is Not Found on every path", async () => {
  const mine = (await client.post('/chats', { chat: { menu_id: webChat } })).body.id;
  for (const [method, path, body] of [
    ['GET', `/chats/${mine}`],
    ['GET', `/chats/${mine}/messages`],
    ['PATCH', `/chats/${mine}`, { chat: { status: 'finished' } }],
    ['PATCH', `/chats/${mine}/resume`, {}],
    ['POST', `/chats/${mine}/message`, { message: { type: 'text', content: 'hi' } }],
    ['POST', `/chats/${mine}/escalations`, {}],
    ['GET', `/chats/${mine}/photos`],
    ['POST', `/chats/${mine}/photos/upload`, {}],
    ['GET', `/chats/${mine}/customer_flag`],
    ['GET', '/chats/abc'],
  ] as const) {
    const response = await other.request(method, path, body);
    assert.equal(response.status, 404, `${method} ${path}`);
    assert.deepEqual(response.body, { message: 'Not Found' });
  }
  assert.deepEqual((await other.get('/chats?per=100')).body.map((c: any) => c.id).filter((id: number) => id === mine), []);
  await client.patch(`/chats/${mine}`, { chat: { status: 'finished' } });
});

test('an idle end user is dismissed at timeout_at; only a dismissed chat resumes, back into the queue', async () => {
  const api = other;
  const id = (await api.post('/chats', { chat: { menu_id: menuId(globex, 'Web Chat') } })).body.id;
  assert.deepEqual((await api.patch(`/chats/${id}/resume`)).body, { message: 'This chat is not in dismissed state' });
  const dismissed = await chatUntil(api, id, 'dismissed');
  assert.equal(dismissed.status_text, 'Dismissed');
  assert.match((await api.post(`/chats/${id}/message`, { message: { type: 'text', content: 'back' } })).body.message, /resume it first/);
  const resumed = await api.patch(`/chats/${id}/resume`);
  assert.equal(resumed.status, 200);
  assert.equal(resumed.body.status, 'queued');
  await chatUntil(api, id, 'in_progress');
  const finished = await api.patch(`/chats/${id}`, { finished_by_user_id: 5, chat: { status: 'finished' } });
  assert.equal(finished.body.status, 'finished');
  assert.deepEqual((await api.patch(`/chats/${id}/resume`)).body, { message: 'This chat is not in dismissed state' });
  assert.deepEqual((await api.patch(`/chats/${id}`, { chat: { status: 'finished' } })).body, { message: 'Chat is already ended' });
  assert.equal((await api.patch(`/chats/${id}`, { chat: { status: 'bogus' } })).status, 400);
});

test('a resumed chat after hours gets the after-hours message', async () => {
  const web = menuId(globex, 'Web Callback');
  const id = (await other.post('/chats', { chat: { menu_id: web } })).body.id;
  await chatUntil(other, id, 'dismissed');
  await globex.db.updateTable('cc_menus').set({ hours: JSON.stringify({ timezone: 'UTC', days: {} }) }).where('tenant_id', '=', globex.tenantId).where('id', '=', String(web)).execute();
  assert.deepEqual((await other.patch(`/chats/${id}/resume`)).body, { message: "Menu is in 'after hours' state, can't accept chats" });
  assert.equal((await other.get(`/chats/${id}`)).body.status, 'dismissed');
});

test('a virtual agent chat answers the end user, escalates to a human, or offers deflection when no agent is online', async () => {
  const created = await client.post('/chats', { chat: { menu_id: webChat, context: { virtual_agent: true } } });
  assert.equal(created.body.status, 'va_assigned');
  assert.deepEqual(created.body.virtual_agent, { id: 0, name: 'Virtual Agent' });
  const id = created.body.id;
  await client.post(`/chats/${id}/message`, { message: { type: 'text', content: 'I need a person' } });
  await eventually(async () => (await client.get(`/chats/${id}/messages`)).body.some((m: any) => m.sender === 'virtual_agent'), 'the virtual agent answers');
  const escalation = await client.post(`/chats/${id}/escalations`, { reason: 'asked for a human', force_escalate: false });
  assert.equal(escalation.status, 201);
  assert.equal(escalation.body.status, 'queued');
  const human = await chatUntil(client, id, 'in_progress');
  assert.deepEqual(human.all_virtual_agents, [{ id: 0, name: 'Virtual Agent' }]);
  assert.equal(human.virtual_agent, null);
  assert.deepEqual((await client.post(`/chats/${id}/escalations`, {})).body, { message: 'Only a chat with a virtual agent (status va_assigned) can be escalated' });
  await client.patch(`/chats/${id}`, { chat: { status: 'finished' } });

  await globex.db.updateTable('cc_agents').set({ online: false }).where('tenant_id', '=', globex.tenantId).execute();
  const lonely = (await other.post('/chats', { chat: { menu_id: menuId(globex, 'App Support'), context: { virtual_agent: true } } })).body.id;
  const offered = (await other.post(`/chats/${lonely}/escalations`, { reason: 'human please' })).body;
  assert.equal(offered.status, 'deflection_offered');
  assert.equal((await other.patch(`/chats/${lonely}/escalations/${offered.id}`, { deflection_channel: 'carrier pigeon' })).status, 400);
  const deflected = await other.patch(`/chats/${lonely}/escalations/${offered.id}`, { deflection_channel: 'scheduled_call' });
  assert.equal(deflected.body.status, 'deflected');
  const chat = (await other.get(`/chats/${lonely}`)).body;
  assert.equal(chat.status, 'deflected');
  assert.equal(chat.deflection_channel, 'scheduled_call');
  assert.deepEqual((await other.patch(`/chats/${lonely}/escalations/${offered.id}`, { deflection_channel: 'email' })).body, { message: 'This escalation is not waiting for a deflection channel' });
  await globex.db.updateTable('cc_agents').set({ online: true }).where('tenant_id', '=', globex.tenantId).execute();
});

test('routing honours max_chat_limit: a full agent takes no more chats until one ends', async () => {
  const shop = await demoTenant(database.db, 'Shop');
  await simulate(shop, { chatTurns: [50, 50] });
  const api = AppsApiClient.of(server, shop);
  const [only] = shop.demo.agents;
  await shop.db.updateTable('cc_agents').set({ online: false }).where('tenant_id', '=', shop.tenantId).where('id', '!=', String(only!.id)).execute();
  await shop.db.updateTable('cc_agents').set({ max_chat_limit: 2, max_chat_limit_enabled: true, status: 'Available' }).where('tenant_id', '=', shop.tenantId).where('id', '=', String(only!.id)).execute();
  const ids: number[] = [];
  for (let i = 0; i < 3; i++) ids.push((await api.post('/chats', { chat: { menu_id: menuId(shop, 'Web Chat') } })).body.id);
  await eventually(async () => (await api.get('/chats?status=in_progress')).body.length === 2, 'two chats with the agent');
  const waiting = (await api.get('/chats?status=queued')).body;
  assert.equal(waiting.length, 1, 'the third waits: the agent is at the limit');
  const agent = await shop.db.selectFrom('cc_agents').select('active_chats').where('tenant_id', '=', shop.tenantId).where('id', '=', String(only!.id)).executeTakeFirstOrThrow();
  assert.equal(agent.active_chats, 2);
  const first = ids.find((id) => id !== waiting[0].id)!;
  await api.patch(`/chats/${first}`, { chat: { status: 'finished' } });
  const third = await chatUntil(api, waiting[0].id, 'in_progress');
  assert.equal(third.agent.id, only!.id);
});

test('the list pages chats updated since a time, by status; bad queries are 400', async () => {
  const since = new Date().toISOString();
  const id = (await client.post('/chats', { chat: { menu_id: webChat } })).body.id;
  const listed = (await client.get(`/chats?updated_since=${encodeURIComponent(since)}&per=100`)).body;
  assert.deepEqual(listed.map((c: any) => c.id), [id]);
  assert.equal((await client.get('/chats?per=1&page=1')).body.length, 1);
  for (const query of ['updated_since=yesterday', 'status=lost', 'per=0', 'per=101', 'page=-1']) {
    const response = await client.get(`/chats?${query}`);
    assert.equal(response.status, 400, query);
  }
  await client.patch(`/chats/${id}`, { chat: { status: 'finished' } });
});

test('hostile message, escalation and update bodies are 4xx in the Apps API body and write nothing', async () => {
  const id = (await client.post('/chats', { chat: { menu_id: webChat } })).body.id;
  const fromEndUser = async () => (await client.get(`/chats/${id}/messages`)).body.filter((m: any) => m.sender !== 'agent').length;
  const before = await fromEndUser();
  const cases: [string, string, unknown][] = [
    ['POST', `/chats/${id}/message`, {}],
    ['POST', `/chats/${id}/message`, { message: 'hi' }],
    ['POST', `/chats/${id}/message`, { message: { type: 'text', content: '' } }],
    ['POST', `/chats/${id}/message`, { message: { type: 'text', content: 'x'.repeat(10_001) } }],
    ['POST', `/chats/${id}/message`, { message: { type: 'sticker', content: 'x' } }],
    ['POST', `/chats/${id}/message`, { message: { type: 'photo' } }],
    ['POST', `/chats/${id}/message`, { message: { type: 'photo', media_id: 123456 } }],
    ['POST', `/chats/${id}/message`, { from_user_id: 'robert; drop table', message: { type: 'text', content: 'x' } }],
    ['POST', `/chats/${id}/message`, { from_user_id: 987654, message: { type: 'text', content: 'x' } }],
    ['POST', `/chats/${id}/message`, [1, 2]],
    ['POST', `/chats/${id}/escalations`, { force_escalate: 'maybe' }],
    ['POST', `/chats/${id}/escalations`, { reason: 'x'.repeat(1001) }],
    ['PATCH', `/chats/${id}`, { chat: 'finished' }],
    ['PATCH', `/chats/${id}`, { chat: { status: 'deflected' } }],
    ['PATCH', `/chats/${id}`, { finished_by_user_id: -1, chat: { status: 'finished' } }],
    ['PATCH', `/chats/${id}`, { chat: { status: 'finished', escalation_id: 999999 } }],
    ['PATCH', `/chats/${id}/escalations/999999`, { deflection_channel: 'email' }],
    ['GET', `/chats/${id}/messages?per=5000`, undefined],
    ['GET', `/chats/99999999999999999999/messages`, undefined],
  ];
  for (const [method, path, body] of cases) {
    const response = await client.request(method, path, body);
    assert.ok(response.status >= 400 && response.status < 500, `${method} ${path} ${JSON.stringify(body)?.slice(0, 60)}: ${response.status}`);
    assert.deepEqual(Object.keys(response.body), ['message']);
  }
  assert.equal(await fromEndUser(), before, "the agent's greeting may arrive; nothing else does");
  assert.notEqual((await client.get(`/chats/${id}`)).body.status, 'finished');
  await client.patch(`/chats/${id}`, { chat: { status: 'finished' } });
});

test('what the end user writes before an agent joins is answered after the greeting', async () => {
  const id = (await client.post('/chats', { chat: { menu_id: webChat, transcript: [{ sender: 'end_user', timestamp: '2026-12-03T07:00:00Z', content: [{ type: 'text', text: 'Anyone there?' }] }] } })).body.id;
  await eventually(async () => (await client.get(`/chats/${id}/messages`)).body.filter((m: any) => m.sender === 'agent').length === 2, 'a greeting and an answer');
  await client.patch(`/chats/${id}`, { chat: { status: 'finished' } });
});

test('NUL characters and dates PostgreSQL cannot store are 400, not 500', async () => {
  const id = (await client.post('/chats', { chat: { menu_id: webChat } })).body.id;
  const cases: [string, string, unknown][] = [
    ['POST', '/chats', { chat: { menu_id: webChat, email: 'a\u0000b' } }],
    ['POST', '/chats', { chat: { menu_id: webChat, context: { ['k\u0000']: 1 } } }],
    ['POST', '/chats', { chat: { menu_id: webChat, transcript: [{ sender: 'end_user', timestamp: '-271821-04-20T00:00:00Z', content: [{ type: 'text', text: 'x' }] }] } }],
    ['POST', `/chats/${id}/message`, { message: { type: 'text', content: 'x\u0000' } }],
    ['POST', `/chats/${id}/photos`, { photo: [{ s3_path: 'a\u0000' }] }],
    ['POST', `/chats/${id}/end_user`, { identifier: 'x\u0000' }],
    ['POST', '/sms', { chat_type: 'SMS', end_user_number: '+14155550100', outbound_number: '+16285550199', message: 'x\u0000' }],
    ['GET', '/chats?updated_since=-271821-04-20T00:00:00Z', undefined],
    ['GET', '/chats?status=%00', undefined],
  ];
  for (const [method, path, body] of cases) {
    const response = await client.request(method, path, body);
    assert.equal(response.status, 400, `${method} ${path} ${JSON.stringify(body)}`);
    assert.deepEqual(Object.keys(response.body), ['message']);
  }
  await client.patch(`/chats/${id}`, { chat: { status: 'finished' } });
});
