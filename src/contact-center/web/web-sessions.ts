/**
 * Agents' sign-in to the contact center's pages: email and password of a
 * `cc_agents` row, per center (agents of two centers may share an email).
 * Sessions are random ids in an HttpOnly cookie, stored as their SHA-256,
 * for 12 hours (a shift). Password guessing is throttled per agent
 * (platform/tenancy/sign-in-throttle.ts).
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { digest } from '../../platform/secrets/digest.ts';
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from '../../platform/tenancy/password.ts';
import { assertNotThrottled, recordFailure } from '../../platform/tenancy/sign-in-throttle.ts';
import { MIN_PASSWORD_LENGTH } from '../../platform/tenancy/tenancy.ts';
import { TenancyErrors } from '../../platform/tenancy/tenancy-errors.ts';
import { centerBySubdomain } from '../centers/centers.ts';
import type { CcDb } from '../db/cc-database.ts';
import { forceLogout } from '../agent-statuses/force-logout.ts';
import { ContactCenterWebErrors } from './web-errors.ts';

export const CC_SESSION_COOKIE = 'cc_session';
export const CC_SESSION_TTL_SECONDS = 12 * 60 * 60;

export interface AgentSession {
  readonly tenantId: string;
  readonly subdomain: string;
  readonly agentId: string;
  readonly name: string;
  readonly email: string;
  readonly roles: readonly string[];
}

const throttleKey = (subdomain: string, email: string) => `cc:${subdomain.toLowerCase()}:${email.trim().toLowerCase()}`;

/** The agent these credentials sign in, or CC_WEB_LOGIN_FAILED without saying which part was wrong. */
export async function checkAgentCredentials(db: CcDb, subdomain: string, email: string, password: string): Promise<{ tenantId: string; agentId: string }> {
  const key = throttleKey(subdomain, email);
  await assertNotThrottled(db, key, (minutes, seconds) => ContactCenterWebErrors.CC_WEB_TOO_MANY_ATTEMPTS([minutes], { target: String(seconds) }));
  const center = await centerBySubdomain(db, subdomain.trim().toLowerCase());
  const agent = center
    ? await db
        .selectFrom('cc_agents')
        .select(['id', 'password_hash'])
        .where('tenant_id', '=', center.tenantId)
        .where(sql`lower(email)`, '=', email.trim().toLowerCase())
        .where('deactivated_at', 'is', null)
        .executeTakeFirst()
    : undefined;
  const ok = await verifyPassword(password, agent?.password_hash ?? UNKNOWN_USER_HASH);
  if (!center || !agent || !agent.password_hash || !ok) {
    await recordFailure(db, key);
    throw ContactCenterWebErrors.CC_WEB_LOGIN_FAILED();
  }
  return { tenantId: center.tenantId, agentId: agent.id };
}

export async function setAgentPassword(db: CcDb, tenantId: string, email: string, password: string): Promise<{ agentId: string }> {
  if (password.length < MIN_PASSWORD_LENGTH) throw TenancyErrors.TENANCY_WEAK_PASSWORD([MIN_PASSWORD_LENGTH]);
  const row = await db
    .updateTable('cc_agents')
    .set({ password_hash: await hashPassword(password), updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw TenancyErrors.TENANCY_USER_NOT_FOUND([email]);
  return { agentId: row.id };
}

/**
 * A session for the agent, who from now on is a person at the console
 * (console/agent-work.ts): online, no longer played by the simulation, and
 * Available if they were Offline. Their address is kept for forced logouts by IP.
 */
export async function createAgentSession(db: CcDb, tenantId: string, agentId: string, ip: string): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('cc_web_sessions')
      .values({ id_hash: digest(id), tenant_id: tenantId, agent_id: agentId, expires_at: new Date(Date.now() + CC_SESSION_TTL_SECONDS * 1000) })
      .execute();
    await trx
      .updateTable('cc_agents')
      .set({
        simulated: false,
        online: true,
        logout_pending: false,
        status: sql`case when status = 'Offline' then 'Available' else status end`,
        status_updated_at: sql`case when status = 'Offline' then now() else status_updated_at end`,
        last_login_at: new Date(),
        last_login_ip: isIP(ip) ? ip : null,
        updated_at: new Date(),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', agentId)
      .execute();
  });
  return id;
}

export async function agentSession(db: CcDb, request: FastifyRequest): Promise<AgentSession | undefined> {
  const id = request.cookies[CC_SESSION_COOKIE];
  if (!id || id.length > 100) return undefined;
  const row = await db
    .selectFrom('cc_web_sessions as s')
    .innerJoin('cc_agents as a', (join) => join.onRef('a.tenant_id', '=', 's.tenant_id').onRef('a.id', '=', 's.agent_id'))
    .innerJoin('cc_centers as c', 'c.tenant_id', 's.tenant_id')
    .select(['s.tenant_id', 'c.subdomain', 'a.id', 'a.first_name', 'a.last_name', 'a.email', 'a.roles'])
    .where('s.id_hash', '=', digest(id))
    .where('s.expires_at', '>', new Date())
    .where('a.deactivated_at', 'is', null)
    .executeTakeFirst();
  return row && { tenantId: row.tenant_id, subdomain: row.subdomain, agentId: row.id, name: `${row.first_name} ${row.last_name}`, email: row.email, roles: row.roles };
}

/**
 * Signs out: the agent's last session ended, they log out as a forced logout
 * does (at once when idle, when the call or chat in hand ends when busy), and
 * the simulation plays them again, in their open chats too.
 */
export async function endAgentSession(db: CcDb, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const id = request.cookies[CC_SESSION_COOKIE];
  reply.clearCookie(CC_SESSION_COOKIE, { path: '/' });
  if (!id || id.length > 100) return;
  await db.transaction().execute(async (trx) => {
    const ended = await trx.deleteFrom('cc_web_sessions').where('id_hash', '=', digest(id)).returning(['tenant_id', 'agent_id']).executeTakeFirst();
    if (ended) await leaveConsole(trx, ended.tenant_id, ended.agent_id);
  });
}

/** Expired sessions go, and agents left with none are signed out as by endAgentSession (the hourly purge). */
export async function expireAgentSessions(db: CcDb): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ended = await trx.deleteFrom('cc_web_sessions').where('expires_at', '<', new Date()).returning(['tenant_id', 'agent_id']).execute();
    const agents = new Map(ended.map((s) => [`${s.tenant_id}:${s.agent_id}`, s]));
    for (const { tenant_id, agent_id } of agents.values()) await leaveConsole(trx, tenant_id, agent_id);
  });
}

async function leaveConsole(trx: CcDb, tenantId: string, agentId: string): Promise<void> {
  // The agent's row lock first: of two sign-outs at once, the second sees the first's session gone.
  const agent = await trx.selectFrom('cc_agents').select('id').where('tenant_id', '=', tenantId).where('id', '=', agentId).forUpdate().executeTakeFirst();
  if (!agent) return;
  const other = await trx.selectFrom('cc_web_sessions').select('id_hash').where('tenant_id', '=', tenantId).where('agent_id', '=', agentId).where('expires_at', '>', new Date()).limit(1).executeTakeFirst();
  if (other) return;
  await forceLogout(trx, tenantId, { agentIds: [agentId], teamIds: [], ips: [] });
  await trx.updateTable('cc_agents').set({ simulated: true }).where('tenant_id', '=', tenantId).where('id', '=', agentId).execute();
  await trx.updateTable('cc_chats').set({ by_hand: false }).where('tenant_id', '=', tenantId).where('agent_id', '=', agentId).where('status', 'in', ['assigned', 'in_progress']).execute();
}

export function setAgentSessionCookie(reply: FastifyReply, id: string, secure: boolean): void {
  reply.setCookie(CC_SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: CC_SESSION_TTL_SECONDS });
}
