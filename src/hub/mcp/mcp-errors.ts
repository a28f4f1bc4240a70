/** Errors of the hub's MCP server (docs/mcp.md); the protocol's own errors are JSON-RPC errors from the SDK. */
import { defineError } from '../../platform/errors/app-error.ts';

export const McpErrors = {
  MCP_DISABLED: defineError('MCP_DISABLED', 403, 'An admin of this workspace turned MCP access off (Settings > AI agents)'),
  MCP_ORIGIN_REFUSED: defineError('MCP_ORIGIN_REFUSED', 403, 'Requests to /mcp from web pages of %s are refused; only pages of %s may send them'),
  MCP_NOT_FOUND: defineError('MCP_NOT_FOUND', 404, 'No %s %s in this workspace'),
  MCP_INVALID_CURSOR: defineError('MCP_INVALID_CURSOR', 400, 'The cursor is not one this tool returned for these arguments; call the tool again without a cursor'),
  MCP_INVALID_ARGUMENT: defineError('MCP_INVALID_ARGUMENT', 400, '%s'),
} as const;
