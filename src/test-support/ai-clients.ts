/**
 * An MCP client's side of the authorization server, as Claude or ChatGPT
 * drive it: register (RFC 7591), authorize with PKCE for the MCP resource,
 * exchange the code. Tests of what a connected client can then do start here.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { authorize, tokenRequest } from './hub.ts';

export const CLAUDE_METADATA = {
  client_name: 'Claude',
  redirect_uris: ['https://claude.ai/api/mcp/auth_callback'],
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
} as const;

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export async function registerClient(hubUrl: string, metadata: Record<string, unknown>) {
  const response = await fetch(`${hubUrl}/oauth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(metadata) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

/** Registers `clientName`, has `email` allow it (in `tenantId` when they have several workspaces), and returns its tokens. */
export async function connectAiClient(hubUrl: string, options: { email: string; clientName?: string; tenantId?: string }) {
  const registered = await registerClient(hubUrl, { ...CLAUDE_METADATA, client_name: options.clientName ?? 'Claude' });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  const clientId = String(registered.body.client_id);
  const { verifier, challenge } = pkcePair();
  const redirectUri = CLAUDE_METADATA.redirect_uris[0];
  const resource = `${hubUrl}/mcp`;
  const { final } = await authorize(hubUrl, { clientId, redirectUri, email: options.email, tenantId: options.tenantId, extra: { code_challenge: challenge, code_challenge_method: 'S256', resource } });
  const code = final.location ? new URL(final.location).searchParams.get('code') : null;
  assert.ok(code, final.location ?? final.body.slice(0, 300));
  const token = await tokenRequest(hubUrl, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier, resource });
  assert.equal(token.status, 200, JSON.stringify(token.body));
  return { clientId, accessToken: String(token.body.access_token), refreshToken: String(token.body.refresh_token) };
}
