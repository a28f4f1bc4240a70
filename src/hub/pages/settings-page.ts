/** What every Settings route does first: the signed-in user in their workspace, and the page frame. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { SafeHtml } from '../../platform/http/html.ts';
import { pendingInvitationsFor } from '../../platform/tenancy/invitations.ts';
import { page } from '../web/layout.ts';
import { inTenant, loginRedirect, signedIn, type InTenant } from '../web/page-session.ts';
import { INVITATIONS_PAGE } from './invitations-page.ts';

/** The user in their workspace, or undefined after redirecting to the sign-in page. */
export async function settingsUser(db: Kysely<Database>, request: FastifyRequest, reply: FastifyReply): Promise<InTenant | undefined> {
  const user = await signedIn(db, request);
  if (!user) {
    await reply.redirect(loginRedirect(request), 303);
    return undefined;
  }
  // Someone in no workspace yet who was invited to one answers the invitation first.
  if (user.memberships.length === 0 && (await pendingInvitationsFor(db, user.userId)).length > 0) {
    await reply.redirect(INVITATIONS_PAGE, 303);
    return undefined;
  }
  return inTenant(user);
}

export function sendSettingsPage(reply: FastifyReply, user: InTenant, title: string, body: SafeHtml, csrfToken = reply.generateCsrf()) {
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(page({ title, body, signedIn: { name: user.userName, tenantName: user.tenantName, csrfToken } }));
}
