/**
 * What an agent does by hand in the agent console: take the next call or
 * chat, end a call, end their wrap-up, answer and end a chat. Each runs
 * under the rows' locks, through the same routing and lifecycle code the
 * simulation uses, so a call taken by hand moves on as any other.
 *
 * An agent signed in to the console is a person (`simulated` false): the
 * simulation's routing of inbound calls and chats gives them no work, they
 * take it; the campaign dialer does connect answered dials to them, as a
 * real dialer would. A call's conversation still
 * plays out by itself (there is no audio here), its transcript growing
 * live; a chat taken by hand (`by_hand`) is answered by the agent only.
 */
import type { CcDb } from '../db/cc-database.ts';
import type { CallRow } from '../calls/call-view.ts';
import { assignChat } from '../chats/chat-lifecycle.ts';
import { addMessage, awaitEndUser, endChat, ensureOpen, updateChat, type ChatRow, type ChatSettings } from '../chats/chats.ts';
import { claimAgent, endWrapUp, menuServedBy } from '../simulation/agent-routing.ts';
import { assignCall, hangUp } from '../simulation/call-steps.ts';
import { ConsoleErrors } from './console-errors.ts';

export type Work = { readonly kind: 'call' | 'chat'; readonly id: string };

/**
 * The call or chat of the agent's menus that has waited longest, given to
 * them if they can take it now (Available, nothing else in hand for a call,
 * under their chat limit for a chat); the other kind when they cannot.
 * Rows another transaction is moving are skipped.
 */
export async function takeNext(trx: CcDb, settings: ChatSettings, tenantId: string, agentId: string): Promise<Work> {
  const agent = await trx.selectFrom('cc_agents').select(['status']).where('tenant_id', '=', tenantId).where('id', '=', agentId).executeTakeFirstOrThrow();
  if (agent.status !== 'Available') throw ConsoleErrors.CC_CONSOLE_NOT_AVAILABLE([agent.status]);
  const call = await trx
    .selectFrom('cc_calls as c')
    .selectAll('c')
    .where('c.tenant_id', '=', tenantId)
    .where('c.status', '=', 'queued')
    .where(menuServedBy(tenantId, agentId))
    .orderBy('c.queued_at')
    .orderBy('c.id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  const chat = await trx
    .selectFrom('cc_chats as c')
    .selectAll('c')
    .where('c.tenant_id', '=', tenantId)
    .where('c.status', '=', 'queued')
    .where(menuServedBy(tenantId, agentId))
    .orderBy('c.created_at')
    .orderBy('c.id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  const waiting: Array<{ at: Date; take: () => Promise<Work | undefined> }> = [];
  if (call) waiting.push({ at: call.queued_at ?? call.created_at, take: () => takeCall(trx, settings, tenantId, agentId, call) });
  if (chat) waiting.push({ at: chat.created_at, take: () => takeChat(trx, settings, tenantId, agentId, chat) });
  if (waiting.length === 0) throw ConsoleErrors.CC_CONSOLE_NOTHING_WAITING();
  waiting.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const { take } of waiting) {
    const work = await take();
    if (work) return work;
  }
  throw ConsoleErrors.CC_CONSOLE_BUSY();
}

async function takeCall(trx: CcDb, settings: ChatSettings, tenantId: string, agentId: string, call: CallRow): Promise<Work | undefined> {
  if (!(await claimAgent(trx, tenantId, { channel: 'call', menuId: call.menu_id, agentId }))) return undefined;
  await assignCall(trx, settings, call, agentId);
  return { kind: 'call', id: call.id };
}

async function takeChat(trx: CcDb, settings: ChatSettings, tenantId: string, agentId: string, chat: ChatRow): Promise<Work | undefined> {
  if (!(await claimAgent(trx, tenantId, { channel: 'chat', menuId: chat.menu_id, agentId }))) return undefined;
  await assignChat(trx, chat, settings, agentId, true);
  return { kind: 'chat', id: chat.id };
}

/** "End call": the agent's connected call ends now, its transcript what was said so far. */
export async function endCall(trx: CcDb, settings: ChatSettings, tenantId: string, agentId: string, callId: string): Promise<void> {
  const call = await trx.selectFrom('cc_calls').selectAll().where('tenant_id', '=', tenantId).where('id', '=', callId).where('agent_id', '=', agentId).forUpdate().executeTakeFirst();
  if (!call) throw ConsoleErrors.CC_CONSOLE_NOT_YOURS();
  if (call.status !== 'connected') throw ConsoleErrors.CC_CONSOLE_CALL_NOT_CONNECTED([call.status]);
  await hangUp(trx, settings, call);
}

/** "Wrap up": the agent is done with the last call's after-work before its timer. */
export async function finishWrapUp(trx: CcDb, settings: ChatSettings, tenantId: string, agentId: string): Promise<void> {
  if (!(await endWrapUp(trx, settings, tenantId, agentId))) throw ConsoleErrors.CC_CONSOLE_NOT_WRAPPING_UP();
}

async function agentsChat(trx: CcDb, tenantId: string, agentId: string, chatId: string): Promise<ChatRow> {
  const chat = await trx.selectFrom('cc_chats').selectAll().where('tenant_id', '=', tenantId).where('id', '=', chatId).where('agent_id', '=', agentId).forUpdate().executeTakeFirst();
  if (!chat) throw ConsoleErrors.CC_CONSOLE_NOT_YOURS();
  ensureOpen(chat);
  return chat;
}

export const MAX_REPLY_LENGTH = 4000;

/** The agent answers in their chat; from then on the chat is theirs to speak in (`by_hand`). */
export async function replyInChat(trx: CcDb, settings: ChatSettings, tenantId: string, agentId: string, chatId: string, text: string): Promise<void> {
  const content = text.trim();
  if (content === '' || content.length > MAX_REPLY_LENGTH) throw ConsoleErrors.CC_CONSOLE_REPLY([MAX_REPLY_LENGTH]);
  const chat = await agentsChat(trx, tenantId, agentId, chatId);
  if (chat.status !== 'in_progress') throw ConsoleErrors.CC_CONSOLE_CHAT_NOT_STARTED([chat.status]);
  await addMessage(trx, chat, { sender: 'agent', agentId, type: 'text', content });
  await updateChat(trx, chat, { by_hand: true, agent_replies: chat.agent_replies + 1 });
  await awaitEndUser(trx, chat, 'in_progress', settings);
}

/** The agent ends their chat, as finished by them. */
export async function finishChat(trx: CcDb, tenantId: string, agentId: string, chatId: string): Promise<void> {
  const chat = await agentsChat(trx, tenantId, agentId, chatId);
  await endChat(trx, chat, 'finished', { finished_by_user_id: agentId });
}
