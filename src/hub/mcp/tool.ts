/**
 * What a tool is: a name, a description the model reads, its input as a
 * zod shape (the SDK publishes it as JSON Schema in tools/list and checks
 * arguments against it before `run`), and `run`, which returns the
 * structured result. mcp-server.ts registers every tool of tools/index.ts
 * the same way; scripts/mcp-docs.ts writes docs/mcp.md's tool reference
 * from the same definitions.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Principal } from '../identity/authenticate.ts';
import type { QueryVectors } from './query-vectors.ts';

export interface ToolContext {
  readonly db: Kysely<any>;
  readonly tenantId: string;
  readonly principal: Principal;
  readonly publicUrl: string;
  /** GET of an OData resource path with query (`Conversations?$top=5`) through the /odata route, as this caller. */
  readonly odata: (pathAndQuery: string) => Promise<{ status: number; body: string; contentType: string }>;
  /** Query vectors from the configured embedding provider (semantic-search.ts); absent with `EMBEDDINGS=none`. */
  readonly queryVectors?: QueryVectors;
}

export interface McpTool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: z.ZodRawShape;
  readonly run: (context: ToolContext, args: Record<string, unknown>) => Promise<Record<string, unknown>>;
}

/** A tool whose `run` sees its arguments typed by its own shape. */
export function defineTool<Shape extends z.ZodRawShape>(tool: {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: Shape;
  readonly run: (context: ToolContext, args: z.infer<z.ZodObject<Shape>>) => Promise<Record<string, unknown>>;
}): McpTool {
  return tool as unknown as McpTool;
}
