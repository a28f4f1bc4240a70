/**
 * The scopes a token can carry, one list for OAuth clients and personal
 * access tokens alike. The label is what users read on consent and settings pages.
 */
export const SCOPES = {
  'api:read': 'Read your workspace\u2019s data (OData API)',
  import: 'Import data',
  mcp: 'Connect AI agents (MCP)',
  webhooks: 'Manage webhooks',
} as const;

export type Scope = keyof typeof SCOPES;

/** Four/Four's documented default scope (docs/oauth.md, "Scopes"); an authorization request without `scope` gets it. */
export const DEFAULT_SCOPE: Scope = 'api:read';

export function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPES, value);
}
