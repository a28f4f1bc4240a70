/**
 * A chat's photos and videos (seed 003: "Add a photo that has been uploaded
 * to media storage to a chat", "Retrieves media ID's and storage url's",
 * "Used for fetching a presigned upload URL"): upload slots, attaching an
 * uploaded key (`s3_path`) to the chat, listing, and the file itself at
 * `GET /chats/:chat_id/media/:media_id`. The upload goes to this service
 * (upload-route.ts), not to S3.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../../platform/http/service.ts';
import { ContactCenterErrors } from '../../cc-errors.ts';
import { ccDb, type CcDb } from '../../db/cc-database.ts';
import { centerOf } from '../../http/authenticate.ts';
import { objectBody, optionalString, pathId } from '../../http/inputs.ts';
import type { MediaKind } from '../chat-tables.ts';
import { ensureOpen, lockChat } from '../chats.ts';
import { MediaErrors } from './media-errors.ts';
import { MAX_BYTES, UPLOAD_TTL_SECONDS, encodePolicy, newKey, newSecret, signPolicy } from './upload-policy.ts';
import { UPLOAD_PATH } from './upload-route.ts';

/** Slots waiting for their file, per center; media per chat and per center. */
export const MEDIA_LIMITS = { pendingSlots: 50, perChat: 100, perCenter: 10_000 } as const;
const MAX_ATTACH_BATCH = 10;

type Params = { Params: { chat_id: string; media_id?: string } };

const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
const fileUrl = (request: FastifyRequest, chatId: string, mediaId: string) => `${origin(request)}/apps/api/v1/chats/${chatId}/media/${mediaId}`;

async function count(db: CcDb, tenantId: string, filter: (q: any) => any): Promise<number> {
  const row = await filter(db.selectFrom('cc_chat_media').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId)).executeTakeFirstOrThrow();
  return Number(row.n);
}

export const mediaRoutes: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);

  const uploadSlot = (kind: MediaKind) => async (request: FastifyRequest<Params>) => {
    const { tenantId } = centerOf(request);
    const chatId = pathId(request.params.chat_id);
    return db.transaction().execute(async (trx) => {
      const chat = await lockChat(trx, tenantId, chatId);
      ensureOpen(chat);
      // Serialises one center's slot requests, so the bounds below hold under concurrency (no key update:
      // inserts that reference the center are not held up).
      await trx.selectFrom('cc_centers').select('tenant_id').where('tenant_id', '=', tenantId).forNoKeyUpdate().execute();
      if ((await count(trx, tenantId, (q) => q.where('bytes', 'is', null).where('upload_expires_at', '>', new Date()))) >= MEDIA_LIMITS.pendingSlots) {
        throw MediaErrors.CC_MEDIA_SLOTS_EXHAUSTED([MEDIA_LIMITS.pendingSlots], { headers: { 'retry-after': '60' } });
      }
      // Expired slots that never got a file free their place.
      await trx.deleteFrom('cc_chat_media').where('tenant_id', '=', tenantId).where('bytes', 'is', null).where('upload_expires_at', '<=', new Date()).execute();
      if ((await count(trx, tenantId, (q) => q.where('chat_id', '=', chatId))) >= MEDIA_LIMITS.perChat) throw MediaErrors.CC_MEDIA_CHAT_FULL([MEDIA_LIMITS.perChat]);
      if ((await count(trx, tenantId, (q) => q)) >= MEDIA_LIMITS.perCenter) throw MediaErrors.CC_MEDIA_CENTER_FULL([MEDIA_LIMITS.perCenter]);
      const expiresAt = new Date(Date.now() + UPLOAD_TTL_SECONDS * 1000);
      const key = newKey(chatId, kind);
      const secret = newSecret();
      await trx.insertInto('cc_chat_media').values({ tenant_id: tenantId, chat_id: chatId, kind, key, upload_secret: secret, upload_expires_at: expiresAt }).execute();
      const policy = encodePolicy({ tenantId, key, kind, maxBytes: MAX_BYTES[kind], expires: Math.floor(expiresAt.getTime() / 1000) });
      return {
        url: `${origin(request)}${UPLOAD_PATH}`,
        fields: { key, policy, signature: signPolicy(policy, secret) },
        s3_path: key,
        expires_at: expiresAt.toISOString(),
        max_bytes: MAX_BYTES[kind],
        content_types: kind === 'photo' ? 'image/*' : 'video/*',
      };
    });
  };

  const view = (request: FastifyRequest, row: { id: string; chat_id: string; kind: MediaKind; key: string; photo_type: string | null; content_type: string | null; size: number | null }) => ({
    id: Number(row.id),
    media_id: Number(row.id),
    ...(row.kind === 'photo' ? { photo_type: row.photo_type ?? 'photo' } : {}),
    s3_path: row.key,
    content_type: row.content_type,
    size: row.size,
    url: fileUrl(request, row.chat_id, row.id),
  });

  const attach = async (request: FastifyRequest<Params>, kind: MediaKind, entries: readonly Record<string, unknown>[]) => {
    const { tenantId } = centerOf(request);
    const chatId = pathId(request.params.chat_id);
    return db.transaction().execute(async (trx) => {
      ensureOpen(await lockChat(trx, tenantId, chatId));
      const attached = [];
      for (const entry of entries) {
        const key = optionalString(entry, 's3_path', 300);
        if (!key) throw MediaErrors.CC_MEDIA_PATHS_INVALID([kind, MAX_ATTACH_BATCH]);
        const photoType = kind === 'photo' ? (optionalString(entry, 'photo_type', 50) ?? 'photo') : null;
        const row = await trx.selectFrom('cc_chat_media').selectAll().where('tenant_id', '=', tenantId).where('key', '=', key).forUpdate().executeTakeFirst();
        // Another center's key, or another chat's, is no key of this chat.
        if (!row || row.chat_id !== chatId) throw ContactCenterErrors.CC_NOT_FOUND();
        if (row.kind !== kind) throw MediaErrors.CC_MEDIA_WRONG_KIND([JSON.stringify(key), row.kind]);
        if (row.bytes === null) throw MediaErrors.CC_MEDIA_NOT_UPLOADED([JSON.stringify(key)]);
        const updated = await trx.updateTable('cc_chat_media').set({ attached_at: row.attached_at ?? new Date(), photo_type: photoType }).where('tenant_id', '=', tenantId).where('id', '=', row.id)
          .returning(['id', 'chat_id', 'kind', 'key', 'photo_type', 'content_type', 'size']).executeTakeFirstOrThrow();
        attached.push(view(request, updated));
      }
      await trx.updateTable('cc_chats').set({ updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', chatId).execute();
      return attached;
    });
  };

  const list = (kind: MediaKind) => async (request: FastifyRequest<Params>) => {
    const { tenantId } = centerOf(request);
    const chatId = pathId(request.params.chat_id);
    const chat = await db.selectFrom('cc_chats').select('id').where('tenant_id', '=', tenantId).where('id', '=', chatId).executeTakeFirst();
    if (!chat) throw ContactCenterErrors.CC_NOT_FOUND();
    const rows = await db.selectFrom('cc_chat_media').select(['id', 'chat_id', 'kind', 'key', 'photo_type', 'content_type', 'size'])
      .where('tenant_id', '=', tenantId).where('chat_id', '=', chatId).where('kind', '=', kind).where('attached_at', 'is not', null).orderBy('id').execute();
    return rows.map((row) => view(request, row));
  };

  const entriesOf = (value: unknown, kind: MediaKind): Record<string, unknown>[] => {
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0 || list.length > MAX_ATTACH_BATCH || !list.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e))) throw MediaErrors.CC_MEDIA_PATHS_INVALID([kind, MAX_ATTACH_BATCH]);
    return list as Record<string, unknown>[];
  };

  for (const kind of ['photo', 'video'] as const) {
    app.post(`/chats/:chat_id/${kind}s/upload`, uploadSlot(kind));
    app.get(`/chats/:chat_id/${kind}s/upload`, uploadSlot(kind));
    app.get(`/chats/:chat_id/${kind}s`, list(kind));
    app.post<Params>(`/chats/:chat_id/${kind}s`, { bodyLimit: 16 * 1024 }, async (request) => {
      const value = objectBody(request.body)[kind];
      const attached = await attach(request, kind, entriesOf(value, kind));
      // Seed 003 sends photos as a list and a video as one object: each gets back what it sent.
      return Array.isArray(value) ? attached : attached[0];
    });
  }

  app.get<Params>('/chats/:chat_id/media/:media_id', async (request, reply) => {
    const { tenantId } = centerOf(request);
    const row = await db.selectFrom('cc_chat_media').select(['bytes', 'content_type'])
      .where('tenant_id', '=', tenantId).where('chat_id', '=', pathId(request.params.chat_id)).where('id', '=', pathId(request.params.media_id)).where('bytes', 'is not', null).executeTakeFirst();
    if (!row || row.bytes === null) throw ContactCenterErrors.CC_NOT_FOUND();
    return reply
      .header('content-type', row.content_type ?? 'application/octet-stream')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=300')
      .send(row.bytes);
  });
};
