/**
 * The shape of every search_* and list_* tool: free text, the tool's own
 * filters, a page size and a cursor in; `<key>: [...]`, how the text
 * matched (search.ts) and `next_cursor` out. A tool gives its table
 * (`spec`), the conditions its filters add to the tenant's, and how a row
 * becomes a result.
 */
import { sql, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import { decodeCursor, page } from './cursor.ts';
import * as input from './inputs.ts';
import type { Position } from './cursor.ts';
import { rankedSearch, type SearchSpec } from './search.ts';
import { semanticSearch } from './semantic-search.ts';
import { defineTool, type McpTool, type ToolContext } from './tool.ts';

const COMMON = { query: input.query, cursor: input.cursor };

/**
 * Semantic when the set has vectors, a provider is configured, there is a query and the first page was not
 * lexical; lexical otherwise, and when the query gets no vector (the provider failing or slow: a later page then
 * reads the lexical ranking from its offset, and its `match` says so).
 */
async function search<Row>(context: ToolContext, spec: SearchSpec, query: string | undefined, position: Position, limit: number) {
  const text = query?.trim() ?? '';
  const semantic = spec.vectors !== undefined && context.queryVectors !== undefined && text !== '' && (position.match === undefined || position.match === 'semantic');
  if (semantic) {
    const vector = await context.queryVectors!.vectorOf(text);
    if (vector) return semanticSearch<Row>(context.db, spec, text, { model: context.queryVectors!.model, vector }, position, limit);
  }
  return rankedSearch<Row>(context.db, spec, query, position.match === 'semantic' ? { offset: position.offset } : position, limit);
}

type Args<Filters extends z.ZodRawShape> = z.infer<z.ZodObject<Filters>> & { query?: string; cursor?: string; limit: number };

export function defineSearchTool<Filters extends z.ZodRawShape, Row>(tool: {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly filters: Filters;
  /** Largest and default page size. */
  readonly pageSize: readonly [number, number];
  /** The key of the results in the tool's result (`conversations`). */
  readonly key: string;
  readonly spec: Omit<SearchSpec, 'conditions'>;
  /** Conditions of the tool's filters on `t`; the tenant's comes first on its own. */
  readonly conditions: (args: Args<Filters>, context: ToolContext) => readonly RawBuilder<unknown>[];
  readonly item: (context: ToolContext, row: Row) => unknown;
}): McpTool {
  return defineTool({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    input: { query: COMMON.query, ...tool.filters, limit: input.limit(tool.pageSize[0], tool.pageSize[1]), cursor: COMMON.cursor },
    async run(context, raw) {
      const args = raw as unknown as Args<Filters>;
      const position = decodeCursor(args, args.cursor);
      const conditions = [sql`t.tenant_id = ${context.tenantId}`, ...tool.conditions(args, context)];
      const { rows, next } = await search<Row>(context, { ...tool.spec, conditions }, args.query, position, args.limit + 1);
      const { items, next_cursor } = page(rows, args.limit, args, next);
      return { [tool.key]: items.map((row) => tool.item(context, row)), match: next.match, ...(next_cursor ? { next_cursor } : {}) };
    },
  });
}
