/**
 * Setting agents' statuses by hand, as `POST /agent_statuses` and the agent
 * console do. Seed 003, "Agent Status Endpoint": changes go to and from
 * "Available" and the center's custom statuses; an agent in a system status
 * (In-Call, Wrap-Up, Offline, ...) stays there, because only the platform
 * moves agents out of those. An agent made Available is offered the
 * longest-waiting queued call at once.
 */
import type { CcDb } from '../db/cc-database.ts';
import { offerAgent } from '../simulation/agent-routing.ts';
import type { SimulationSettings } from '../simulation/sim-settings.ts';
import type { AgentRow } from './agents.ts';

export interface StatusChange {
  readonly agent: AgentRow;
  readonly previousStatus: string;
  readonly currentStatus: string;
  /** Why the agent kept their status. */
  readonly message?: string;
}

/** The status as the center spells it, when agents may be set to it by hand; else undefined. */
export async function settableStatus(trx: CcDb, tenantId: string, name: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('cc_statuses')
    .select('name')
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .where('kind', 'in', ['available', 'custom'])
    .executeTakeFirst();
  return row?.name;
}

/**
 * Sets each of the tenant's agents named to `status` (a name settableStatus
 * returned), under their row locks; ids of other tenants match nothing.
 * Results come in agent id order.
 */
export async function setAgentStatuses(trx: CcDb, settings: SimulationSettings, tenantId: string, agentIds: readonly string[], status: string): Promise<StatusChange[]> {
  if (agentIds.length === 0) return [];
  const agents = await trx.selectFrom('cc_agents').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', agentIds).orderBy('id').forUpdate().execute();
  const kinds = new Map(
    (await trx.selectFrom('cc_statuses').select(['name', 'kind']).where('tenant_id', '=', tenantId).execute()).map((row) => [row.name.toLowerCase(), row.kind]),
  );
  const changes: StatusChange[] = [];
  for (const agent of agents) {
    // A status the center no longer lists is treated as the platform's: only the platform leaves it.
    const fromSystem = (kinds.get(agent.status.toLowerCase()) ?? 'system') === 'system';
    if (fromSystem) {
      changes.push({ agent, previousStatus: agent.status, currentStatus: agent.status, message: `Agent can't be changed from system status '${systemStatusText(agent.status)}'` });
      continue;
    }
    if (agent.status !== status) {
      await trx.updateTable('cc_agents').set({ status, status_updated_at: new Date(), updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', agent.id).execute();
      if (status === 'Available') await offerAgent(trx, settings, tenantId, agent.id);
    }
    changes.push({ agent: { ...agent, status }, previousStatus: agent.status, currentStatus: status });
  }
  return changes;
}

/** One agent's entry in the answers of `POST /agent_statuses` and its force_logout (the reference's shape). */
export function statusEntry({ agent, previousStatus, currentStatus, message }: StatusChange) {
  return {
    agent_id: Number(agent.id),
    name: `${agent.first_name} ${agent.last_name}`.trim(),
    email: agent.email,
    agent_number: agent.agent_number ?? '',
    previous_status: previousStatus,
    current_status: currentStatus,
    ...(message === undefined ? {} : { message }),
  };
}

/**
 * The reference's wording names system statuses in sentence case ("system
 * status 'In-call'") where the seed's status values are "In-Call": the
 * message follows the reference, the status fields the seed.
 */
function systemStatusText(status: string): string {
  return status.charAt(0) + status.slice(1).toLowerCase();
}
