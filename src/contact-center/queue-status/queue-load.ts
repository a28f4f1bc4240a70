/**
 * How loaded each menu is right now: queued calls, and the agents who could
 * take its calls and chats (assigned to it, or every agent when the menu has
 * no assignments, as agent-routing.ts routes). One query per kind for all
 * menus of a center: a center has tens of menus and agents, not thousands.
 */
import type { CcDb } from '../db/cc-database.ts';

export interface MenuLoad {
  readonly queuedCalls: number;
  /** Online, active agents who may take the menu's work, whatever their status. */
  readonly loggedIn: number;
  /** Of those, the ones a call could go to now: "Available" with nothing in hand. */
  readonly availableForCalls: number;
  /** Chats the menu's Available agents could still take, below their limits. */
  readonly chatCapacity: number;
}

export async function menuLoads(db: CcDb, tenantId: string, menuIds: readonly string[]): Promise<Map<string, MenuLoad>> {
  const loads = new Map<string, MenuLoad>();
  if (menuIds.length === 0) return loads;
  const queued = await db
    .selectFrom('cc_calls')
    .select(['menu_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'queued')
    .where('menu_id', 'in', menuIds)
    .groupBy('menu_id')
    .execute();
  const agents = await db
    .selectFrom('cc_agents')
    .select(['id', 'status', 'active_calls', 'active_chats', 'max_chat_limit', 'max_chat_limit_enabled'])
    .where('tenant_id', '=', tenantId)
    .where('online', '=', true)
    .where('deactivated_at', 'is', null)
    .execute();
  const assignments = await db.selectFrom('cc_menu_agents').select(['menu_id', 'agent_id']).where('tenant_id', '=', tenantId).where('menu_id', 'in', menuIds).execute();
  for (const menuId of menuIds) {
    const assigned = new Set(assignments.filter((a) => a.menu_id === menuId).map((a) => a.agent_id));
    const eligible = assigned.size === 0 ? agents : agents.filter((a) => assigned.has(a.id));
    const available = eligible.filter((a) => a.status === 'Available' && a.active_calls === 0);
    loads.set(menuId, {
      queuedCalls: Number(queued.find((q) => q.menu_id === menuId)?.n ?? 0),
      loggedIn: eligible.length,
      availableForCalls: available.filter((a) => a.active_chats === 0).length,
      chatCapacity: available.reduce((sum, a) => sum + Math.max(0, (a.max_chat_limit_enabled ? a.max_chat_limit : 1) - a.active_chats), 0),
    });
  }
  return loads;
}
