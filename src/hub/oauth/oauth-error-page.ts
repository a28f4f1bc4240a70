/**
 * What a user sees when an authorization request cannot be answered with a
 * redirect (unknown client, unregistered redirect_uri: RFC 6749 §4.1.2.1
 * forbids redirecting then). The description comes from oidc-provider and
 * never carries secrets.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import { errorPage } from '../web/layout.ts';

export async function renderOAuthError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): Promise<void> {
  ctx.type = 'html';
  ctx.body = errorPage('This authorization request cannot be completed', `${out.error}: ${out.error_description ?? 'the request is invalid'}`);
}
