/**
 * Seed 003, "Force Logout Agents": online agents go Offline; an agent with a
 * call or chat in hand is marked logout_pending and goes Offline when that
 * work ends (simulation/agent-routing.ts releaseAgent).
 */
import type { CcDb } from '../db/cc-database.ts';
import type { StatusChange } from '../directory/agent-status.ts';
import { ipMatches, type IpPattern } from './ip-match.ts';

export interface LogoutTargets {
  readonly agentIds: readonly string[];
  readonly teamIds: readonly string[];
  readonly ips: readonly IpPattern[];
}

export const PENDING_MESSAGE = 'Agent will be logged out when the current call or chat ends';
export const NOT_LOGGED_IN_MESSAGE = 'Agent is not logged in';

/** Forces out every agent of the tenant the targets name; another tenant's ids match nothing. */
export async function forceLogout(trx: CcDb, tenantId: string, targets: LogoutTargets): Promise<StatusChange[]> {
  const { agentIds, teamIds, ips } = targets;
  const agents = await trx
    .selectFrom('cc_agents as a')
    .selectAll('a')
    .where('a.tenant_id', '=', tenantId)
    .where((eb) => {
      const any = [];
      if (agentIds.length > 0) any.push(eb('a.id', 'in', agentIds));
      if (teamIds.length > 0) {
        any.push(eb.exists(eb.selectFrom('cc_agent_teams as m').select('m.agent_id').where('m.tenant_id', '=', tenantId).whereRef('m.agent_id', '=', 'a.id').where('m.team_id', 'in', teamIds)));
      }
      for (const ip of ips) any.push(eb.and([eb('a.last_login_ip', 'is not', null), ipMatches('a.last_login_ip', ip)]));
      return eb.or(any);
    })
    .orderBy('a.id')
    .forUpdate()
    .execute();
  const changes: StatusChange[] = [];
  for (const agent of agents) {
    if (!agent.online) {
      changes.push({ agent, previousStatus: agent.status, currentStatus: agent.status, message: NOT_LOGGED_IN_MESSAGE });
      continue;
    }
    const busy = agent.active_calls + agent.active_chats > 0;
    await trx
      .updateTable('cc_agents')
      .set(busy ? { logout_pending: true, updated_at: new Date() } : { status: 'Offline', online: false, logout_pending: false, status_updated_at: new Date(), updated_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', agent.id)
      .execute();
    changes.push({ agent, previousStatus: agent.status, currentStatus: 'Offline', ...(busy ? { message: PENDING_MESSAGE } : {}) });
  }
  return changes;
}
