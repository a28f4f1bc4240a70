/**
 * Applying one checked row of a bulk user file: the user named by `email`
 * is created, or updated (renamed when the row gives `new_email`); roles and
 * teams valued 1 are given, 0 taken away. "Inactive" deactivates the user,
 * logging them out as a forced logout would (at once when idle, when their
 * call or chat ends when busy); "Active" brings them back.
 */
import { sql } from 'kysely';
import type { CcDb } from '../db/cc-database.ts';
import { forceLogout } from '../agent-statuses/force-logout.ts';
import type { BulkDirectory, BulkUserRow } from './bulk-user-rows.ts';
import type { UpdateError } from './bulk-user-tables.ts';

/** Why a row that passed the scheme check was not applied; the job records it and goes on. */
export class RowFailure extends Error {
  readonly entry: UpdateError;

  constructor(entry: UpdateError) {
    super(entry.message);
    this.entry = entry;
  }
}

export async function loadDirectory(db: CcDb, tenantId: string): Promise<BulkDirectory> {
  const [locations, teams, center] = await Promise.all([
    db.selectFrom('cc_locations').select('name').where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('cc_teams').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('cc_centers').select('max_chat_limit').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow(),
  ]);
  return {
    locations: new Map(locations.map((l) => [l.name.toLowerCase(), l.name])),
    teams: new Map(teams.map((t) => [t.name.toLowerCase(), t])),
    maxChatLimit: center.max_chat_limit,
  };
}

export const byEmail = (trx: CcDb, tenantId: string, email: string) =>
  trx.selectFrom('cc_agents').selectAll().where('tenant_id', '=', tenantId).where(sql`lower(email)`, '=', email.toLowerCase());

function withRoles(current: readonly string[], changes: ReadonlyMap<string, boolean>): string[] {
  const roles = new Set(current);
  for (const [role, member] of changes) {
    if (member) roles.add(role);
    else roles.delete(role);
  }
  return [...roles];
}

/** Applies the row inside `trx`; answers what it did. */
export async function applyRow(trx: CcDb, tenantId: string, row: BulkUserRow): Promise<'create' | 'update'> {
  const existing = await byEmail(trx, tenantId, row.email).forUpdate().executeTakeFirst();
  const kind = existing ? 'update' : 'create';
  const fail = (column: string, message: string): never => {
    throw new RowFailure({ message, column, row: row.row, error_type: kind });
  };
  const fields = {
    first_name: row.firstName,
    last_name: row.lastName,
    ...(row.agentNumber !== undefined ? { agent_number: row.agentNumber } : {}),
    ...(row.location !== undefined ? { location: row.location } : {}),
    ...(row.maxChatLimit !== undefined ? { max_chat_limit: row.maxChatLimit } : {}),
    ...(row.maxChatLimitEnabled !== undefined ? { max_chat_limit_enabled: row.maxChatLimitEnabled } : {}),
  };
  let agentId: string;
  if (!existing) {
    if (row.newEmail !== undefined) fail('new_email', 'No user has this email to change; a new user is created with email alone');
    const created = await trx
      .insertInto('cc_agents')
      .values({ tenant_id: tenantId, email: row.email, ...fields, roles: withRoles(['Agent'], row.roles), deactivated_at: row.active === false ? new Date() : null })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!created) fail('email', 'Another request created a user with this email meanwhile');
    agentId = created!.id;
  } else {
    agentId = existing.id;
    const rename = row.newEmail !== undefined && row.newEmail.toLowerCase() !== existing.email.toLowerCase();
    if (rename && (await byEmail(trx, tenantId, row.newEmail!).executeTakeFirst())) fail('new_email', 'Has already been taken by another user');
    if (row.active === false && existing.deactivated_at === null) await forceLogout(trx, tenantId, { agentIds: [existing.id], teamIds: [], ips: [] });
    await trx
      .updateTable('cc_agents')
      .set({
        ...fields,
        ...(rename ? { email: row.newEmail! } : {}),
        ...(row.roles.size > 0 ? { roles: withRoles(existing.roles, row.roles) } : {}),
        ...(row.active === false && existing.deactivated_at === null ? { deactivated_at: new Date() } : {}),
        ...(row.active === true ? { deactivated_at: null } : {}),
        updated_at: new Date(),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', existing.id)
      .execute();
  }
  const joins = [...row.teams].filter(([, member]) => member).map(([teamId]) => ({ tenant_id: tenantId, team_id: teamId, agent_id: agentId }));
  const leaves = [...row.teams].filter(([, member]) => !member).map(([teamId]) => teamId);
  if (joins.length > 0) await trx.insertInto('cc_agent_teams').values(joins).onConflict((oc) => oc.doNothing()).execute();
  if (leaves.length > 0) await trx.deleteFrom('cc_agent_teams').where('tenant_id', '=', tenantId).where('agent_id', '=', agentId).where('team_id', 'in', leaves).execute();
  return kind;
}
