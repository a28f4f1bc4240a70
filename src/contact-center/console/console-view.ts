/**
 * What the agent console shows an agent: their status and the statuses they
 * may set, the call in hand (or, while wrapping up, the call just ended)
 * with its transcript so far, and their open chats with their messages.
 * `signature` changes whenever the page's forms would (new work, a status
 * change), so the page's script knows to reload rather than patch.
 */
import type { CcDb } from '../db/cc-database.ts';
import { transcriptSoFar } from '../calls/call-view.ts';

const LIVE_CALL_STATUSES = ['assigned', 'connecting', 'switching', 'connected'] as const;
const OPEN_CHAT_STATUSES = ['assigned', 'in_progress'] as const;
const MESSAGES_SHOWN = 200;

export interface ConsoleView {
  readonly agent: { readonly name: string; readonly status: string; readonly wrap_up: boolean; readonly statuses: readonly string[] };
  readonly call: {
    readonly id: number;
    readonly status: string;
    readonly end_user_number: string | null;
    readonly queue: string | null;
    /** The CRM contact a dialer gave for the call (POST /crm/contact_data), its fields as given. */
    readonly contact: Readonly<Record<string, unknown>> | null;
    readonly turns: readonly { speaker: string; name: string; text: string }[];
  } | null;
  readonly chats: readonly {
    readonly id: number;
    readonly status: string;
    readonly queue: string | null;
    readonly messages: readonly { sender: string; text: string; sent_at: string }[];
  }[];
  readonly signature: string;
}

export async function consoleView(db: CcDb, tenantId: string, agentId: string, timeScale: number): Promise<ConsoleView> {
  const agent = await db.selectFrom('cc_agents').select(['first_name', 'last_name', 'status', 'wrap_up']).where('tenant_id', '=', tenantId).where('id', '=', agentId).executeTakeFirstOrThrow();
  const statuses = await db.selectFrom('cc_statuses').select('name').where('tenant_id', '=', tenantId).where('kind', 'in', ['available', 'custom']).orderBy('kind').orderBy('name').execute();
  let callQuery = db
    .selectFrom('cc_calls as c')
    .leftJoin('cc_menus as m', (join) => join.onRef('m.tenant_id', '=', 'c.tenant_id').onRef('m.id', '=', 'c.menu_id'))
    .select(['c.id', 'c.status', 'c.end_user_number', 'c.transcript', 'c.connected_at', 'c.crm_contact_data', 'm.name as queue'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.agent_id', '=', agentId);
  // While wrapping up, the call just ended stays in view.
  if (!agent.wrap_up) callQuery = callQuery.where('c.status', 'in', LIVE_CALL_STATUSES);
  const call = await callQuery.orderBy('c.assigned_at', 'desc').orderBy('c.id', 'desc').limit(1).executeTakeFirst();
  const chats = await db
    .selectFrom('cc_chats as c')
    .leftJoin('cc_menus as m', (join) => join.onRef('m.tenant_id', '=', 'c.tenant_id').onRef('m.id', '=', 'c.menu_id'))
    .select(['c.id', 'c.status', 'm.name as queue'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.agent_id', '=', agentId)
    .where('c.status', 'in', OPEN_CHAT_STATUSES)
    .orderBy('c.id')
    .execute();
  const messages = chats.length === 0 ? [] : await db
    .selectFrom('cc_chat_messages')
    .select(['chat_id', 'sender', 'type', 'content', 'sent_at'])
    .where('tenant_id', '=', tenantId)
    .where('chat_id', 'in', chats.map((c) => c.id))
    .orderBy('id', 'desc')
    .limit(MESSAGES_SHOWN * chats.length)
    .execute();
  const transcript = call ? transcriptSoFar(call, timeScale) : null;
  const view = {
    agent: { name: `${agent.first_name} ${agent.last_name}`, status: agent.status, wrap_up: agent.wrap_up, statuses: statuses.map((s) => s.name) },
    call: call
      ? { id: Number(call.id), status: call.status, end_user_number: call.end_user_number, queue: call.queue, contact: (call.crm_contact_data?.contact as Record<string, unknown> | undefined) ?? null, turns: (transcript?.turns ?? []).map(({ speaker, name, text }) => ({ speaker, name, text })) }
      : null,
    chats: chats.map((chat) => ({
      id: Number(chat.id),
      status: chat.status,
      queue: chat.queue,
      messages: messages
        .filter((m) => m.chat_id === chat.id)
        .reverse()
        .map((m) => ({ sender: m.sender, text: m.type === 'text' ? (m.content ?? '') : `[${m.type}]`, sent_at: m.sent_at.toISOString() })),
    })),
  };
  const signature = [agent.status, agent.wrap_up, call ? `call:${call.id}:${call.status}` : '', ...chats.map((c) => `chat:${c.id}:${c.status}`)].join('|');
  return { ...view, signature };
}
