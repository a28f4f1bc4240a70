/**
 * Invitations to a workspace. An admin invites an email; the user with that
 * email sees the invitation after signing in, naming the workspace and the
 * admin, and accepts or declines it. Nothing joins them without that answer.
 * An invitation is kept whether or not any account has the email, and looks
 * the same either way, so that inviting tells an admin nothing about the
 * users of other workspaces. It expires after INVITATION_TTL_DAYS, and a
 * workspace holds at most MAX_OPEN_INVITATIONS (docs/oauth.md, "Members of a
 * workspace").
 */
import { sql, type Kysely } from 'kysely';
import type { Database, MembershipRole } from '../db/schema.ts';
import { TenancyErrors } from './tenancy-errors.ts';
import { checkEmail, checkRole, isUuid } from './tenancy.ts';

export const INVITATION_TTL_DAYS = 14;
export const MAX_OPEN_INVITATIONS = 500;

const open = sql<boolean>`created_at > now() - make_interval(days => ${INVITATION_TTL_DAYS})`;

/** Invites `email`; TENANCY_TOO_MANY_INVITATIONS when the workspace holds MAX_OPEN_INVITATIONS others. */
export async function inviteToTenant(db: Kysely<Database>, input: { tenantId: string; email: string; role: string; invitedBy: string }): Promise<void> {
  const email = checkEmail(input.email).toLowerCase();
  checkRole(input.role);
  const role: MembershipRole = input.role;
  const invite = async (trx: Kysely<Database>) => {
    // Serialises invitations to one workspace, so concurrent forms cannot pass the cap together.
    await trx.selectFrom('tenants').select('id').where('id', '=', input.tenantId).forUpdate().execute();
    const { count } = await trx
      .selectFrom('membership_invitations')
      .select(sql<string>`count(*)`.as('count'))
      .where('tenant_id', '=', input.tenantId)
      .where('email', '<>', email)
      .where(open)
      .executeTakeFirstOrThrow();
    if (Number(count) >= MAX_OPEN_INVITATIONS) throw TenancyErrors.TENANCY_TOO_MANY_INVITATIONS([String(MAX_OPEN_INVITATIONS)]);
    // Inviting again renews the invitation: a new role, inviter and expiry.
    await trx.deleteFrom('membership_invitations').where('tenant_id', '=', input.tenantId).where('email', '=', email).execute();
    await trx.insertInto('membership_invitations').values({ tenant_id: input.tenantId, email, role, invited_by: input.invitedBy }).execute();
  };
  await db.transaction().execute(invite);
}

/** The workspace's open invitations, for its admins. */
export async function invitationsOf(db: Kysely<Database>, tenantId: string) {
  return db.selectFrom('membership_invitations').select(['email', 'role', 'created_at']).where('tenant_id', '=', tenantId).where(open).orderBy('email').execute();
}

export async function cancelInvitation(db: Kysely<Database>, input: { tenantId: string; email: string }): Promise<void> {
  await db.deleteFrom('membership_invitations').where('tenant_id', '=', input.tenantId).where('email', '=', input.email.trim().toLowerCase()).execute();
}

/** The open invitations to the user's email, from workspaces they are not in yet. */
export async function pendingInvitationsFor(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('membership_invitations as i')
    .innerJoin('users as u', (join) => join.on(sql`i.email`, '=', sql`lower(u.email)`))
    .innerJoin('tenants as t', 't.id', 'i.tenant_id')
    .leftJoin('users as by', 'by.id', 'i.invited_by')
    .select(['t.id as tenantId', 't.name as tenantName', 'i.role', 'by.name as inviterName', 'by.email as inviterEmail'])
    .where('u.id', '=', userId)
    .where(sql<boolean>`i.created_at > now() - make_interval(days => ${INVITATION_TTL_DAYS})`)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('memberships as m').select('m.user_id').whereRef('m.tenant_id', '=', 'i.tenant_id').where('m.user_id', '=', userId))))
    .orderBy('t.name')
    .orderBy('t.id')
    .execute();
}

/** Removes the user's open invitation to the workspace, returning its role; TENANCY_INVITATION_NOT_FOUND if there is none. */
async function takeInvitation(db: Kysely<Database>, userId: string, tenantId: string): Promise<MembershipRole> {
  if (!isUuid(tenantId)) throw TenancyErrors.TENANCY_INVITATION_NOT_FOUND();
  const { rows } = await sql<{ role: MembershipRole }>`
    delete from membership_invitations i using users u
    where u.id = ${userId} and i.email = lower(u.email) and i.tenant_id = ${tenantId}
      and i.created_at > now() - make_interval(days => ${INVITATION_TTL_DAYS})
    returning i.role`.execute(db);
  if (!rows[0]) throw TenancyErrors.TENANCY_INVITATION_NOT_FOUND();
  return rows[0].role;
}

/** The user answers yes: they join with the invited role (a membership they already have is kept as it is). */
export async function acceptInvitation(db: Kysely<Database>, userId: string, tenantId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const role = await takeInvitation(trx, userId, tenantId);
    await trx.insertInto('memberships').values({ tenant_id: tenantId, user_id: userId, role }).onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doNothing()).execute();
  });
}

/** The user answers no: the invitation is gone, and the admin sees it no longer. */
export async function declineInvitation(db: Kysely<Database>, userId: string, tenantId: string): Promise<void> {
  await takeInvitation(db, userId, tenantId);
}
