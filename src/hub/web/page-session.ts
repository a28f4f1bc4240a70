/**
 * Who is signed in to the pages, and in which workspace: read from the
 * session cookie on each request of a page route.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, MembershipRole } from '../../platform/db/schema.ts';
import { IdentityErrors } from '../identity/identity-errors.ts';
import { findSession, membershipsOf, SESSION_COOKIE, SESSION_TTL_SECONDS, type WebSession } from '../identity/web-sessions.ts';

export interface SignedIn extends WebSession {
  readonly sessionId: string;
  readonly memberships: readonly { tenantId: string; tenantName: string; role: MembershipRole; joinedAt: Date }[];
}

export interface InTenant extends SignedIn {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly role: MembershipRole;
}

export async function signedIn(db: Kysely<Database>, request: FastifyRequest): Promise<SignedIn | undefined> {
  const sessionId = request.cookies[SESSION_COOKIE];
  const session = await findSession(db, sessionId);
  if (!session || !sessionId) return undefined;
  return { ...session, sessionId, memberships: await membershipsOf(db, session.userId) };
}

export function setSessionCookie(reply: FastifyReply, sessionId: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, sessionId, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_TTL_SECONDS });
}

/**
 * The workspace a user works in until they choose one: the one they joined first. Not the first by name, so
 * that joining a workspace (named "AAA …" by whoever invited them) never moves their Settings or their OAuth
 * grants into it.
 */
export function defaultMembership(user: SignedIn): SignedIn['memberships'][number] | undefined {
  return user.memberships.find((m) => m.tenantId === user.activeTenantId) ?? [...user.memberships].sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime())[0];
}

/** The signed-in user in their active workspace (defaultMembership when none is chosen yet). */
export function inTenant(user: SignedIn): InTenant {
  const membership = defaultMembership(user);
  if (!membership) throw IdentityErrors.IDENTITY_NOT_A_MEMBER();
  return { ...user, tenantId: membership.tenantId, tenantName: membership.tenantName, role: membership.role };
}

export function requireAdmin(user: InTenant): void {
  if (user.role !== 'admin') throw IdentityErrors.IDENTITY_ADMIN_ONLY();
}

/** Where to send someone who must sign in first; the sign-in honours `return_to` only as a path on the hub (same-origin-path.ts). */
export function loginRedirect(request: FastifyRequest): string {
  return `/login?return_to=${encodeURIComponent(request.url)}`;
}
