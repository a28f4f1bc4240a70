/**
 * RFC 9728 protected resource metadata for the MCP server, which MCP
 * clients fetch after a 401 (its `WWW-Authenticate: Bearer
 * resource_metadata="…"`) to find the authorization server.
 *
 * - §3.1: the document of a resource with a path lives at the well-known
 *   URL with that path appended, `/.well-known/oauth-protected-resource/mcp`;
 *   clients that do not append the path try the root form, which serves the
 *   same document (the MCP server is the hub's one protected resource with
 *   such a document).
 * - §3.3: `resource` MUST be identical to the URL the client used; Claude
 *   refuses a document whose `resource` differs from the MCP URL it was given.
 * - Readable from any origin: browser-based MCP clients fetch it directly.
 */
import type { FastifyPluginAsync } from 'fastify';
import { mcpResource } from '../identity/api-resource.ts';
import type { Config } from '../../platform/config/config.ts';

export const PROTECTED_RESOURCE_PATHS = ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource'] as const;

export function protectedResourceMetadata(config: Config) {
  return {
    resource: mcpResource(config),
    authorization_servers: [config.publicUrl],
    scopes_supported: ['mcp'],
    // RFC 6750 §2.1 only: a token in the query string is refused (MCP authorization, "Token Requirements").
    bearer_methods_supported: ['header'],
    resource_name: 'CommonTime MCP server',
    resource_documentation: `${config.publicUrl}/docs/mcp.md`,
  };
}

export const protectedResourceRoutes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const body = JSON.stringify(protectedResourceMetadata(config));
  for (const url of PROTECTED_RESOURCE_PATHS) {
    app.get(url, async (_request, reply) =>
      reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=3600').type('application/json; charset=utf-8').send(body),
    );
    // The MCP SDK sends MCP-Protocol-Version with this fetch, which makes a browser ask first.
    app.options(url, async (_request, reply) =>
      reply
        .code(204)
        .header('access-control-allow-origin', '*')
        .header('access-control-allow-methods', 'GET')
        .header('access-control-allow-headers', 'mcp-protocol-version')
        .header('access-control-max-age', '600')
        .send(),
    );
  }
};
