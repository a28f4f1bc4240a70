/**
 * The simulation's chat steps (docs/contact-center.md, "Chat lifecycle"),
 * registered as the 'chat' kind in cc-tasks.ts. A step's `from` is the status
 * the chat must still be in, with the action after a colon:
 *
 *   selecting        → queued (an SMS session without an agent, after selectingSeconds)
 *   queued           → assigned, when claimAgent finds a simulated agent under its chat limit; else polled again
 *                      (or when an agent takes it in the agent console: the chat is then `by_hand`, and the
 *                      steps below say nothing for its agent)
 *   assigned         → in_progress, after connectingSeconds: the agent greets the end user
 *   in_progress:reply, va_assigned:reply
 *                    → the agent (or virtual agent) answers the end user's message after chatReplySeconds;
 *                      an agent's last turn (chatTurns, drawn per chat) says goodbye and finishes the chat
 *   in_progress:timeout, va_assigned:timeout
 *                    → dismissed / va_dismissed once timeout_at has passed with no word from the end user
 */
import type { StepHandler } from '../simulation/steps.ts';
import { claimAgent } from '../simulation/agent-routing.ts';
import { between } from '../simulation/sim-random.ts';
import { scheduleStep } from '../simulation/steps.ts';
import { agentLine } from './chat-replies.ts';
import { addMessage, awaitEndUser, chatSettings, endChat, enqueueChat, joinParticipant, updateChat, type ChatRow, type ChatSettings } from './chats.ts';
import type { CcDb } from '../db/cc-database.ts';

/** Simulated seconds between two routing attempts of a queued chat, and the real floor that keeps a high time scale from polling hot. */
const QUEUE_POLL_SECONDS = 5;
const QUEUE_POLL_MIN_MS = 250;

export const chatStep: StepHandler = async (context, step) => {
  await context.db.transaction().execute(async (trx) => {
    const chat = await trx.selectFrom('cc_chats').selectAll().where('tenant_id', '=', step.tenantId).where('id', '=', step.id).forUpdate().executeTakeFirst();
    const [status] = step.from.split(':');
    if (!chat || chat.status !== status) return;
    const settings = await chatSettings(trx, chat.tenant_id, context.config);
    switch (step.from) {
      case 'selecting':
        return enqueueChat(trx, chat, settings);
      case 'queued':
        return route(trx, chat, settings);
      case 'assigned':
        await updateChat(trx, chat, { status: 'in_progress' });
        if (chat.by_hand) return awaitEndUser(trx, chat, 'in_progress', settings);
        // An SMS session opened with the center's own message: the agent waits for the answer.
        if (chat.channel === 'sms' && chat.agent_replies === 0 && (await sentFirst(trx, chat))) return awaitEndUser(trx, chat, 'in_progress', settings);
        // What the end user wrote while queued or connecting gets its answer after the greeting, rather than waiting for the next message.
        const waiting = await endUserWaiting(trx, chat);
        await addMessage(trx, chat, { sender: 'agent', agentId: chat.agent_id, type: 'text', content: agentLine(settings.seed, chat.id, 0, 'greeting') });
        if (waiting) return scheduleReply(trx, { ...chat, status: 'in_progress' }, settings);
        return awaitEndUser(trx, chat, 'in_progress', settings);
      case 'in_progress:reply':
        // An agent who took over in the console answers for themselves.
        if (chat.by_hand) return;
        return agentReply(trx, chat, settings);
      case 'va_assigned:reply':
        await addMessage(trx, chat, { sender: 'virtual_agent', type: 'text', content: agentLine(settings.seed, chat.id, chat.agent_replies, 'virtual') });
        await updateChat(trx, chat, { agent_replies: chat.agent_replies + 1 });
        return awaitEndUser(trx, chat, 'va_assigned', settings);
      case 'in_progress:timeout':
      case 'va_assigned:timeout':
        if (chat.timeout_at === null || chat.timeout_at.getTime() > Date.now()) return;
        return endChat(trx, chat, chat.status === 'va_assigned' ? 'va_dismissed' : 'dismissed');
      default:
        context.logger.warn({ from: step.from }, 'chat step from an unknown state dropped');
    }
  });
};

/** Whether the chat's last message is the end user's: written while queued or connecting, and not answered yet. */
async function endUserWaiting(trx: CcDb, chat: ChatRow): Promise<boolean> {
  const last = await trx.selectFrom('cc_chat_messages').select('sender').where('tenant_id', '=', chat.tenant_id).where('chat_id', '=', chat.id).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return last?.sender === 'end_user';
}

async function sentFirst(trx: CcDb, chat: ChatRow): Promise<boolean> {
  const first = await trx.selectFrom('cc_chat_messages').select('sender').where('tenant_id', '=', chat.tenant_id).where('chat_id', '=', chat.id).orderBy('id').limit(1).executeTakeFirst();
  return first?.sender === 'agent';
}

async function route(trx: CcDb, chat: ChatRow, settings: ChatSettings): Promise<void> {
  const agent = await claimAgent(trx, chat.tenant_id, { channel: 'chat', menuId: chat.menu_id, simulatedOnly: true });
  if (!agent) {
    const seconds = Math.max(QUEUE_POLL_SECONDS, (QUEUE_POLL_MIN_MS / 1000) * settings.timeScale);
    return scheduleStep(trx, settings, { tenantId: chat.tenant_id, kind: 'chat', id: chat.id, from: 'queued' }, seconds);
  }
  return assignChat(trx, chat, settings, agent.id, false);
}

/**
 * A queued chat, locked by the caller, goes to an agent claimAgent gave it.
 * `byHand`: the agent console took it, and its agent speaks for themselves.
 */
export async function assignChat(trx: CcDb, chat: ChatRow, settings: ChatSettings, agentId: string, byHand: boolean): Promise<void> {
  await updateChat(trx, chat, {
    status: 'assigned',
    by_hand: byHand,
    agent_id: agentId,
    assigned_at: new Date(),
    agent_replies: 0,
    agent_turns: Math.max(1, between(settings.seed, `chat:${chat.id}:turns:${chat.assigned_at?.getTime() ?? 0}`, settings.chatTurns)),
  });
  await joinParticipant(trx, chat, 'agent', agentId);
  await scheduleStep(trx, settings, { tenantId: chat.tenant_id, kind: 'chat', id: chat.id, from: 'assigned' }, between(settings.seed, `chat:${chat.id}:connecting`, settings.connectingSeconds));
}

async function agentReply(trx: CcDb, chat: ChatRow, settings: ChatSettings): Promise<void> {
  const turn = chat.agent_replies + 1;
  const last = turn >= chat.agent_turns;
  await addMessage(trx, chat, { sender: 'agent', agentId: chat.agent_id, type: 'text', content: agentLine(settings.seed, chat.id, turn, last ? 'goodbye' : 'reply') });
  await updateChat(trx, chat, { agent_replies: turn });
  if (last) return endChat(trx, chat, 'finished', { finished_by_user_id: chat.agent_id });
  return awaitEndUser(trx, chat, 'in_progress', settings);
}

/** After the end user's message: the agent or virtual agent answers in chatReplySeconds (replacing the pending timeout). */
export async function scheduleReply(trx: CcDb, chat: ChatRow, settings: ChatSettings): Promise<void> {
  if (chat.status !== 'in_progress' && chat.status !== 'va_assigned') return;
  await updateChat(trx, chat, { timeout_at: null });
  if (chat.by_hand && chat.status === 'in_progress') return;
  const seconds = between(settings.seed, `chat:${chat.id}:reply:${chat.agent_replies}`, settings.chatReplySeconds);
  await scheduleStep(trx, settings, { tenantId: chat.tenant_id, kind: 'chat', id: chat.id, from: `${chat.status}:reply` }, seconds);
}
