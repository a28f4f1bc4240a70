/**
 * A chat's moves that the API and the simulation share: messages,
 * participants joining and leaving, queueing and ending. Each runs inside the
 * caller's transaction, with the chat's row locked (`lockChat`), and reports
 * its webhook event in that same transaction (webhooks/chat-events.ts).
 */
import type { Selectable, Updateable } from 'kysely';
import type { Config } from '../../platform/config/config.ts';
import { ContactCenterErrors } from '../cc-errors.ts';
import type { CcDb } from '../db/cc-database.ts';
import { releaseAgent } from '../simulation/agent-routing.ts';
import { simulationSettings, type SimulationSettings } from '../simulation/sim-settings.ts';
import { scheduleStep } from '../simulation/steps.ts';
import { ChatErrors } from './chat-errors.ts';
import type { ChatStatus, CcChatsTable, MessageType, Sender } from './chat-tables.ts';
import { emitChatEvent } from './webhooks/chat-events.ts';

export type ChatRow = Selectable<CcChatsTable>;

/** Over for good: no message, resume or escalation changes them (the session-data kind's endedStatuses). */
export const ENDED_STATUSES: readonly ChatStatus[] = ['finished', 'deflected'];
/** Ended for inactivity; `PATCH /chats/:id/resume` takes them back. */
export const DISMISSED_STATUSES: readonly ChatStatus[] = ['dismissed', 'va_dismissed'];

/** A chat that takes messages, uploads and escalations: neither ended nor dismissed. */
export function ensureOpen(chat: ChatRow): void {
  if (ENDED_STATUSES.includes(chat.status)) throw ChatErrors.CC_CHAT_ENDED();
  if (DISMISSED_STATUSES.includes(chat.status)) throw ChatErrors.CC_CHAT_DISMISSED([chat.id]);
}

/** Simulated seconds an end user may stay silent before the chat is dismissed; a center's `simulation.chatTimeoutSeconds` overrides it. */
export const INACTIVITY_TIMEOUT_SECONDS = 300;

/** The center's simulated virtual agent, as chat objects show it (there is one per center). */
export const VIRTUAL_AGENT = { id: 0, name: 'Virtual Agent' } as const;

export interface ChatSettings extends SimulationSettings {
  readonly timeoutSeconds: number;
}

export async function chatSettings(db: CcDb, tenantId: string, config: Pick<Config, 'ccTimeScale'>): Promise<ChatSettings> {
  const row = await db.selectFrom('cc_centers').select('simulation').where('tenant_id', '=', tenantId).executeTakeFirst();
  const stored = row?.simulation ?? {};
  const timeout = stored.chatTimeoutSeconds;
  return {
    ...simulationSettings(stored, config),
    timeoutSeconds: typeof timeout === 'number' && timeout > 0 && timeout <= 86_400 ? timeout : INACTIVITY_TIMEOUT_SECONDS,
  };
}

/** The chat, its row locked for the rest of the transaction; another center's id is 404. */
export async function lockChat(trx: CcDb, tenantId: string, id: string): Promise<ChatRow> {
  const row = await trx.selectFrom('cc_chats').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw ContactCenterErrors.CC_NOT_FOUND();
  return row;
}

export async function updateChat(trx: CcDb, chat: ChatRow, changes: Updateable<CcChatsTable>): Promise<void> {
  await trx.updateTable('cc_chats').set({ ...changes, updated_at: new Date() }).where('tenant_id', '=', chat.tenant_id).where('id', '=', chat.id).execute();
}

export interface NewMessage {
  readonly sender: Sender;
  readonly agentId?: string | null;
  readonly type: MessageType;
  readonly content?: string | null;
  readonly mediaId?: string | null;
  readonly sentAt?: Date;
}

export async function addMessage(trx: CcDb, chat: ChatRow, message: NewMessage) {
  const row = await trx
    .insertInto('cc_chat_messages')
    .values({
      tenant_id: chat.tenant_id,
      chat_id: chat.id,
      sender: message.sender,
      agent_id: message.agentId ?? null,
      type: message.type,
      content: message.content ?? null,
      media_id: message.mediaId ?? null,
      sent_at: message.sentAt ?? new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx.updateTable('cc_chats').set({ updated_at: new Date() }).where('tenant_id', '=', chat.tenant_id).where('id', '=', chat.id).execute();
  await emitChatEvent(trx, chat.tenant_id, 'message_received', chat.id, { message: messageView(row) });
  return row;
}

/** One message as `GET /chats/:id/messages` and the message_received event show it. */
export function messageView(row: { id: string; sender: Sender; agent_id: string | null; type: MessageType; content: string | null; media_id: string | null; sent_at: Date }) {
  return {
    id: Number(row.id),
    sender: row.sender,
    sender_id: row.sender === 'agent' && row.agent_id !== null ? Number(row.agent_id) : row.sender === 'virtual_agent' ? VIRTUAL_AGENT.id : null,
    timestamp: row.sent_at.toISOString(),
    type: row.type,
    text: row.content,
    media_id: row.media_id === null ? null : Number(row.media_id),
  };
}

export async function joinParticipant(trx: CcDb, chat: ChatRow, kind: 'agent' | 'virtual_agent', agentId: string | null): Promise<void> {
  await trx.insertInto('cc_chat_participants').values({ tenant_id: chat.tenant_id, chat_id: chat.id, kind, agent_id: agentId, status: 'active' }).execute();
  await emitChatEvent(trx, chat.tenant_id, 'participant_joined', chat.id, { participant: { type: kind, id: agentId === null ? VIRTUAL_AGENT.id : Number(agentId) } });
}

/** The chat's agent or virtual agent leaves; an agent is given back to routing. */
export async function leaveParticipant(trx: CcDb, chat: ChatRow, kind: 'agent' | 'virtual_agent'): Promise<void> {
  let query = trx.updateTable('cc_chat_participants').set({ status: 'left', left_at: new Date() }).where('tenant_id', '=', chat.tenant_id).where('chat_id', '=', chat.id).where('kind', '=', kind).where('status', '=', 'active');
  if (kind === 'agent' && chat.agent_id !== null) query = query.where('agent_id', '=', chat.agent_id);
  const left = await query.returning('agent_id').execute();
  if (left.length === 0) return;
  if (kind === 'agent' && chat.agent_id !== null) await releaseAgent(trx, chat.tenant_id, chat.agent_id, 'chat');
  await emitChatEvent(trx, chat.tenant_id, 'participant_left', chat.id, { participant: { type: kind, id: kind === 'agent' ? Number(chat.agent_id) : VIRTUAL_AGENT.id } });
}

/** Ends the chat: its agent (or virtual agent) leaves, and chat_ended or chat_dismissed is reported. */
export async function endChat(trx: CcDb, chat: ChatRow, status: 'finished' | 'deflected' | 'dismissed' | 'va_dismissed', changes: { finished_by_user_id?: string | null; deflection_channel?: string | null } = {}): Promise<void> {
  if (chat.agent_id !== null) await leaveParticipant(trx, chat, 'agent');
  if (chat.status === 'va_assigned') await leaveParticipant(trx, chat, 'virtual_agent');
  await updateChat(trx, chat, { status, agent_id: null, timeout_at: null, ended_at: new Date(), ...changes });
  const dismissed = status === 'dismissed' || status === 'va_dismissed';
  await emitChatEvent(trx, chat.tenant_id, dismissed ? 'chat_dismissed' : 'chat_ended', chat.id, { status, ...(changes.deflection_channel ? { deflection_channel: changes.deflection_channel } : {}) });
}

/** Puts the chat in its menu's queue; the simulation's next step routes it to an agent. */
export async function enqueueChat(trx: CcDb, chat: ChatRow, settings: ChatSettings): Promise<void> {
  await updateChat(trx, chat, { status: 'queued', agent_id: null, timeout_at: null, ended_at: null });
  await scheduleStep(trx, settings, { tenantId: chat.tenant_id, kind: 'chat', id: chat.id, from: 'queued' }, 0);
}

/** Starts the end user's inactivity clock: past it, the step dismisses the chat. */
export async function awaitEndUser(trx: CcDb, chat: ChatRow, status: 'in_progress' | 'va_assigned', settings: ChatSettings): Promise<void> {
  const timeoutAt = new Date(Date.now() + (settings.timeoutSeconds * 1000) / settings.timeScale);
  await updateChat(trx, chat, { timeout_at: timeoutAt });
  await scheduleStep(trx, settings, { tenantId: chat.tenant_id, kind: 'chat', id: chat.id, from: `${status}:timeout` }, settings.timeoutSeconds);
}
