import type { Config } from '../../platform/config/config.ts';
import type { Challenge } from './authenticate.ts';

/** The API that access tokens are issued for (their audience, RFC 8707 §2). */
export function apiResource(config: Config): string {
  return config.publicUrl;
}

/** The MCP server, a resource of its own: its OAuth tokens carry exactly this audience (MCP authorization, "Token Audience Binding"). */
export function mcpResource(config: Config): string {
  return `${config.publicUrl}/mcp`;
}

/** RFC 9728 §3.1: the metadata of a resource with a path is at the well-known URL followed by that path. */
export function mcpResourceMetadataUrl(config: Config): string {
  return `${config.publicUrl}/.well-known/oauth-protected-resource/mcp`;
}

/**
 * RFC 9728 §5.1 and MCP authorization ("Protected Resource Metadata Discovery"): every refusal of /mcp
 * names the resource's metadata and the scope to ask for, so that a client starting from the URL alone
 * finds the authorization server; `error` only when credentials were sent (RFC 6750 §3.1).
 */
export function mcpChallenge(config: Config): Challenge {
  const base = `Bearer resource_metadata="${mcpResourceMetadataUrl(config)}", scope="mcp"`;
  return (error) => (error === undefined ? base : `${base}, error="${error}"`);
}
