/**
 * A hub on a loopback port with a workspace, its admin and an OAuth client:
 * the fixture of the identity tests.
 */
import { hubService } from '../hub/hub-service.ts';
import { createClient } from '../hub/oauth/oauth-clients.ts';
import { createTenant } from '../platform/tenancy/tenancy.ts';
import type { Db } from '../platform/db/database.ts';
import type { Logger } from '../platform/logging/logger.ts';
import { startTestServer, type TestServer } from './http.ts';
import { freePort } from './processes.ts';
import { WebUser, type Hop } from './web-user.ts';

export interface HubFixture extends TestServer {
  readonly db: Db;
}

/** PUBLIC_URL must equal the address the tests use, so the hub listens on a port chosen up front. */
export async function startHub(db: Db, env: Record<string, string> = {}, logger?: Logger): Promise<HubFixture> {
  const port = await freePort();
  const server = await startTestServer(hubService, db, { env: { PUBLIC_URL: `http://127.0.0.1:${port}`, ...env }, port, logger });
  return { ...server, db };
}

export const PASSWORD = 'correct horse battery';

export async function workspace(db: Db, name: string, email: string) {
  const { tenantId, userId } = await createTenant(db, { name, admin: { email, password: PASSWORD, name: `${name} Admin` } });
  return { tenantId, userId, email };
}

export async function oauthClient(db: Db, tenantId: string, redirectUri: string) {
  return createClient(db, tenantId, { name: 'Acme Integration', redirectUris: [redirectUri] });
}

export interface AuthorizeOptions {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly email: string;
  readonly state?: string;
  readonly scope?: string;
  readonly decision?: 'allow' | 'deny';
  readonly tenantId?: string;
  readonly extra?: Record<string, string>;
}

/** Runs the authorization endpoint as a user would (login, tenant, consent); returns the hop that leaves the hub. */
export async function authorize(hubUrl: string, options: AuthorizeOptions, user = new WebUser(hubUrl)): Promise<{ final: Hop; user: WebUser }> {
  const query = new URLSearchParams({ response_type: 'code', client_id: options.clientId, redirect_uri: options.redirectUri, state: options.state ?? 'xyz', ...options.extra });
  if (options.scope) query.set('scope', options.scope);
  let hop = await user.follow(`/oauth/authorize?${query}`);
  if (hop.body.includes('action="/interaction/') && hop.body.includes('/login"')) {
    const action = /action="(\/interaction\/[^"]+\/login)"/.exec(hop.body)![1]!;
    hop = await user.follow(action, { form: { _csrf: WebUser.csrf(hop.body), email: options.email, password: PASSWORD } });
  }
  if (hop.body.includes('Choose a workspace')) {
    const uid = /action="\/interaction\/([^"]+)"/.exec(hop.body)![1]!;
    hop = await user.follow(`/interaction/${uid}?tenant=${options.tenantId}`);
  }
  if (hop.body.includes('/consent"')) {
    const action = /action="(\/interaction\/[^"]+\/consent)"/.exec(hop.body)![1]!;
    const tenantId = options.tenantId ?? /name="tenant_id" value="([^"]+)"/.exec(hop.body)![1]!;
    hop = await user.follow(action, { form: { _csrf: WebUser.csrf(hop.body), tenant_id: tenantId, decision: options.decision ?? 'allow' } });
  }
  return { final: hop, user };
}

export async function tokenRequest(hubUrl: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${hubUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}
