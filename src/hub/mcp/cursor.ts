/**
 * The opaque `cursor` of the tools that page: where the next page starts
 * (an offset into the ranking) and how it was matched, bound to the other
 * arguments by a digest, so that a cursor reused with a different query is
 * refused rather than read as a position in another ranking. Positions are
 * not secrets (every page is read in the caller's own workspace), so the
 * cursor is not signed.
 *
 * Offsets, not keysets: ranked results have no stable key order to resume
 * from. The deepest page is bounded (MAX_OFFSET), which keeps each call
 * within its time budget.
 */
import { createHash } from 'node:crypto';
import { McpErrors } from './mcp-errors.ts';

export interface Position {
  readonly offset: number;
  /** How the first page matched, kept for the following pages (search.ts). */
  readonly match?: string;
  /** Whether the first page's candidates came from the recency window (search.ts), kept likewise. */
  readonly window?: boolean;
  /** Under a semantic ranking (`match` 'semantic'), the lexical try whose candidates it blends (semantic-search.ts). */
  readonly lexical?: string;
}

export const MAX_OFFSET = 10_000;

const MATCHES: ReadonlySet<unknown> = new Set(['all', 'any', 'similar', 'none', 'semantic']);
const LEXICAL: ReadonlySet<unknown> = new Set(['all', 'any', 'similar']);

function digest(args: Record<string, unknown>): string {
  const { cursor: _cursor, ...rest } = args;
  const canonical = JSON.stringify(Object.keys(rest).sort().map((key) => [key, rest[key]]));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export function encodeCursor(args: Record<string, unknown>, position: Position): string {
  return Buffer.from(JSON.stringify({ ...position, d: digest(args) })).toString('base64url');
}

export function decodeCursor(args: Record<string, unknown>, cursor: string | undefined): Position {
  if (cursor === undefined) return { offset: 0 };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw McpErrors.MCP_INVALID_CURSOR();
  }
  const { offset, match, window, lexical, d } = (value ?? {}) as Record<string, unknown>;
  const valid =
    Number.isInteger(offset) && (offset as number) >= 0 && (offset as number) <= MAX_OFFSET && (match === undefined || MATCHES.has(match)) && (window === undefined || typeof window === 'boolean') &&
    (lexical === undefined ? match !== 'semantic' : match === 'semantic' && LEXICAL.has(lexical)) &&
    d === digest(args);
  if (!valid) throw McpErrors.MCP_INVALID_CURSOR();
  return { offset: offset as number, ...(match === undefined ? {} : { match: match as string }), ...(window === undefined ? {} : { window: window as boolean }),
    ...(lexical === undefined ? {} : { lexical: lexical as string }),
  };
}

/** The page's items and the cursor of the next one, from `limit + 1` rows read. */
export function page<T>(rows: readonly T[], limit: number, args: Record<string, unknown>, position: Position): { items: T[]; next_cursor?: string } {
  const more = rows.length > limit && position.offset + limit <= MAX_OFFSET;
  const items = rows.slice(0, limit);
  return more ? { items, next_cursor: encodeCursor(args, { ...position, offset: position.offset + limit }) } : { items };
}
