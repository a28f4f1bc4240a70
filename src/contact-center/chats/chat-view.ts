/**
 * The chat object of the public Apps API documentation: id, status,
 * status_text, features, created_at, ends_at, timeout_at, agent,
 * virtual_agent, all_agents, all_virtual_agents, lang, menus, end_user; an
 * SMS session adds chat_type, end_user_number, outbound_number and
 * participants (docs/contact-center.md, "SMS").
 */
import type { CcDb } from '../db/cc-database.ts';
import { ancestry, loadMenus, type MenuTree } from '../directory/menus.ts';
import type { ChatStatus } from './chat-tables.ts';
import { VIRTUAL_AGENT, type ChatRow } from './chats.ts';

export const STATUS_TEXT: Readonly<Record<ChatStatus, string>> = {
  selecting: 'Selecting',
  va_assigned: 'Assigned to virtual agent',
  queued: 'Queued',
  assigned: 'Assigned',
  in_progress: 'In progress',
  finished: 'Finished',
  dismissed: 'Dismissed',
  va_dismissed: 'Dismissed by virtual agent',
  deflected: 'Deflected',
};

/** What a chat can carry: text, and photos and videos uploaded through media uploads. */
export const CHAT_FEATURES = ['text', 'photo', 'video'] as const;

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** `tree`: the center's menus, when the caller shows several chats of one center. */
export async function chatView(db: CcDb, chat: ChatRow, tree?: MenuTree) {
  const participants = await db
    .selectFrom('cc_chat_participants as p')
    .leftJoin('cc_agents as a', (join) => join.onRef('a.tenant_id', '=', 'p.tenant_id').onRef('a.id', '=', 'p.agent_id'))
    .select(['p.id', 'p.kind', 'p.status', 'p.agent_id', 'p.joined_at', 'p.left_at', 'a.first_name', 'a.last_name', 'a.status as agent_status'])
    .where('p.tenant_id', '=', chat.tenant_id)
    .where('p.chat_id', '=', chat.id)
    .orderBy('p.id')
    .execute();
  const agentOf = (p: (typeof participants)[number]) => ({
    id: Number(p.agent_id),
    name: `${p.first_name ?? ''} ${p.last_name ?? ''}`.trim(),
    first_name: p.first_name ?? '',
    avatar_url: '',
    status: p.agent_status ?? 'Offline',
  });
  const agents = participants.filter((p) => p.kind === 'agent' && p.agent_id !== null);
  const seen = new Set<string>();
  const allAgents = agents.filter((p) => !seen.has(p.agent_id!) && seen.add(p.agent_id!)).map(agentOf);
  const current = agents.find((p) => p.agent_id === chat.agent_id && p.status === 'active');
  const virtual = participants.filter((p) => p.kind === 'virtual_agent');
  let menus: { id: number; name: string }[] = [];
  if (chat.menu_id !== null) {
    const menuTree = tree ?? (await loadMenus(db, chat.tenant_id));
    const menu = menuTree.byId.get(chat.menu_id);
    menus = menu ? ancestry(menuTree, menu).map((row) => ({ id: Number(row.id), name: row.name })) : [];
  }
  const endUser = chat.end_user_id === null
    ? undefined
    : await db.selectFrom('cc_end_users').select(['id', 'identifier']).where('tenant_id', '=', chat.tenant_id).where('id', '=', chat.end_user_id).executeTakeFirst();
  const view = {
    id: Number(chat.id),
    status: chat.status,
    status_text: STATUS_TEXT[chat.status],
    features: [...CHAT_FEATURES],
    created_at: chat.created_at.toISOString(),
    updated_at: chat.updated_at.toISOString(),
    ends_at: iso(chat.ended_at),
    timeout_at: iso(chat.timeout_at),
    agent: current ? agentOf(current) : null,
    virtual_agent: chat.status === 'va_assigned' ? { ...VIRTUAL_AGENT } : null,
    all_agents: allAgents,
    all_virtual_agents: virtual.length > 0 ? [{ ...VIRTUAL_AGENT }] : [],
    lang: chat.lang,
    menus,
    end_user: endUser ? { id: Number(endUser.id), identifier: endUser.identifier } : null,
    deflection_channel: chat.deflection_channel,
    ticket_id: chat.ticket_id,
  };
  if (chat.channel === 'chat') return view;
  return {
    ...view,
    chat_type: chat.chat_type,
    end_user_number: chat.end_user_number,
    outbound_number: chat.outbound_number,
    participants: participants.map((p) => ({
      id: Number(p.id),
      type: p.kind,
      status: p.status,
      chat_id: Number(chat.id),
      user_id: p.agent_id === null ? (p.kind === 'end_user' ? (chat.end_user_id === null ? null : Number(chat.end_user_id)) : VIRTUAL_AGENT.id) : Number(p.agent_id),
      joined_at: p.joined_at.toISOString(),
      left_at: iso(p.left_at),
    })),
  };
}
