/**
 * What the authorization endpoint allows an AI client (registered-clients.ts),
 * checked in front of the library.
 *
 * Anyone can register such a client with any https redirect URI, so an
 * error the library would send back to that URI before the user has done
 * anything turns the hub's own address into a redirect to wherever the
 * registrant likes (an open redirector: RFC 9700 §4.11.2, RFC 6749
 * §4.1.2.1). For these clients an error of the first authorization request
 * is shown on the hub's page instead; errors after the user's decision
 * (access_denied on Deny) are redirected as usual, since the user chose to
 * connect that client. `response_mode` other than `query` is refused for
 * the same reason: its errors travel in a page that posts or a fragment.
 *
 * What they may ask for: the MCP server only (RFC 8707 `resource`
 * `<PUBLIC_URL>/mcp` or none), with a scope that includes `mcp`, since
 * their tokens carry nothing else (provider.ts, getResourceServerInfo);
 * otherwise the consent page would list scopes the token then lacks.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import { renderOAuthError } from './oauth-error-page.ts';
import { isAiClient } from './registered-clients.ts';

const AUTHORIZE = '/oauth/authorize';

function refuse(ctx: KoaContextWithOIDC, error: string, description: string): Promise<void> {
  ctx.status = 400;
  ctx.set('cache-control', 'no-store');
  return renderOAuthError(ctx, { error, error_description: description });
}

function redirectedError(ctx: KoaContextWithOIDC): { error: string; description: string } | undefined {
  if (ctx.status < 300 || ctx.status >= 400) return undefined;
  const location = URL.parse(String(ctx.response.get('location') ?? ''));
  const error = location?.searchParams.get('error');
  return error ? { error, description: location?.searchParams.get('error_description') ?? '' } : undefined;
}

export function aiClientAuthorizationGuard(mcpResource: string) {
  return async function guard(ctx: KoaContextWithOIDC, next: () => Promise<unknown>): Promise<void> {
    if (ctx.path !== AUTHORIZE || !isAiClient(String(ctx.query.client_id ?? ''))) {
      await next();
      return;
    }
    const { resource, scope, response_mode: responseMode } = ctx.query;
    if (responseMode !== undefined && responseMode !== 'query') return refuse(ctx, 'invalid_request', 'this client may only use response_mode=query');
    if (resource !== undefined && resource !== mcpResource) return refuse(ctx, 'invalid_target', `this client may only be authorized for ${mcpResource}`);
    if (!String(scope ?? '').split(' ').includes('mcp')) return refuse(ctx, 'invalid_scope', 'this client may only be granted the mcp scope');
    await next();
    const error = redirectedError(ctx);
    if (error) {
      ctx.remove('location');
      await refuse(ctx, error.error, error.description);
    }
  };
}
