/**
 * `POST /agent_statuses` (seed 003, "Agent Status Endpoint"; body and answer
 * in the reference): sets agents, named one by one or by team, to
 * "Available" or a custom status. `POST /agent_statuses/force_logout`
 * ("Force Logout Agents") logs agents out, named also by the addresses
 * they logged in from. Ids of other tenants' agents and teams
 * match nothing, so they are absent from the answer, as unknown ids are.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServiceContext } from '../../platform/http/service.ts';
import { ccDb } from '../db/cc-database.ts';
import { setAgentStatuses, settableStatus, type StatusChange } from '../directory/agent-status.ts';
import { centerOf } from '../http/authenticate.ts';
import { objectBody, optionalId } from '../http/inputs.ts';
import { centerSettings } from '../simulation/center-settings.ts';
import { AgentStatusErrors } from './agent-status-errors.ts';
import { forceLogout } from './force-logout.ts';
import { readIpPattern, type IpPattern } from './ip-match.ts';

/** Agents and teams named in one request, together: one request is one transaction. */
export const MAX_STATUS_TARGETS = 1000;

function ids(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_STATUS_TARGETS) return undefined;
  const parsed = value.map(optionalId);
  return parsed.every((id): id is string => typeof id === 'string') ? [...new Set(parsed)] : undefined;
}

export const agentStatusRoutes: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);

  app.post('/agent_statuses', { bodyLimit: 64 * 1024 }, async (request) => {
    const { tenantId } = centerOf(request);
    const body = objectBody(request.body);
    if (typeof body.status !== 'string' || body.status.trim() === '') throw AgentStatusErrors.CC_AGENT_STATUS_REQUIRED();
    const agentIds = ids(body.agent_ids);
    const teamIds = ids(body.team_ids);
    if (!agentIds || !teamIds || agentIds.length + teamIds.length === 0 || agentIds.length + teamIds.length > MAX_STATUS_TARGETS) {
      throw AgentStatusErrors.CC_AGENT_STATUS_TARGETS([MAX_STATUS_TARGETS]);
    }
    const status = await settableStatus(db, tenantId, body.status.trim().slice(0, 100));
    if (!status) throw AgentStatusErrors.CC_AGENT_STATUS_INVALID([body.status.trim().slice(0, 100)]);
    const settings = await centerSettings(db, tenantId, context.config);
    const changes = await db.transaction().execute(async (trx) => {
      const members = teamIds.length === 0 ? [] : await trx.selectFrom('cc_agent_teams').select('agent_id').where('tenant_id', '=', tenantId).where('team_id', 'in', teamIds).execute();
      return setAgentStatuses(trx, settings, tenantId, [...new Set([...agentIds, ...members.map((m) => String(m.agent_id))])], status);
    });
    return changes.map(statusEntry);
  });

  app.post('/agent_statuses/force_logout', { bodyLimit: 64 * 1024 }, async (request) => {
    const { tenantId } = centerOf(request);
    const body = objectBody(request.body);
    const agentIds = ids(body.agent_ids);
    const teamIds = ids(body.team_ids);
    const ips = ipPatterns(body.ip_addrs);
    if (!ips) throw AgentStatusErrors.CC_FORCE_LOGOUT_IPS([MAX_STATUS_TARGETS]);
    if (!agentIds || !teamIds || agentIds.length + teamIds.length + ips.length === 0 || agentIds.length + teamIds.length + ips.length > MAX_STATUS_TARGETS) {
      throw AgentStatusErrors.CC_FORCE_LOGOUT_TARGETS([MAX_STATUS_TARGETS]);
    }
    const changes = await db.transaction().execute((trx) => forceLogout(trx, tenantId, { agentIds, teamIds, ips }));
    return changes.map(statusEntry);
  });
};

/** One agent's entry in the answers of both endpoints (the reference's shape). */
function statusEntry({ agent, previousStatus, currentStatus, message }: StatusChange) {
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

/** `ip_addrs`: a list of patterns, or one string of them separated by commas; undefined when any is unreadable. */
function ipPatterns(value: unknown): IpPattern[] | undefined {
  if (value === undefined || value === null) return [];
  const texts = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(texts) || texts.length > MAX_STATUS_TARGETS || !texts.every((t) => typeof t === 'string')) return undefined;
  const patterns = texts.filter((t) => t.trim() !== '').map(readIpPattern);
  return patterns.every((p): p is IpPattern => p !== undefined) ? patterns : undefined;
}
