/**
 * Agents as seed 003's objects show them: `agent_info` on calls and
 * transfers, `agent` on chats, and the user object of `GET /users`.
 */
import type { Selectable } from 'kysely';
import type { CcAgentsTable } from '../db/core-tables.ts';

export type AgentRow = Selectable<CcAgentsTable>;

/** The roles a user can hold; a new user is an Agent. */
export const AGENT_ROLES = ['Admin', 'Manager', 'Agent'] as const;

/** Seed 003: a call's `agent_info`, a transfer's `from_agent` and `to_agent`. */
export function agentInfo(agent: Pick<AgentRow, 'id' | 'first_name' | 'last_name' | 'agent_number'>) {
  return {
    id: Number(agent.id),
    name: `${agent.first_name} ${agent.last_name}`.trim(),
    last_name: agent.last_name,
    first_name: agent.first_name,
    agent_number: agent.agent_number ?? '',
    avatar_url: '',
  };
}

/** Seed 003, "Users": the user object; `deactivated_at` (null while active) stands for a status. */
export function userObject(agent: AgentRow, teams: readonly string[]) {
  return {
    id: Number(agent.id),
    email: agent.email,
    first_name: agent.first_name,
    last_name: agent.last_name,
    agent_number: agent.agent_number ?? '',
    location: agent.location ?? '',
    max_chat_limit: agent.max_chat_limit,
    max_chat_limit_enabled: agent.max_chat_limit_enabled,
    unrestricted_international_calling: agent.unrestricted_international_calling,
    deactivated_at: agent.deactivated_at?.toISOString() ?? null,
    ucaas_user_name: agent.ucaas_user_name ?? '',
    ucaas_sip_uri: agent.ucaas_sip_uri ?? '',
    external_user: agent.external_user,
    phone_numbers: agent.phone_numbers,
    extension_numbers: agent.extension_numbers,
    teams: teams.map((name) => ({ name })),
    roles: agent.roles.map((name) => ({ name })),
  };
}
