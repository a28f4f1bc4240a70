/**
 * Seed 003, "Force Logout Agents": online agents go Offline; an agent with a
 * call or chat in hand is marked logout_pending and goes Offline when that
 * work ends (simulation/agent-routing.ts releaseAgent).
 */
import type { Task } from 'graphile-worker';
import { enqueue } from '../../platform/jobs/job-queue.ts';
import type { CcDb } from '../db/cc-database.ts';
import { statusEntry, type StatusChange } from '../directory/agent-status.ts';
import { ipMatches, type IpPattern } from './ip-match.ts';

export interface LogoutTargets {
  readonly agentIds: readonly string[];
  readonly teamIds: readonly string[];
  readonly ips: readonly IpPattern[];
}

export const PENDING_MESSAGE = 'Agent will be logged out when the current call or chat ends';
export const NOT_LOGGED_IN_MESSAGE = 'Agent is not logged in';

/** The tenant's agents the targets name; another tenant's ids match nothing. */
function matched(trx: CcDb, tenantId: string, { agentIds, teamIds, ips }: LogoutTargets) {
  return trx
    .selectFrom('cc_agents as a')
    .where('a.tenant_id', '=', tenantId)
    .where((eb) => {
      const any = [];
      if (agentIds.length > 0) any.push(eb('a.id', 'in', agentIds));
      if (teamIds.length > 0) {
        any.push(eb.exists(eb.selectFrom('cc_agent_teams as m').select('m.agent_id').where('m.tenant_id', '=', tenantId).whereRef('m.agent_id', '=', 'a.id').where('m.team_id', 'in', teamIds)));
      }
      for (const ip of ips) any.push(eb.and([eb('a.last_login_ip', 'is not', null), ipMatches('a.last_login_ip', ip)]));
      return eb.or(any);
    });
}

/**
 * Above this many agents the request becomes a job: the answer comes at once
 * (202 with the job's id) and no request holds hundreds of row locks.
 */
export const FORCE_LOGOUT_JOB_THRESHOLD = 100;

/** Whether the targets name more agents than one request forces out itself; counts no further than that. */
export async function needsJob(trx: CcDb, tenantId: string, targets: LogoutTargets): Promise<boolean> {
  const rows = await matched(trx, tenantId, targets).select('a.id').limit(FORCE_LOGOUT_JOB_THRESHOLD + 1).execute();
  return rows.length > FORCE_LOGOUT_JOB_THRESHOLD;
}

export async function forceLogout(trx: CcDb, tenantId: string, targets: LogoutTargets): Promise<StatusChange[]> {
  const agents = await matched(trx, tenantId, targets).selectAll('a').orderBy('a.id').forUpdate().execute();
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

export const FORCE_LOGOUT_TASK = 'contact-center:force-logout';

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'contact-center:force-logout': { tenantId: string; id: string };
    }
  }
}

/** Records the job and enqueues it in the caller's transaction. */
export async function submitForceLogout(trx: CcDb, tenantId: string, targets: LogoutTargets): Promise<string> {
  const job = await trx
    .insertInto('cc_force_logout_jobs')
    .values({ tenant_id: tenantId, targets: JSON.stringify(targets) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueue(trx, FORCE_LOGOUT_TASK, { tenantId, id: job.id }, { jobKey: `cc:force-logout:${tenantId}:${job.id}`, maxAttempts: 5 });
  return job.id;
}

export function forceLogoutTask(db: CcDb): Task<'contact-center:force-logout'> {
  return async ({ tenantId, id }) => {
    await db.transaction().execute(async (trx) => {
      const job = await trx.selectFrom('cc_force_logout_jobs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!job || job.status !== 'created') return;
      const changes = await forceLogout(trx, tenantId, job.targets);
      await trx.updateTable('cc_force_logout_jobs').set({ status: 'finished', results: JSON.stringify(changes.map(statusEntry)), finished_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    });
  };
}

export async function forceLogoutJobView(db: CcDb, tenantId: string, id: string) {
  const job = await db.selectFrom('cc_force_logout_jobs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!job) return undefined;
  return { job_id: Number(job.id), status: job.status, created_at: job.created_at.toISOString(), finished_at: job.finished_at?.toISOString() ?? null, results: job.results };
}
