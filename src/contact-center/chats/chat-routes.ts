/**
 * `/chats` (seed 003, "Chats"; methods and paths in the public Apps API
 * documentation, docs/contact-center.md "Chats"): start, read, list, update,
 * resume, message, escalate a chat from the virtual agent to a human, pick a
 * deflection channel. Media (media-routes.ts) and session data (the shared
 * session-data module) are registered here too, so `/chats` is one area.
 */
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import type { ServiceContext } from '../../platform/http/service.ts';
import { ContactCenterErrors } from '../cc-errors.ts';
import { ccDb, type CcDb } from '../db/cc-database.ts';
import { loadMenus } from '../directory/menus.ts';
import { centerOf } from '../http/authenticate.ts';
import { objectBody, optionalId, optionalString, pathId } from '../http/inputs.ts';
import { sessionDataRoutes } from '../session-data/session-data-routes.ts';
import { ChatErrors } from './chat-errors.ts';
import { chatMenu, openForChats, storableDate, readContext, readDeflection, readMessage, readTranscript } from './chat-inputs.ts';
import { scheduleReply } from './chat-lifecycle.ts';
import type { ChatStatus } from './chat-tables.ts';
import { STATUS_TEXT, chatView } from './chat-view.ts';
import {
  DISMISSED_STATUSES,
  ENDED_STATUSES,
  addMessage,
  awaitEndUser,
  chatSettings,
  endChat,
  enqueueChat,
  ensureOpen,
  joinParticipant,
  leaveParticipant,
  lockChat,
  messageView,
  updateChat,
} from './chats.ts';
import { mediaRoutes } from './media/media-routes.ts';
import { refuseNul } from './refuse-nul.ts';

export const CHATS_SESSION = { path: 'chats', table: 'cc_chats', noun: 'Chat', endedStatuses: ENDED_STATUSES } as const;

export const MAX_PAGE_SIZE = 100;
export const MAX_MESSAGES_PAGE = 1000;

const record = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

type Query = { Querystring: Record<string, unknown> };
type ChatParams = { Params: { id: string } };

function page(query: Record<string, unknown>, defaultPer: number, maxPer: number): { offset: number; limit: number } {
  const number = (name: string, fallback: number, max: number) => {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    const value = typeof raw === 'string' && /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= 1 && value <= max)) throw ChatErrors.CC_CHAT_LIST_QUERY([`${name} must be a whole number from 1 to ${max}`]);
    return value;
  };
  const per = number('per', defaultPer, maxPer);
  return { offset: (number('page', 1, 1_000_000) - 1) * per, limit: per };
}

/** Whether any agent could take the menu's chats at some point now: online, active, and on the menu (or the menu has no assignments). */
async function agentsOnline(trx: CcDb, tenantId: string, menuId: string | null): Promise<boolean> {
  let query = trx.selectFrom('cc_agents as a').select('a.id').where('a.tenant_id', '=', tenantId).where('a.online', '=', true).where('a.deactivated_at', 'is', null).where('a.logout_pending', '=', false);
  if (menuId !== null) {
    query = query.where(sql<boolean>`(exists (select 1 from cc_menu_agents m where m.tenant_id = ${tenantId} and m.menu_id = ${menuId} and m.agent_id = a.id)
      or not exists (select 1 from cc_menu_agents m where m.tenant_id = ${tenantId} and m.menu_id = ${menuId}))`);
  }
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

const escalationView = (row: { id: string; chat_id: string; reason: string | null; force_escalate: boolean; status: string; deflection_channel: string | null; created_at: Date }) => ({
  id: Number(row.id),
  chat_id: Number(row.chat_id),
  reason: row.reason,
  force_escalate: row.force_escalate,
  status: row.status,
  deflection_channel: row.deflection_channel,
  created_at: row.created_at.toISOString(),
});

export const chatRoutes: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);
  // Also for the media and session-data routes registered below, which inherit the hook.
  app.addHook('preHandler', refuseNul);
  const settingsOf = (trx: CcDb, tenantId: string) => chatSettings(trx, tenantId, context.config);

  app.post('/chats', { bodyLimit: 1024 * 1024 }, async (request, reply) => {
    const { tenantId } = centerOf(request);
    const { chat: raw } = objectBody(request.body);
    if (!record(raw)) throw ChatErrors.CC_CHAT_PARAM_MISSING(['chat']);
    const lang = optionalString(raw, 'lang', 20);
    const email = optionalString(raw, 'email', 320) ?? null;
    const endUserId = optionalId(raw.end_user_id);
    if (endUserId === false) throw ChatErrors.CC_CHAT_FIELD_INVALID(['end_user_id is not well formed']);
    const chatContext = readContext(raw.context);
    const transcript = readTranscript(raw.transcript);
    // Each write answers with the state it left, read in its own transaction: the simulation may move
    // the chat on the moment the transaction commits.
    const created = await db.transaction().execute(async (trx) => {
      const { menu, lang: chosen } = await chatMenu(trx, tenantId, raw.menu_id, lang);
      if (endUserId) {
        const endUser = await trx.selectFrom('cc_end_users').select('id').where('tenant_id', '=', tenantId).where('id', '=', endUserId).executeTakeFirst();
        if (!endUser) throw ContactCenterErrors.CC_NOT_FOUND();
      }
      const virtual = chatContext.virtual_agent === true;
      const chat = await trx
        .insertInto('cc_chats')
        .values({ tenant_id: tenantId, channel: 'chat', chat_type: 'Chat', status: virtual ? 'va_assigned' : 'queued', menu_id: menu.id, lang: chosen, email, context: JSON.stringify(chatContext), end_user_id: endUserId ?? null, virtual_agent: virtual })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.insertInto('cc_chat_participants').values({ tenant_id: tenantId, chat_id: chat.id, kind: 'end_user', status: 'active' }).execute();
      for (const message of transcript) await addMessage(trx, chat, { sender: message.sender, type: 'text', content: message.text, sentAt: message.sentAt });
      const settings = await settingsOf(trx, tenantId);
      if (virtual) {
        await joinParticipant(trx, chat, 'virtual_agent', null);
        await awaitEndUser(trx, chat, 'va_assigned', settings);
      } else {
        await enqueueChat(trx, chat, settings);
      }
      return chatView(trx, await lockChat(trx, tenantId, chat.id));
    });
    return reply.code(201).send(created);
  });

  app.get<Query>('/chats', async (request) => {
    const { tenantId } = centerOf(request);
    const { updated_since: since, status } = request.query;
    let query = db.selectFrom('cc_chats').selectAll().where('tenant_id', '=', tenantId);
    if (since !== undefined && since !== '') {
      const date = typeof since === 'string' && since.length <= 40 ? new Date(since) : undefined;
      if (!date || !storableDate(date)) throw ChatErrors.CC_CHAT_LIST_QUERY(['updated_since must be an ISO 8601 time such as 2026-01-31T12:00:00Z']);
      query = query.where('updated_at', '>=', date);
    }
    if (status !== undefined && status !== '') {
      if (typeof status !== 'string' || !(status in STATUS_TEXT)) throw ChatErrors.CC_CHAT_LIST_QUERY([`status must be one of ${Object.keys(STATUS_TEXT).join(', ')}`]);
      query = query.where('status', '=', status as ChatStatus);
    }
    const { offset, limit } = page(request.query, 25, MAX_PAGE_SIZE);
    const rows = await query.orderBy('updated_at').orderBy('id').offset(offset).limit(limit).execute();
    const tree = await loadMenus(db, tenantId);
    const views = [];
    for (const row of rows) views.push(await chatView(db, row, tree));
    return views;
  });

  app.get<ChatParams>('/chats/:id', async (request) => chatView(db, await lockChat(db, centerOf(request).tenantId, pathId(request.params.id))));

  app.patch<ChatParams>('/chats/:id', { bodyLimit: 16 * 1024 }, async (request) => {
    const { tenantId } = centerOf(request);
    const id = pathId(request.params.id);
    const body = objectBody(request.body);
    const changes = body.chat === undefined || body.chat === null ? {} : body.chat;
    if (!record(changes)) throw ChatErrors.CC_CHAT_PARAM_MISSING(['chat']);
    const finishedBy = optionalId(body.finished_by_user_id);
    if (finishedBy === false) throw ChatErrors.CC_CHAT_FIELD_INVALID(['finished_by_user_id is not well formed']);
    const escalationId = optionalId(changes.escalation_id);
    if (escalationId === false) throw ChatErrors.CC_CHAT_FIELD_INVALID(['escalation_id is not well formed']);
    const status = changes.status;
    if (status !== undefined && status !== null && status !== 'finished' && status !== 'deflected') throw ChatErrors.CC_CHAT_STATUS_INVALID();
    const deflection = readDeflection(changes.deflection_channel, status === 'deflected');
    return db.transaction().execute(async (trx) => {
      const chat = await lockChat(trx, tenantId, id);
      if (ENDED_STATUSES.includes(chat.status)) throw ChatErrors.CC_CHAT_ENDED();
      if (escalationId) {
        const escalation = await trx.updateTable('cc_chat_escalations').set({ deflection_channel: deflection ?? null, ...(status === 'deflected' ? { status: 'deflected' as const } : {}) })
          .where('tenant_id', '=', tenantId).where('chat_id', '=', id).where('id', '=', escalationId).returning('id').executeTakeFirst();
        if (!escalation) throw ContactCenterErrors.CC_NOT_FOUND();
      }
      if (status === 'finished' || status === 'deflected') {
        await endChat(trx, chat, status, { finished_by_user_id: finishedBy ?? null, deflection_channel: deflection ?? chat.deflection_channel });
      } else if (deflection) {
        await updateChat(trx, chat, { deflection_channel: deflection });
      }
      return chatView(trx, await lockChat(trx, tenantId, id));
    });
  });

  app.patch<ChatParams>('/chats/:id/resume', async (request) => {
    const { tenantId } = centerOf(request);
    const id = pathId(request.params.id);
    return db.transaction().execute(async (trx) => {
      const chat = await lockChat(trx, tenantId, id);
      if (!DISMISSED_STATUSES.includes(chat.status)) throw ChatErrors.CC_CHAT_NOT_DISMISSED();
      const menu = chat.menu_id === null ? undefined : (await loadMenus(trx, tenantId)).byId.get(chat.menu_id);
      if (menu) openForChats(menu);
      const settings = await settingsOf(trx, tenantId);
      if (chat.status === 'va_dismissed') {
        await updateChat(trx, chat, { status: 'va_assigned', ended_at: null });
        await joinParticipant(trx, chat, 'virtual_agent', null);
        await awaitEndUser(trx, chat, 'va_assigned', settings);
      } else {
        await enqueueChat(trx, chat, settings);
      }
      return chatView(trx, await lockChat(trx, tenantId, id));
    });
  });

  app.post<ChatParams>('/chats/:id/message', { bodyLimit: 64 * 1024 }, async (request, reply) => {
    const { tenantId } = centerOf(request);
    const id = pathId(request.params.id);
    const body = objectBody(request.body);
    const message = readMessage(body.message);
    const from = optionalId(body.from_user_id);
    if (from === false) throw ChatErrors.CC_CHAT_FIELD_INVALID(['from_user_id is not well formed']);
    const row = await db.transaction().execute(async (trx) => {
      const chat = await lockChat(trx, tenantId, id);
      ensureOpen(chat);
      let sender: 'end_user' | 'agent' = 'end_user';
      if (from !== undefined && from !== chat.end_user_id) {
        const agent = await trx.selectFrom('cc_chat_participants').select('agent_id').where('tenant_id', '=', tenantId).where('chat_id', '=', id).where('kind', '=', 'agent').where('agent_id', '=', from).executeTakeFirst();
        if (!agent) throw ChatErrors.CC_CHAT_SENDER_UNKNOWN([from]);
        sender = 'agent';
      }
      if (message.mediaId !== null) {
        const media = await trx.selectFrom('cc_chat_media').select('id').where('tenant_id', '=', tenantId).where('chat_id', '=', id).where('id', '=', message.mediaId).where('kind', '=', message.type as 'photo' | 'video').where('attached_at', 'is not', null).executeTakeFirst();
        if (!media) throw ChatErrors.CC_CHAT_MEDIA_UNKNOWN([message.mediaId, message.type]);
      }
      const added = await addMessage(trx, chat, { sender, agentId: sender === 'agent' ? from : null, type: message.type, content: message.content, mediaId: message.mediaId });
      if (sender === 'end_user') await scheduleReply(trx, chat, await settingsOf(trx, tenantId));
      return added;
    });
    return reply.code(201).send(messageView(row));
  });

  app.get<ChatParams & Query>('/chats/:id/messages', async (request) => {
    const { tenantId } = centerOf(request);
    const id = pathId(request.params.id);
    const chat = await db.selectFrom('cc_chats').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!chat) throw ContactCenterErrors.CC_NOT_FOUND();
    const { offset, limit } = page(request.query, MAX_MESSAGES_PAGE, MAX_MESSAGES_PAGE);
    const rows = await db.selectFrom('cc_chat_messages').selectAll().where('tenant_id', '=', tenantId).where('chat_id', '=', id).orderBy('id').offset(offset).limit(limit).execute();
    return rows.map(messageView);
  });

  app.post<{ Params: { chat_id: string } }>('/chats/:chat_id/escalations', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const { tenantId } = centerOf(request);
    const id = pathId(request.params.chat_id);
    const body = objectBody(request.body);
    const reason = optionalString(body, 'reason', 1000) ?? null;
    const force = body.force_escalate === true || body.force_escalate === 'true';
    if (body.force_escalate !== undefined && typeof body.force_escalate !== 'boolean' && body.force_escalate !== 'true' && body.force_escalate !== 'false') {
      throw ChatErrors.CC_CHAT_FIELD_INVALID(['force_escalate must be a boolean']);
    }
    const escalation = await db.transaction().execute(async (trx) => {
      const chat = await lockChat(trx, tenantId, id);
      ensureOpen(chat);
      if (chat.status !== 'va_assigned') throw ChatErrors.CC_CHAT_NOT_VIRTUAL();
      const queue = force || (await agentsOnline(trx, tenantId, chat.menu_id));
      const row = await trx.insertInto('cc_chat_escalations').values({ tenant_id: tenantId, chat_id: id, reason, force_escalate: force, status: queue ? 'queued' : 'deflection_offered' }).returningAll().executeTakeFirstOrThrow();
      if (queue) {
        await leaveParticipant(trx, chat, 'virtual_agent');
        await enqueueChat(trx, chat, await settingsOf(trx, tenantId));
      }
      return row;
    });
    return reply.code(201).send(escalationView(escalation));
  });

  app.patch<{ Params: { chat_id: string; id: string } }>('/chats/:chat_id/escalations/:id', { bodyLimit: 16 * 1024 }, async (request) => {
    const { tenantId } = centerOf(request);
    const chatId = pathId(request.params.chat_id);
    const escalationId = pathId(request.params.id);
    const deflection = readDeflection(objectBody(request.body).deflection_channel, true)!;
    return db.transaction().execute(async (trx) => {
      const chat = await lockChat(trx, tenantId, chatId);
      const escalation = await trx.selectFrom('cc_chat_escalations').selectAll().where('tenant_id', '=', tenantId).where('chat_id', '=', chatId).where('id', '=', escalationId).forUpdate().executeTakeFirst();
      if (!escalation) throw ContactCenterErrors.CC_NOT_FOUND();
      if (escalation.status !== 'deflection_offered') throw ChatErrors.CC_CHAT_ESCALATION_SETTLED();
      ensureOpen(chat);
      const updated = await trx.updateTable('cc_chat_escalations').set({ status: 'deflected', deflection_channel: deflection }).where('tenant_id', '=', tenantId).where('id', '=', escalationId).returningAll().executeTakeFirstOrThrow();
      await endChat(trx, chat, 'deflected', { deflection_channel: deflection });
      return escalationView(updated);
    });
  });

  await app.register(mediaRoutes, context);
  await app.register(sessionDataRoutes(CHATS_SESSION), context);
};
