import type { Config } from '../../platform/config/config.ts';

/** The API that access tokens are issued for (their audience, RFC 8707 §2). */
export function apiResource(config: Config): string {
  return config.publicUrl;
}

/**
 * The MCP server, a resource of its own (MCP authorization, "Token Audience Binding"):
 * clients name it exactly so (`resource=<PUBLIC_URL>/mcp`), and its tokens reach nothing else.
 */
export function mcpResource(config: Config): string {
  return `${config.publicUrl}/mcp`;
}
