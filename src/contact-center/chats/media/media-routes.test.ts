import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppsApiClient, twoCenters } from '../../../test-support/contact-center.ts';
import { MEDIA_LIMITS } from './media-routes.ts';

const { server, acme, globex, client } = await twoCenters();
const other = AppsApiClient.of(server, globex);

const webChat = (tenant: typeof acme) => tenant.demo.menus.find((menu) => menu.name === 'Web Chat')!.id;
const newChat = async (api = client, tenant = acme) => (await api.post('/chats', { chat: { menu_id: webChat(tenant) } })).body.id as number;

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** What a browser or SDK does with a presigned POST: the slot's fields, then the file. */
async function upload(slot: { url: string; fields: Record<string, string> }, file: Blob, fields: Record<string, string> = slot.fields) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, 'picture');
  const response = await fetch(slot.url, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as any };
}

test('a photo is uploaded to its presigned slot, attached by s3_path, listed, served, and sent as a message', async () => {
  const chat = await newChat();
  const slot = (await client.post(`/chats/${chat}/photos/upload`)).body;
  assert.equal(slot.url, `${server.url}/media/uploads`);
  assert.deepEqual(Object.keys(slot.fields), ['key', 'policy', 'signature']);
  assert.equal(slot.s3_path, slot.fields.key);
  assert.equal(slot.max_bytes, 10 * 1024 * 1024);
  const uploaded = await upload(slot, new Blob([PNG], { type: 'image/png' }));
  assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
  assert.deepEqual(uploaded.body, { key: slot.fields.key, size: PNG.length, content_type: 'image/png' });

  const attached = await client.post(`/chats/${chat}/photos`, { photo: [{ s3_path: slot.s3_path, photo_type: 'screenshot' }] });
  assert.equal(attached.status, 200, JSON.stringify(attached.body));
  const [photo] = attached.body;
  assert.equal(photo.photo_type, 'screenshot');
  assert.equal(photo.url, `${server.url}/apps/api/v1/chats/${chat}/media/${photo.media_id}`);
  assert.deepEqual((await client.get(`/chats/${chat}/photos`)).body, attached.body);

  const file = await fetch(photo.url, { headers: { authorization: `Basic ${Buffer.from(`${acme.subdomain}:${acme.token}`).toString('base64')}` } });
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'image/png');
  assert.equal(file.headers.get('x-content-type-options'), 'nosniff');
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), PNG);

  const message = await client.post(`/chats/${chat}/message`, { message: { type: 'photo', media_id: photo.media_id } });
  assert.equal(message.status, 201);
  assert.equal(message.body.media_id, photo.media_id);
  assert.equal((await client.post(`/chats/${chat}/message`, { message: { type: 'video', media_id: photo.media_id } })).status, 400);
  assert.equal((await other.get(`/chats/${chat}/media/${photo.media_id}`)).status, 404);
  assert.equal((await upload(slot, new Blob([PNG], { type: 'image/png' }))).status, 409, 'a key takes one upload');
});

test('a video slot takes one object and answers one; wrong kinds and types are refused', async () => {
  const chat = await newChat();
  const slot = (await client.get(`/chats/${chat}/videos/upload`)).body;
  assert.equal(slot.max_bytes, 50 * 1024 * 1024);
  assert.equal((await upload(slot, new Blob(['not a video'], { type: 'text/plain' }))).status, 400);
  assert.equal((await upload(slot, new Blob(['<svg onload=alert(1)>'], { type: 'image/svg+xml' }))).status, 400);
  assert.equal((await client.post(`/chats/${chat}/photos`, { photo: [{ s3_path: slot.s3_path }] })).body.message.includes('upload slot for a video'), true);
  assert.equal((await client.post(`/chats/${chat}/videos`, { video: { s3_path: slot.s3_path } })).body.message, `s3_path ${JSON.stringify(slot.s3_path)} has not been uploaded, or its upload slot expired`);
  assert.equal((await upload(slot, new Blob([Buffer.alloc(2048, 1)], { type: 'video/mp4' }))).status, 201);
  const attached = await client.post(`/chats/${chat}/videos`, { video: { s3_path: slot.s3_path } });
  assert.equal(attached.status, 200);
  assert.equal(attached.body.size, 2048);
  assert.equal(typeof attached.body.media_id, 'number');
  assert.equal((await client.get(`/chats/${chat}/videos`)).body.length, 1);
});

test('forged, tampered and expired policies are refused, and nothing is stored', async () => {
  const chat = await newChat();
  const slot = (await client.post(`/chats/${chat}/photos/upload`)).body;
  const png = new Blob([PNG], { type: 'image/png' });
  const decoded = JSON.parse(Buffer.from(slot.fields.policy, 'base64url').toString());
  const stretched = Buffer.from(JSON.stringify({ ...decoded, max: 10 ** 9 })).toString('base64url');
  for (const fields of [
    { ...slot.fields, signature: 'A'.repeat(43) },
    { ...slot.fields, policy: stretched },
    { ...slot.fields, key: `${slot.fields.key}x` },
    { key: slot.fields.key },
  ]) {
    const refused = await upload(slot, png, fields);
    assert.ok([400, 403].includes(refused.status), `${JSON.stringify(fields).slice(0, 80)}: ${refused.status}`);
    assert.deepEqual(Object.keys(refused.body), ['message']);
  }
  await acme.db.updateTable('cc_chat_media').set({ upload_expires_at: new Date(Date.now() - 1000) }).where('tenant_id', '=', acme.tenantId).where('key', '=', slot.fields.key).execute();
  assert.deepEqual(await upload(slot, png), { status: 403, body: { message: 'The upload policy has expired; ask for a new upload URL' } });
  const row = await acme.db.selectFrom('cc_chat_media').select('bytes').where('tenant_id', '=', acme.tenantId).where('key', '=', slot.fields.key).executeTakeFirst();
  assert.equal(row?.bytes ?? null, null);
  const notForm = await fetch(slot.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(notForm.status, 415);
});

test('a file over the slot size is a 413 and is not stored', async () => {
  const chat = await newChat();
  const slot = (await client.post(`/chats/${chat}/photos/upload`)).body;
  const big = await upload(slot, new Blob([Buffer.alloc(10 * 1024 * 1024 + 1)], { type: 'image/jpeg' }));
  assert.equal(big.status, 413);
  assert.equal(big.body.message, `The file is larger than the ${10 * 1024 * 1024} bytes this upload allows`);
  const row = await acme.db.selectFrom('cc_chat_media').select('bytes').where('tenant_id', '=', acme.tenantId).where('key', '=', slot.fields.key).executeTakeFirstOrThrow();
  assert.equal(row.bytes, null);
});

test("another center's key or another chat's key does not attach; malformed attach bodies are 400", async () => {
  const mine = await newChat();
  const second = await newChat();
  const theirs = await newChat(other, globex);
  const foreign = (await other.post(`/chats/${theirs}/photos/upload`)).body;
  await upload(foreign, new Blob([PNG], { type: 'image/png' }));
  assert.deepEqual((await client.post(`/chats/${mine}/photos`, { photo: [{ s3_path: foreign.s3_path }] })).body, { message: 'Not Found' });
  const sibling = (await client.post(`/chats/${second}/photos/upload`)).body;
  await upload(sibling, new Blob([PNG], { type: 'image/png' }));
  assert.equal((await client.post(`/chats/${mine}/photos`, { photo: [{ s3_path: sibling.s3_path }] })).status, 404);
  for (const body of [{}, { photo: [] }, { photo: 'x' }, { photo: [{}] }, { photo: Array.from({ length: 11 }, () => ({ s3_path: 'k' })) }]) {
    assert.equal((await client.post(`/chats/${mine}/photos`, body)).status, 400, JSON.stringify(body));
  }
  assert.equal((await client.get(`/chats/${mine}/photos`)).body.length, 0);
});

test('upload slots waiting for files are bounded per center', async () => {
  const chat = await newChat(other, globex);
  const pending = await globex.db.selectFrom('cc_chat_media').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', globex.tenantId).where('bytes', 'is', null).executeTakeFirstOrThrow();
  for (let i = Number(pending.n); i < MEDIA_LIMITS.pendingSlots; i++) assert.equal((await other.post(`/chats/${chat}/photos/upload`)).status, 200);
  const refused = await other.post(`/chats/${chat}/photos/upload`);
  assert.equal(refused.status, 429);
  assert.match(refused.body.message, /upload slots waiting/);
  assert.equal((await client.post(`/chats/${await newChat()}/photos/upload`)).status, 200, 'another center is not affected');
});
