import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unzipSync, zipSync } from 'fflate';
import { AppsApiClient, twoCenters, type DemoTenant } from '../../test-support/contact-center.ts';
import { snapshotSettings } from './settings-snapshot.ts';

const { server, acme, globex, client } = await twoCenters();
const other = AppsApiClient.of(server, globex);
const admin = acme.demo.agents[0]!.email;
const [phone, support] = [acme.demo.menus.find((m) => m.name === 'Phone')!, acme.demo.menus.find((m) => m.name === 'Support')!];

/** What the center's settings are, with media bytes, without the export's timestamp. */
async function state(tenant: DemoTenant = acme) {
  const { document, media } = await snapshotSettings(tenant.db, tenant.tenantId, { audio: true, attached: true });
  return { ...document, exported_at: undefined, includes: undefined, media: Object.fromEntries([...media].map(([path, bytes]) => [path, bytes.toString('base64')])) };
}

function upload(file: Uint8Array | string, name = 'import.json', email: string | null = admin): FormData {
  const form = new FormData();
  form.append('file', new Blob([typeof file === 'string' ? file : Buffer.from(file)]), name);
  if (email !== null) form.append('email', email);
  return form;
}

const versions = async (tenant: DemoTenant = acme) =>
  Number((await tenant.db.selectFrom('cc_queue_setting_versions').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenant.tenantId).executeTakeFirstOrThrow()).n);

await acme.db.insertInto('cc_menu_agents').values({ tenant_id: acme.tenantId, menu_id: String(support.id), agent_id: String(acme.demo.agents[1]!.id) }).execute();
const team = await acme.db.selectFrom('cc_teams').select('id').where('tenant_id', '=', acme.tenantId).where('name', '=', 'Support').executeTakeFirstOrThrow();
await acme.db.insertInto('cc_menu_teams').values({ tenant_id: acme.tenantId, menu_id: String(support.id), team_id: team.id }).execute();
await acme.db.insertInto('cc_chat_shortcuts').values([{ tenant_id: acme.tenantId, menu_id: String(support.id), title: 'Greeting', text: 'Hi, how can I help?' }, { tenant_id: acme.tenantId, menu_id: null, title: 'Bye', text: 'Thanks!' }]).execute();
await acme.db.insertInto('cc_menu_files').values([
  { tenant_id: acme.tenantId, menu_id: String(support.id), kind: 'audio', name: 'greeting.mp3', content_type: 'audio/mpeg', bytes: Buffer.from('ID3 fake mp3 bytes') },
  { tenant_id: acme.tenantId, menu_id: String(support.id), kind: 'attachment', name: 'returns policy.pdf', content_type: 'application/pdf', bytes: Buffer.from('%PDF-1.7 fake') },
]).execute();
const vip = (await client.post('/contact_lists', { name: 'VIP' })).body;
await client.post(`/contact_lists/${vip.id}/contacts`, { name: 'Ada', phone_number: '+14155550100', email: 'ada@example.org' });

test('export as JSON: an attachment download of the settings, recorded as a version', async () => {
  const response = await client.get('/queue_settings/export?export_audio_files=false&export_attached_files=false');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type')!, /^application\/json/);
  assert.match(response.headers.get('content-disposition')!, /^attachment; filename="queue_settings_[0-9a-f-]{36}\.json"$/);
  const document = response.body;
  assert.equal(document.format, 'commontime.queue_settings');
  assert.deepEqual(document.includes, { audio_files: false, attached_files: false });
  const menu = document.menus.find((m: any) => m.id === support.id);
  assert.deepEqual([menu.parent_id, menu.agent_assignments, menu.team_assignments], [phone.id, [acme.demo.agents[1]!.email], ['Support']]);
  assert.deepEqual(menu.audio_files, [{ name: 'greeting.mp3', content_type: 'audio/mpeg', size: 18 }]);
  assert.deepEqual(document.contact_lists.map((l: any) => [l.name, l.type, l.contacts.length]), [['Global', 'global', 1], ['VIP', 'custom', 1]]);
  assert.equal(document.chat_shortcuts.length, 4);
  const id = response.headers.get('x-version-history-id');
  const item = await client.get(`/queue_settings/version_histories/${id}`);
  assert.equal(item.status, 200);
  assert.equal(item.body.kind, 'export');
  assert.equal(item.body.revision, response.headers.get('x-revision'));
  assert.equal(item.body.size, Buffer.byteLength(JSON.stringify(document, null, 2)));
  const download = await client.get(`/queue_settings/version_histories/${id}/download`);
  assert.deepEqual(download.body, document);
});

test('round trip: export, change, import gives the original state; menu ids are kept', async () => {
  const before = await state();
  const exported = (await client.get('/queue_settings/export?export_audio_files=false&export_attached_files=false')).body;
  await acme.db.updateTable('cc_menus').set({ name: 'Renamed', hours: JSON.stringify({ timezone: 'Europe/Paris', days: { mon: [['09:00', '17:00']] } }) }).where('id', '=', String(support.id)).execute();
  await acme.db.updateTable('cc_menus').set({ deleted: true }).where('id', '=', String(phone.id)).execute();
  await acme.db.deleteFrom('cc_menu_agents').where('tenant_id', '=', acme.tenantId).execute();
  await acme.db.deleteFrom('cc_chat_shortcuts').where('tenant_id', '=', acme.tenantId).execute();
  await client.delete(`/contact_lists/${vip.id}`);
  const extra = (await client.post('/contact_lists', { name: 'Temporary' })).body;
  assert.notDeepEqual(await state(), before);
  const response = await client.post('/queue_settings/import', upload(JSON.stringify(exported)));
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.version_history.kind, 'import');
  assert.equal(response.body.version_history.email, admin);
  assert.equal(response.body.auto_saved.kind, 'auto_saved');
  assert.deepEqual(response.body.imported.menus, { created: 0, updated: acme.demo.menus.length, deleted: 0 });
  assert.deepEqual([response.body.imported.audio_files, response.body.imported.attached_files], ['kept', 'kept']);
  assert.deepEqual(await state(), before);
  assert.equal((await client.get(`/contact_lists/${extra.id}`)).status, 404);
  const menu = await acme.db.selectFrom('cc_menus').select(['name', 'deleted']).where('id', '=', String(support.id)).executeTakeFirstOrThrow();
  assert.deepEqual(menu, { name: 'Support', deleted: false });
});

test('restore: by id, by revision, or the last saved version (the auto-save before an import)', async () => {
  const original = await state();
  const saved = (await client.post('/queue_settings/auto_save', { export_audio_files: false, export_attached_files: true })).body;
  assert.equal(saved.kind, 'auto_saved');
  assert.equal(saved.content_type, 'application/zip');
  const changed = (await client.get('/queue_settings/export?export_audio_files=false&export_attached_files=false')).body;
  changed.menus = changed.menus.filter((m: any) => m.id !== support.id);
  changed.menus.push({ ...changed.menus[0], id: 999_999_999, parent_id: null, name: 'New queue', agent_assignments: [], team_assignments: [], audio_files: [], attached_files: [] });
  changed.chat_shortcuts = changed.chat_shortcuts.filter((s: any) => s.menu_id !== support.id);
  const imported = await client.post('/queue_settings/import', upload(JSON.stringify(changed)));
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  assert.deepEqual(imported.body.imported.menus, { created: 1, updated: acme.demo.menus.length - 1, deleted: 1 });
  assert.equal((await acme.db.selectFrom('cc_menus').select('deleted').where('id', '=', String(support.id)).executeTakeFirstOrThrow()).deleted, true);

  const undo = await client.post('/queue_settings/restore', { email: admin });
  assert.equal(undo.status, 200, JSON.stringify(undo.body));
  assert.equal(undo.body.restored_from.id, imported.body.auto_saved.id);
  assert.equal(undo.body.version_history.kind, 'restore');
  const restored = await state();
  assert.deepEqual(restored.menus.filter((m: any) => m.name !== 'New queue'), original.menus);
  assert.deepEqual({ ...restored, menus: undefined }, { ...original, menus: undefined });

  const byRevision = await client.post('/queue_settings/restore', { email: admin, revision: saved.revision });
  assert.equal(byRevision.body.restored_from.id, saved.id);
  assert.deepEqual(await state(), original, 'the auto-save had no audio: the audio in place was kept');
  const byId = await client.post('/queue_settings/restore', { email: admin, id: String(imported.body.version_history.id) });
  assert.equal(byId.status, 200);
  assert.equal((await state()).menus.some((m: any) => m.name === 'New queue'), true);
  assert.equal((await client.post('/queue_settings/restore', { email: admin, id: saved.id, revision: imported.body.version_history.revision })).status, 400);
  assert.equal((await client.post('/queue_settings/restore', { email: admin, id: saved.id })).status, 200);
});

test('ZIP export with audio files; a ZIP import puts them back and leaves the other kind as it is', async () => {
  const response = await client.request('GET', '/queue_settings/export?export_audio_files=true&export_attached_files=false');
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/zip');
  assert.match(response.headers.get('content-disposition')!, /\.zip"$/);
  const id = response.headers.get('x-version-history-id');
  const zip = Buffer.from((await (await fetch(`${server.url}/apps/api/v1/queue_settings/version_histories/${id}/download`, { headers: { authorization: `Basic ${Buffer.from(`${acme.subdomain}:${acme.token}`).toString('base64')}` } })).arrayBuffer()));
  const entries = unzipSync(zip);
  assert.deepEqual(Object.keys(entries).sort(), ['audio/' + support.id + '/greeting.mp3', 'settings.json']);
  assert.equal(Buffer.from(entries[`audio/${support.id}/greeting.mp3`]!).toString(), 'ID3 fake mp3 bytes');
  const before = await state();
  await acme.db.deleteFrom('cc_menu_files').where('tenant_id', '=', acme.tenantId).where('kind', '=', 'audio').execute();
  await acme.db.updateTable('cc_menu_files').set({ bytes: Buffer.from('changed attachment') }).where('tenant_id', '=', acme.tenantId).execute();
  const imported = await client.post('/queue_settings/import', upload(zip, 'settings.zip'));
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  assert.deepEqual([imported.body.imported.audio_files, imported.body.imported.attached_files], [1, 'kept']);
  const after = await state();
  assert.equal(after.media[`audio/${support.id}/greeting.mp3`], before.media[`audio/${support.id}/greeting.mp3`]);
  assert.equal(Buffer.from(after.media[`attachments/${support.id}/returns policy.pdf`]!, 'base64').toString(), 'changed attachment');
});

test('bad files are 400s that write nothing', async () => {
  const good = (await client.get('/queue_settings/export?export_audio_files=false&export_attached_files=false')).body;
  const json = (change: (doc: any) => void) => {
    const doc = structuredClone(good);
    change(doc);
    return JSON.stringify(doc);
  };
  const settings = Buffer.from(JSON.stringify({ ...good, includes: { audio_files: true, attached_files: false } }));
  const valid = zipSync({ 'settings.json': settings });
  const cases: [FormData, RegExp][] = [
    [upload('not json at all'), /^The file is neither a ZIP nor a JSON settings document/],
    [upload('{"format": "commontime.queue_settings", "menus": ['), /^The file is neither a ZIP nor a JSON settings document/],
    [upload(JSON.stringify({ hello: 'world' })), /^The settings document is invalid: /],
    [upload(json((d) => (d.menus[0].menu_type = 'fax_menu'))), /^The settings document is invalid: menus\[0\]\.menu_type: /],
    [upload(json((d) => (d.menus[1].parent_id = d.menus[1].id))), /cycle/],
    [upload(json((d) => (d.menus[0].parent_id = 123456789))), /no menu 123456789 in the document/],
    [upload(json((d) => d.menus[1].agent_assignments.push('stranger@example.org'))), /no active agent with email "stranger@example.org"/],
    [upload(json((d) => d.menus[1].team_assignments.push('Nobody'))), /no team named "Nobody"/],
    [upload(json((d) => (d.contact_lists[1].contacts[0] = { name: 'X', phone_number: '415', email: null }))), /contact_lists\[1\]\.contacts\[0\]\.phone_number/],
    [upload(json((d) => (d.menus[0].hours = { timezone: 'Mars/Olympus', days: {} }))), /timezone/],
    [upload(json((d) => d.contact_lists.push({ name: 'Other global', type: 'global', contacts: [] }))), /at most one global list/],
    [upload(json((d) => d.contact_lists.push({ name: 'GLOBAL', type: 'custom', contacts: [] }))), /contact_lists\[2\]\.name: GLOBAL appears twice/],
    [upload(json((d) => (d.menus[0].name = 'Evil\u0000name'))), /menus\[0\]\.name: control characters/],
    [upload(json((d) => (d.menus[0].surprise = true))), /menus\[0\]: Unrecognized key/],
    [upload(valid.subarray(0, valid.length - 10), 'x.zip'), /^The ZIP file is invalid: .*truncated/],
    [upload(zipSync({ 'settings.json': settings, '../../etc/cron.d/evil': Buffer.from('x') }), 'x.zip'), /^The ZIP file is invalid: entry name not allowed: "\.\.\/\.\.\/etc\/cron\.d\/evil"/],
    [upload(zipSync({ 'settings.json': settings, [`audio/${support.id}/..`]: Buffer.from('x') }), 'x.zip'), /entry name not allowed/],
    [upload(zipSync({ 'settings.json': settings, [`audio/${support.id}/huge.mp3`]: new Uint8Array(6 * 1024 * 1024) }), 'x.zip'), /^The ZIP file is over its limits: entry "audio\/\d+\/huge\.mp3" inflates past/],
    [upload(zipSync({ 'settings.json': settings }), 'x.zip'), /audio\/\d+\/greeting\.mp3 is not in the ZIP/],
    [upload(zipSync({ 'other.json': settings }), 'x.zip'), /entry name not allowed/],
    [upload('{}', 'x.json', null), /^param is missing or the value is empty: email$/],
    [upload(JSON.stringify(good), 'x.json', 'nobody@example.org'), /^email "nobody@example.org" is not a user of this contact center$/],
    [upload(JSON.stringify(good), 'x.json', globex.demo.agents[0]!.email), /is not a user of this contact center/],
  ];
  const before = await state();
  const count = await versions();
  for (const [form, message] of cases) {
    const response = await client.request('POST', '/queue_settings/import', form);
    assert.equal(response.status, 400, `${message}: ${JSON.stringify(response.body)}`);
    assert.deepEqual(Object.keys(response.body), ['message']);
    assert.match(response.body.message, message);
  }
  const noFile = new FormData();
  noFile.append('email', admin);
  assert.deepEqual((await client.request('POST', '/queue_settings/import', noFile)).body, { message: 'param is missing or the value is empty: file' });
  assert.equal((await client.post('/queue_settings/import', { email: admin })).status, 400);
  const tooBig = await client.request('POST', '/queue_settings/import', upload(new Uint8Array(21 * 1024 * 1024)));
  assert.equal(tooBig.status, 413);
  assert.deepEqual(tooBig.body, { message: 'The file is larger than the limit of 20971520 bytes' });
  assert.deepEqual(await state(), before);
  assert.equal(await versions(), count);
});

test('flags and bodies are checked; version histories are paged newest first', async () => {
  assert.deepEqual((await client.get('/queue_settings/export?export_audio_files=false')).body, { message: 'param is missing or the value is empty: export_attached_files' });
  assert.deepEqual((await client.get('/queue_settings/export?export_audio_files=yes&export_attached_files=false')).body, { message: 'export_audio_files must be true or false' });
  assert.equal((await client.post('/queue_settings/auto_save', { export_audio_files: 1, export_attached_files: false })).status, 400);
  assert.equal((await client.post('/queue_settings/auto_save', [])).status, 400);
  assert.deepEqual((await client.post('/queue_settings/restore', {})).body, { message: 'param is missing or the value is empty: email' });
  assert.equal((await client.post('/queue_settings/restore', { email: admin, id: 'abc' })).status, 400);
  assert.equal((await client.post('/queue_settings/restore', { email: admin, revision: 'not-a-uuid' })).status, 404);
  const page = await client.get('/queue_settings/version_histories?per_page=2');
  assert.equal(page.status, 200);
  assert.equal(page.body.length, 2);
  assert.ok(page.body[0].id > page.body[1].id);
  assert.equal(page.headers.get('total'), String(await versions()));
  assert.deepEqual(Object.keys(page.body[0]).sort(), ['attached_files', 'audio_files', 'content_type', 'created_at', 'email', 'export_attached_files', 'export_audio_files', 'file_name', 'id', 'kind', 'menus', 'revision', 'settings_size', 'size']);
  assert.equal((await client.get('/queue_settings/version_histories?per_page=101')).status, 400);
  assert.deepEqual((await other.post('/queue_settings/restore', { email: globex.demo.agents[0]!.email })).body, { message: 'There is no saved version to restore yet' });
});

test("another center's versions are Not Found", async () => {
  const [item] = (await client.get('/queue_settings/version_histories?per_page=1')).body;
  for (const response of [
    await other.get(`/queue_settings/version_histories/${item.id}`),
    await other.get(`/queue_settings/version_histories/${item.id}/download`),
    await other.post('/queue_settings/restore', { email: globex.demo.agents[0]!.email, id: item.id }),
    await other.post('/queue_settings/restore', { email: globex.demo.agents[0]!.email, revision: item.revision }),
    await client.get('/queue_settings/version_histories/0'),
  ]) {
    assert.equal(response.status, 404);
    assert.deepEqual(response.body, { message: 'Not Found' });
  }
  assert.equal(await versions(globex), 0);
});

test("another center's export imports as new menus, named by this center's agents", async () => {
  const exported = (await client.get('/queue_settings/export?export_audio_files=false&export_attached_files=false')).body;
  for (const menu of exported.menus) menu.agent_assignments = [];
  const response = await other.post('/queue_settings/import', upload(JSON.stringify(exported), 'acme.json', globex.demo.agents[0]!.email));
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.imported.menus.created, exported.menus.length);
  assert.equal(response.body.imported.menus.deleted, globex.demo.menus.length);
  const acmeLive = await acme.db.selectFrom('cc_menus').select('id').where('tenant_id', '=', acme.tenantId).where('deleted', '=', false).execute();
  assert.deepEqual(acmeLive.map((m) => Number(m.id)).sort(), exported.menus.map((m: any) => m.id).sort(), "Acme's menus are untouched");
  assert.deepEqual((await state(globex)).menus.map((m: any) => m.name).sort(), exported.menus.map((m: any) => m.name).sort());
});

test('concurrent exports, auto-saves and imports all succeed, one after another', async () => {
  const exported = (await client.get('/queue_settings/export?export_audio_files=false&export_attached_files=false')).body;
  const count = await versions();
  const responses = await Promise.all([
    client.get('/queue_settings/export?export_audio_files=true&export_attached_files=true'),
    client.post('/queue_settings/import', upload(JSON.stringify(exported))),
    client.post('/queue_settings/auto_save', { export_audio_files: false, export_attached_files: false }),
    client.post('/queue_settings/import', upload(JSON.stringify(exported))),
    client.get('/queue_settings/export?export_audio_files=false&export_attached_files=false'),
    client.post(`/contact_lists`, { name: 'Raced' }),
  ]);
  assert.deepEqual(responses.map((r) => r.status), [200, 200, 200, 200, 200, 200]);
  // Two imports add an auto-save and an import each; the rest one item each (the contact list none).
  assert.equal(await versions(), Math.min(count + 7, 50));
});
