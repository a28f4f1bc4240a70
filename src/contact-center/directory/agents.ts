/**
 * Agents as seed 003's objects show them: `agent_info` on calls and
 * transfers, `agent` on chats, and the user object of `GET /users`.
 */
import type { Selectable } from 'kysely';
import type { CcAgentsTable } from '../db/core-tables.ts';

export type AgentRow = Selectable<CcAgentsTable>;

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
