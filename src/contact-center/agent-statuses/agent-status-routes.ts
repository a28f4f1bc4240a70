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
import { setAgentStatuses, settableStatus, statusEntry } from '../directory/agent-status.ts';
import { centerOf } from '../http/authenticate.ts';
import { objectBody, optionalId, pathId } from '../http/inputs.ts';
import { centerSettings } from '../simulation/center-settings.ts';
import { AgentStatusErrors } from './agent-status-errors.ts';
import { forceLogout, forceLogoutJobView, needsJob, submitForceLogout } from './force-logout.ts';
import { ContactCenterErrors } from '../cc-errors.ts';
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

  app.post('/agent_statuses/force_logout', { bodyLimit: 64 * 1024 }, async (request, reply) => {
    const { tenantId } = centerOf(request);
    const body = objectBody(request.body);
    const agentIds = ids(body.agent_ids);
    const teamIds = ids(body.team_ids);
    const ips = ipPatterns(body.ip_addrs);
    if (!ips) throw AgentStatusErrors.CC_FORCE_LOGOUT_IPS([MAX_STATUS_TARGETS]);
    if (!agentIds || !teamIds || agentIds.length + teamIds.length + ips.length === 0 || agentIds.length + teamIds.length + ips.length > MAX_STATUS_TARGETS) {
      throw AgentStatusErrors.CC_FORCE_LOGOUT_TARGETS([MAX_STATUS_TARGETS]);
    }
    const outcome = await db.transaction().execute(async (trx) => {
      const targets = { agentIds, teamIds, ips };
      if (await needsJob(trx, tenantId, targets)) return { jobId: await submitForceLogout(trx, tenantId, targets) };
      return { changes: await forceLogout(trx, tenantId, targets) };
    });
    if ('jobId' in outcome) return reply.code(202).send({ job_id: Number(outcome.jobId), status: 'created' });
    return outcome.changes.map(statusEntry);
  });

  app.get<{ Params: { id: string } }>('/agent_statuses/force_logout/jobs/:id', async (request) => {
    const job = await forceLogoutJobView(db, centerOf(request).tenantId, pathId(request.params.id));
    if (!job) throw ContactCenterErrors.CC_NOT_FOUND();
    return job;
  });
};

/** `ip_addrs`, a list of patterns or one string of them separated by commas; undefined when any is unreadable (or is not a string). */
function ipPatterns(value: unknown): IpPattern[] | undefined {
  const given = value === undefined || value === null ? [] : typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(given) || !given.every((t) => typeof t === 'string')) return undefined;
  const texts = given.map((t) => t.trim()).filter((t) => t !== '');
  if (texts.length > MAX_STATUS_TARGETS) return undefined;
  const patterns = texts.map(readIpPattern);
  return patterns.every((p): p is IpPattern => p !== undefined) ? patterns : undefined;
}
