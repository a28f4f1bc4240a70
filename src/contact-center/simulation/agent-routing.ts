/**
 * Which agent takes a call or a chat: an online, active agent in status
 * "Available" who is assigned to the menu (any agent, when the menu has no
 * assignments), with no call in hand, and for a chat fewer chats than their
 * limit (`max_chat_limit` when enabled, else one). The longest idle agent
 * first: the one whose status changed least recently. `skip locked`, so two
 * processes routing at once take different agents.
 */
import { sql, type SqlBool } from 'kysely';
import type { CcDb } from '../db/cc-database.ts';
import type { SimulationSettings } from './sim-settings.ts';
import { scheduleStep } from './steps.ts';

export type Channel = 'call' | 'chat';

export interface RoutedAgent {
  readonly id: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
}

export interface RoutingRequest {
  readonly channel: Channel;
  readonly menuId?: string | null;
  readonly agentId?: string;
  readonly simulatedOnly?: boolean;
}

/** The agents who could take the work now. */
function candidates(trx: CcDb, tenantId: string, request: RoutingRequest) {
  let query = trx
    .selectFrom('cc_agents as a')
    .select(['a.id', 'a.email', 'a.first_name', 'a.last_name'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.status', '=', 'Available')
    .where('a.online', '=', true)
    .where('a.deactivated_at', 'is', null)
    .where('a.logout_pending', '=', false)
    .where('a.active_calls', '=', 0);
  query = request.channel === 'call'
    ? query.where('a.active_chats', '=', 0)
    : query.where(sql<boolean>`a.active_chats < case when a.max_chat_limit_enabled then a.max_chat_limit else 1 end`);
  if (request.agentId !== undefined) query = query.where('a.id', '=', request.agentId);
  if (request.simulatedOnly) query = query.where('a.simulated', '=', true);
  if (request.menuId) {
    const menuId = request.menuId;
    query = query.where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('cc_menu_agents as m').select('m.agent_id').where('m.tenant_id', '=', tenantId).where('m.menu_id', '=', menuId).whereRef('m.agent_id', '=', 'a.id')),
        eb.not(eb.exists(eb.selectFrom('cc_menu_agents as m').select('m.agent_id').where('m.tenant_id', '=', tenantId).where('m.menu_id', '=', menuId))),
      ]),
    );
  }
  return query;
}

/** How many agents could take the work now: what a predictive dialer paces its lines by. */
export async function countAvailableAgents(trx: CcDb, tenantId: string, request: RoutingRequest): Promise<number> {
  const row = await candidates(trx, tenantId, request).clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether more than `than` agents could take the work now; counts no further. */
export async function moreAgentsThan(trx: CcDb, tenantId: string, request: RoutingRequest, than: number): Promise<boolean> {
  const rows = await candidates(trx, tenantId, request).clearSelect().select('a.id').limit(than + 1).execute();
  return rows.length > than;
}

export async function claimAgent(trx: CcDb, tenantId: string, request: RoutingRequest): Promise<RoutedAgent | undefined> {
  const row = await candidates(trx, tenantId, request).orderBy('a.status_updated_at').orderBy('a.id').limit(1).forUpdate().skipLocked().executeTakeFirst();
  if (!row) return undefined;
  await trx
    .updateTable('cc_agents')
    .set(request.channel === 'call' ? { active_calls: sql`active_calls + 1`, status: 'In-Call', status_updated_at: new Date() } : { active_chats: sql`active_chats + 1` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', row.id)
    .execute();
  return { id: row.id, email: row.email, firstName: row.first_name, lastName: row.last_name };
}

/**
 * Gives an agent back after a call or chat. An agent whose forced logout was
 * waiting for this (seed 003, "Force Logout Agents") goes Offline; an agent
 * back from a call becomes Available again unless someone set another status.
 */
export async function releaseAgent(trx: CcDb, tenantId: string, agentId: string, channel: Channel): Promise<void> {
  const counter = channel === 'call' ? 'active_calls' : 'active_chats';
  await trx
    .updateTable('cc_agents')
    .set({
      [counter]: sql`greatest(${sql.ref(counter)} - 1, 0)`,
      status: sql`case
        when logout_pending and active_calls + active_chats <= 1 then 'Offline'
        when ${channel === 'call'} and status = 'In-Call' then 'Available'
        else status end`,
      online: sql`case when logout_pending and active_calls + active_chats <= 1 then false else online end`,
      logout_pending: sql`logout_pending and active_calls + active_chats > 1`,
      status_updated_at: new Date(),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', agentId)
    .execute();
}

/** Whether the agent serves the menu of the call or chat aliased `c`: the menu names them, or names nobody. */
export function menuServedBy(tenantId: string, agentId: string) {
  return sql<SqlBool>`(exists (select 1 from cc_menu_agents m where m.tenant_id = ${tenantId} and m.menu_id = c.menu_id and m.agent_id = ${agentId})
    or not exists (select 1 from cc_menu_agents m where m.tenant_id = ${tenantId} and m.menu_id = c.menu_id))`;
}

/**
 * An agent just became free: the longest-waiting queued call of a menu they
 * serve looks for an agent now rather than at its next look. Within a menu,
 * callers are served in the order they queued (call-steps.ts, `agentsForThoseAhead`).
 */
export async function offerAgent(trx: CcDb, settings: SimulationSettings, tenantId: string, agentId: string): Promise<void> {
  const oldest = await trx
    .selectFrom('cc_calls as c')
    .select('c.id')
    .where('c.tenant_id', '=', tenantId)
    .where('c.status', '=', 'queued')
    .where(menuServedBy(tenantId, agentId))
    .orderBy('c.queued_at')
    .orderBy('c.id')
    .limit(1)
    .executeTakeFirst();
  if (oldest) await scheduleStep(trx, settings, { tenantId, kind: 'call', id: oldest.id, from: 'queued' }, 0);
}

/** The agent's wrap-up is over (its timer ran out, or the agent console ended it): Available again, unless someone set another status meanwhile. */
export async function endWrapUp(trx: CcDb, settings: SimulationSettings, tenantId: string, agentId: string): Promise<boolean> {
  const ended = await trx
    .updateTable('cc_agents')
    .set({ status: sql`case when status = 'Wrap-Up' then 'Available' else status end`, wrap_up: false, status_updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', agentId)
    .where('wrap_up', '=', true)
    .returning('status')
    .executeTakeFirst();
  if (ended?.status === 'Available') await offerAgent(trx, settings, tenantId, agentId);
  return ended !== undefined;
}
