/**
 * The MCP server at /mcp: Streamable HTTP (MCP 2025-11-25 "Transports"),
 * stateless. Every POST gets a new server and transport (the SDK's
 * `sessionIdGenerator: undefined`, JSON responses rather than SSE), so no
 * session lives in a process and any number of processes behind a load
 * balancer answer any request. The server offers no server-to-client
 * stream, so GET answers 405 (the transport's "MUST either return
 * text/event-stream … or else return HTTP 405"), and there is no session
 * to end, so DELETE answers 405 too (the transport's MAY).
 *
 * A request from a web page of another origin is refused first (403
 * MCP_ORIGIN_REFUSED). Authentication comes next, and its refusals are the hub's: 401 with
 * `WWW-Authenticate: Bearer resource_metadata=…, scope="mcp"` (RFC 9728
 * §5.1) in the OData error body, 403 for a token without the `mcp` scope
 * or a workspace that turned MCP off. OAuth tokens must have been issued
 * for `<PUBLIC_URL>/mcp` exactly (identity/api-resource.ts), personal
 * access tokens need the `mcp` scope. Past authentication, the protocol's
 * own errors (a body that is not JSON, not JSON-RPC, an unsupported
 * protocol version, a wrong Accept header) are the SDK's JSON-RPC error
 * responses, which MCP clients read: the body reaches the SDK unparsed.
 *
 * Non-goals: sessions, resumable streams, server-initiated requests
 * (sampling, elicitation), which need a stream per session.
 * Guarded by mcp-plugin.test.ts (transport, auth, limits) and
 * mcp-tools.test.ts (each tool, across two workspaces).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { ServiceContext } from '../../platform/http/service.ts';
import { ConcurrencySlots } from '../../platform/limits/concurrency-slots.ts';
import type { Authenticator } from '../identity/authenticate.ts';
import { mcpEnabled } from './mcp-access.ts';
import { McpErrors } from './mcp-errors.ts';
import { createMcpServer } from './mcp-server.ts';
import { queryVectors } from './query-vectors.ts';
import { embeddingProviderFromConfig } from '../processing/embeddings/embedding-provider-from-config.ts';

export interface McpPluginOptions extends ServiceContext {
  /** The MCP resource's authenticator (tokens for `<PUBLIC_URL>/mcp`, scope `mcp`). */
  readonly authenticator: Authenticator;
  /** The API's, whose delegated credentials query_odata's requests to /odata carry. */
  readonly apiAuthenticator: Authenticator;
}

function webHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    for (const one of [value ?? []].flat()) headers.append(name, String(one));
  }
  return headers;
}

async function sendWebResponse(reply: FastifyReply, response: Response) {
  reply.code(response.status);
  response.headers.forEach((value, name) => void reply.header(name, value));
  return reply.send(Buffer.from(await response.arrayBuffer()));
}

export const mcpPlugin: FastifyPluginAsync<McpPluginOptions> = async (app, { db, config, logger, authenticator, apiAuthenticator }) => {
  // Encapsulated: only /mcp reads JSON as text, for the SDK to parse and to answer a parse error in JSON-RPC.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  // One provider for the server's life (EMBEDDINGS=onnx loads its model once), for search_insights' semantic ranking.
  const embeddings = embeddingProviderFromConfig(config, logger);
  const vectors = embeddings && queryVectors(embeddings, logger.child({ component: 'mcp-search' }));
  const slots = new ConcurrencySlots('MCP tool calls', { perKey: config.streamedPagesPerWorkspace, total: config.streamedPagesTotal });
  const preHandler = [
    // Streamable HTTP, "Security Warning": servers MUST validate Origin (DNS rebinding) and answer 403 when it is
    // invalid. Only the hub's own pages are a valid one; clients outside browsers send none.
    async (request: FastifyRequest) => {
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== config.publicUrl) throw McpErrors.MCP_ORIGIN_REFUSED([origin.slice(0, 200), config.publicUrl]);
    },
    authenticator.requireToken({ scope: 'mcp' }),
    async (request: FastifyRequest) => {
      if (!(await mcpEnabled(db, request.principal!.tenantId))) throw McpErrors.MCP_DISABLED();
    },
  ];

  app.post('/mcp', { preHandler }, async (request, reply) => {
    const principal = request.principal!;
    const odata = async (pathAndQuery: string) => {
      const delegated = apiAuthenticator.delegate(principal, ['api:read']);
      try {
        const response = await app.inject({ method: 'GET', url: `/odata/${pathAndQuery}`, headers: { authorization: delegated.authorization, prefer: 'odata.maxpagesize=50', accept: 'application/json' } });
        return { status: response.statusCode, body: response.body, contentType: String(response.headers['content-type'] ?? '') };
      } finally {
        delegated.release();
      }
    };
    const server = createMcpServer({ tool: { tenantId: principal.tenantId, principal, publicUrl: config.publicUrl, odata, ...(vectors ? { queryVectors: vectors } : {}) }, db, slots, log: logger, requestId: request.id });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    try {
      await server.connect(transport);
      const body = typeof request.body === 'string' ? request.body : undefined;
      const response = await transport.handleRequest(new Request(new URL('/mcp', config.publicUrl), { method: 'POST', headers: webHeaders(request), body }));
      return await sendWebResponse(reply, response);
    } finally {
      await server.close();
    }
  });

  const methodNotAllowed = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.code(405).header('allow', 'POST').send({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this server is stateless; send JSON-RPC requests with POST' }, id: null });
  app.get('/mcp', { preHandler }, methodNotAllowed);
  app.delete('/mcp', { preHandler }, methodNotAllowed);
};
