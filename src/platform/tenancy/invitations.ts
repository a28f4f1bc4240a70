/**
 * Invitations to a workspace. An admin invites an email, and the user with
 * that email becomes a member when they next sign in. An invitation is kept
 * whether or not any account has the email, and looks the same either way,
 * so that inviting tells an admin nothing about the users of other
 * workspaces (docs/oauth.md, "Members of a workspace").
 */
import { sql, type Kysely } from 'kysely';
import type { Database, MembershipRole } from '../db/schema.ts';
import { checkEmail, checkRole } from './tenancy.ts';

/** Invites `email`, or changes the role of its invitation. */
export async function inviteToTenant(db: Kysely<Database>, input: { tenantId: string; email: string; role: string }): Promise<void> {
  const email = checkEmail(input.email).toLowerCase();
  checkRole(input.role);
  const role: MembershipRole = input.role;
  await db
    .insertInto('membership_invitations')
    .values({ tenant_id: input.tenantId, email, role })
    .onConflict((oc) => oc.columns(['tenant_id', 'email']).doUpdateSet({ role }))
    .execute();
}

export async function invitationsOf(db: Kysely<Database>, tenantId: string) {
  return db.selectFrom('membership_invitations').select(['email', 'role', 'created_at']).where('tenant_id', '=', tenantId).orderBy('email').execute();
}

export async function cancelInvitation(db: Kysely<Database>, input: { tenantId: string; email: string }): Promise<void> {
  await db.deleteFrom('membership_invitations').where('tenant_id', '=', input.tenantId).where('email', '=', input.email.trim().toLowerCase()).execute();
}

/** Makes the user a member of every workspace that invited their email (a membership they already have is kept as it is). */
export async function acceptInvitations(db: Kysely<Database>, userId: string): Promise<void> {
  await sql`
    with accepted as (
      delete from membership_invitations i using users u
      where u.id = ${userId} and i.email = lower(u.email)
      returning i.tenant_id, i.role
    )
    insert into memberships (tenant_id, user_id, role)
    select tenant_id, ${userId}, role from accepted
    on conflict (tenant_id, user_id) do nothing`.execute(db);
}
