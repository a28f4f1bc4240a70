/**
 * query_odata: any read the named tools do not cover, as a GET of the OData
 * API (docs/odata.md) made by the hub to itself with the caller's workspace
 * (tool.ts `odata`): the same parser, plans, tenant scoping, page sizes and
 * streaming limits as /odata, nothing re-implemented. Pages are at most
 * PAGE_SIZE entities (`Prefer: odata.maxpagesize`); the next link comes
 * back as `next_path` to pass as `path`.
 */
import { z } from 'zod';
import { McpErrors } from '../mcp-errors.ts';
import { defineTool } from '../tool.ts';

export const PAGE_SIZE = 50;

/** What a tool result may carry of a response: larger ones are refused with a hint to narrow them. */
export const MAX_RESULT_BYTES = 512 * 1024;

/** `Set?…`, `/odata/Set?…` or a whole next link of this hub, as the path and query after /odata/. */
function relativePath(publicUrl: string, path: string): string {
  let rest = path.trim();
  if (rest.startsWith(`${publicUrl}/odata/`)) rest = rest.slice(publicUrl.length + '/odata/'.length);
  else if (rest.startsWith('/odata/')) rest = rest.slice('/odata/'.length);
  else if (/^[a-z][a-z0-9+.-]*:/i.test(rest) || rest.startsWith('/')) throw McpErrors.MCP_INVALID_ARGUMENT(['path must be an OData path of this hub, such as Insights?$top=5 or a next_path']);
  // Spaces, non-ASCII and `#` as a model may write them (`$filter=type eq 'bug'`); escapes already there stay as they are.
  return rest.replace(/[^\x21-\x7e]|#/gu, (c) => encodeURIComponent(c));
}

export const queryOData = defineTool({
  name: 'query_odata',
  title: 'Query the OData API',
  description:
    'A read-only OData 4.01 query of the workspace\u2019s data, for what the other tools do not cover: any of the 21 entity sets (Conversations, Participants, Fragments, Insights, Topics, TopicModels, Accounts, Contacts, Leads, Opportunities, Owners, Cases, Calls, CalendarEvents, Labels, Chats, ChatMessages, Objects, TrackerProjects, TrackerIssues, TrackerComments) with $filter, $select, $expand, $orderby, $top, $search, $count and $compute, or $metadata for the schema. Example: Opportunities?$filter=is_closed eq false and amount gt 50000&$select=name,amount,stage&$orderby=amount desc&$top=10. At most 50 entities a page; pass next_path back as path for the next page.',
  input: {
    path: z.string().min(1).max(8000).describe('The resource path and query after /odata/, such as Insights?$filter=type eq \'bug\'&$top=5, or a next_path from a previous result.'),
  },
  async run(context, args) {
    const response = await context.odata(relativePath(context.publicUrl, args.path));
    if (Buffer.byteLength(response.body) > MAX_RESULT_BYTES) {
      throw McpErrors.MCP_INVALID_ARGUMENT([`The response is larger than ${MAX_RESULT_BYTES / 1024} KiB; narrow it with $select, $filter or a smaller $top`]);
    }
    if (!response.contentType.includes('json')) {
      if (response.status >= 400) throw McpErrors.MCP_INVALID_ARGUMENT([response.body.slice(0, 1000)]);
      return { status: response.status, text: response.body };
    }
    const body = JSON.parse(response.body) as Record<string, unknown>;
    if (response.status >= 400) {
      const error = (body.error ?? {}) as { code?: string; message?: string };
      throw McpErrors.MCP_INVALID_ARGUMENT([`OData ${response.status} ${error.code ?? ''}: ${error.message ?? ''}`]);
    }
    const next = body['@odata.nextLink'] ?? body['@nextLink'];
    const { '@odata.nextLink': _odata, '@nextLink': _plain, ...rest } = body;
    return { ...rest, ...(typeof next === 'string' ? { next_path: next.slice(`${context.publicUrl}/odata/`.length) } : {}) };
  },
});
