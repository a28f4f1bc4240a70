/**
 * The MCP server of one request: its instructions, the tools of
 * tools/index.ts and the `commontime://` resources, over a ToolContext that
 * is the caller's workspace. mcp-plugin.ts builds one per HTTP request
 * (stateless transport), so nothing here outlives the request.
 *
 * Every tool is read-only and answers within the OData API's limits: at
 * most 50 results a page (100 topics), a statement timeout on every
 * query, and a slot of the per-workspace pool of concurrent calls, which
 * is sized like the OData API's streamed pages.
 *
 * A tool's failure the caller can act on (an unknown id, a bad cursor, an
 * OData error of query_odata) is a tool result with `isError` and the
 * message, which the model reads (MCP "Tools", error handling); anything
 * else is logged and answered with the request id only.
 */
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { sql, type Kysely } from 'kysely';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Logger } from '../../platform/logging/logger.ts';
import type { ConcurrencySlots } from '../../platform/limits/concurrency-slots.ts';
import type { ToolContext, McpTool } from './tool.ts';
import { TOOLS } from './tools/index.ts';
import { conversationItem, readConversation } from './tools/conversations.ts';
import { readAccount } from './tools/accounts.ts';

export const SERVER_INFO = { name: 'commontime', title: 'CommonTime', version: '0.1.0' } as const;

/** Longest a tool's statement may run, as a backstop: the tools' queries take milliseconds where indexes lead them. */
export const STATEMENT_TIMEOUT_MS = 10_000;

export const INSTRUCTIONS = `CommonTime holds one workspace's customer conversations and what was learnt from them. The data:
- Conversations: calls, meetings, chats, emails and tickets from connected services (Gong, Zoom, Zendesk, \u2026), each with a title, summary, sentiment (-1 to 1), participants, a transcript (fragments with speaker and time) and the CRM account it was matched to.
- Insights: the customer sentences that matter, each typed feature_request, pain_point, bug, question, objection, pricing, churn_risk, competitor or praise, with sentiment and importance, and the conversation and account it came from.
- Topics: themes that topic models group insights into, with counts and a weekly trend.
- CRM records: accounts (companies, with industry, revenue, owner and open opportunities), contacts (people), and the rest of the CRM through query_odata (opportunities, leads, owners, cases, tracker issues).
How to answer: search first (search_insights for what customers say, search_conversations for who said it when, list_topics for recurring themes, search_accounts and search_contacts for CRM records), then get_* for detail. Filter by account_id, time (from/to, ISO 8601) and type rather than adding such words to query. Lists page: pass next_cursor back as cursor. Every result has an id and a url; cite the urls of the conversations and insights your answer rests on. Quote insights as customers said them.`;

export interface ServerContext {
  readonly tool: Omit<ToolContext, 'db'>;
  readonly db: Kysely<any>;
  readonly slots: ConcurrencySlots;
  readonly log: Logger;
  readonly requestId: string;
}

/** Runs `work` on one connection whose statements time out (a transaction: `set local` ends with it). */
function withTimeout<T>(db: Kysely<any>, work: (db: Kysely<any>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('statement_timeout', ${String(STATEMENT_TIMEOUT_MS)}, true)`.execute(trx);
    return work(trx);
  });
}

function failure(context: ServerContext, error: unknown): CallToolResult {
  if (error instanceof AppError && error.expose) return { isError: true, content: [{ type: 'text', text: `${error.code}: ${error.message}` }] };
  context.log.error({ err: error, reqId: context.requestId }, 'MCP tool failed');
  return { isError: true, content: [{ type: 'text', text: `The tool failed on the server (request ${context.requestId}); try again later.` }] };
}

async function call(context: ServerContext, tool: McpTool, args: Record<string, unknown>): Promise<CallToolResult> {
  let slot;
  try {
    slot = context.slots.acquire(context.tool.tenantId);
    const result = tool.name === 'query_odata' ? await tool.run({ ...context.tool, db: context.db }, args) : await withTimeout(context.db, (db) => tool.run({ ...context.tool, db }, args));
    // MCP "Tools", structured content: the same JSON as text too, for clients that read only content.
    return { structuredContent: result, content: [{ type: 'text', text: JSON.stringify(result) }] };
  } catch (error) {
    return failure(context, error);
  } finally {
    slot?.release();
  }
}

export function createMcpServer(context: ServerContext): McpServer {
  const server = new McpServer(SERVER_INFO, { instructions: INSTRUCTIONS, capabilities: { tools: {}, resources: {} } });
  for (const tool of TOOLS) {
    server.registerTool(tool.name, { title: tool.title, description: tool.description, inputSchema: tool.input, annotations: { readOnlyHint: true, openWorldHint: false } }, (args: Record<string, unknown>) =>
      call(context, tool, args),
    );
  }
  const read = async (uri: URL, what: string, find: (db: Kysely<any>) => Promise<unknown>) => {
    const found = await withTimeout(context.db, find);
    if (found === undefined) throw new McpError(ErrorCode.InvalidParams, `No ${what} ${uri.href} in this workspace`);
    return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(found) }] };
  };
  server.registerResource(
    'conversation',
    new ResourceTemplate('commontime://conversations/{id}', { list: undefined }),
    { title: 'Conversation', description: 'A conversation with its participants, insights and the first 200 fragments of its transcript (get_conversation pages the rest).', mimeType: 'application/json' },
    (uri, { id }) =>
      read(uri, 'conversation', async (db) => {
        const found = await readConversation({ ...context.tool, db }, decodeURIComponent(String(id)), { offset: 0, limit: 200 });
        return found && { ...conversationItem({ ...context.tool, db }, found.conversation), participants: found.participants, insights: found.insights, transcript: found.fragments.slice(0, 200) };
      }),
  );
  server.registerResource(
    'account',
    new ResourceTemplate('commontime://accounts/{id}', { list: undefined }),
    { title: 'Account', description: 'A CRM account with its counts, open opportunities and latest conversations.', mimeType: 'application/json' },
    (uri, { id }) => read(uri, 'account', (db) => readAccount({ ...context.tool, db }, decodeURIComponent(String(id)))),
  );
  return server;
}
