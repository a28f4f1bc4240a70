/**
 * The values of the query options that may appear both in the query string
 * and inside parentheses (`$expand=Items($top=2)`), read in place: each reader
 * stops where its grammar ends, and the caller checks what follows (the end of
 * the value at the top level; `;` or `)` when nested).
 */
import type { ExprNode, QueryOptionsFields } from '../ast/index.ts';
import { parseComputeItems } from './compute-parser.ts';
import { parseExpandItems } from './expand-parser.ts';
import { parseCommonExpr } from './expression-parser.ts';
import { parseOrderByItems } from './orderby-parser.ts';
import type { Scanner } from './scanner.ts';
import { quoted } from './syntax-error.ts';
import { parseSearchExpr } from './search-parser.ts';
import { parseSelectItems } from './select-parser.ts';

export type SharedOption = 'filter' | 'orderby' | 'select' | 'expand' | 'search' | 'top' | 'skip' | 'count' | 'compute' | 'apply' | 'levels';

export const SHARED_OPTIONS: ReadonlySet<string> = new Set<SharedOption>(['filter', 'orderby', 'select', 'expand', 'search', 'top', 'skip', 'count', 'compute', 'apply', 'levels']);

/** Mutable while the options of one level are read; frozen by `QueryOptionsNode.create`. */
export type OptionsDraft = { -readonly [K in keyof QueryOptionsFields]: QueryOptionsFields[K] } & { aliases: [string, ExprNode][] };

/**
 * top  = ( "$top" / "top" ) EQ 1*DIGIT
 * skip = ( "$skip" / "skip" ) EQ 1*DIGIT
 */
function readCount(s: Scanner, what: string): number {
  const digits = s.match(/[0-9]+/y)?.[0] ?? s.expected(`a non-negative integer for ${what}`);
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) s.fail(`${what} must be at most ${Number.MAX_SAFE_INTEGER}, found ${quoted(digits)}`);
  s.pos += digits.length;
  return value;
}

/** inlinecount = ( "$count" / "count" ) EQ boolean */
function readBoolean(s: Scanner): boolean {
  const word = s.identifierAt()?.toLowerCase();
  if (word !== 'true' && word !== 'false') s.expected('true or false');
  s.pos += word.length;
  return word === 'true';
}

/** levels = ( "$levels" / "levels" ) EQ ( oneToNine *DIGIT / "max" ) */
function readLevels(s: Scanner): number | 'max' {
  if (s.identifierAt()?.toLowerCase() === 'max') {
    s.pos += 3;
    return 'max';
  }
  const digits = s.match(/[1-9][0-9]*/y)?.[0] ?? s.expected('a positive number without leading zeros, or max');
  s.pos += digits.length;
  if (!Number.isSafeInteger(Number(digits))) s.fail(`$levels must be at most ${Number.MAX_SAFE_INTEGER}`);
  return Number(digits);
}

/**
 * `$apply` is kept as written (the engine answers it 501). Nested, the value
 * ends at the first `;` or unmatched `)` outside quotes.
 */
function readRaw(s: Scanner, nested: boolean, what: string): string {
  const start = s.pos;
  let depth = 0;
  while (!s.atEnd && nested) {
    const c = s.peek();
    if (c === "'" || c === '"') {
      const close = s.text.indexOf(c, s.pos + 1);
      if (close === -1) break;
      s.pos = close + 1;
      continue;
    }
    if ((c === ';' || c === ')') && depth === 0) break;
    if (c === '(') depth++;
    if (c === ')') depth--;
    s.pos++;
  }
  if (!nested) s.pos = s.text.length;
  if (s.pos === start) s.expected(`a value for ${what}`);
  return s.text.slice(start, s.pos);
}

const WHAT_MAY_FOLLOW: Readonly<Record<string, string>> = {
  filter: 'an operator or ',
  compute: "',' or ",
  orderby: "asc, desc, an operator, ',' or ",
  select: "',' or ",
  expand: "',' or ",
};

/** For "expected ..., found ..." where a value should end: what else could have come, then the end of `written`. */
export function whatMayEnd(option: string, written: string): string {
  return `${WHAT_MAY_FOLLOW[option] ?? ''}the end of ${written}`;
}

/** Reads the value of `option` (already known to be allowed here) into `draft`. */
export function readOptionValue(s: Scanner, option: SharedOption, draft: OptionsDraft, nested: boolean, written: string): void {
  switch (option) {
    case 'filter':
      draft.filter = parseCommonExpr(s);
      return;
    case 'orderby':
      draft.orderby = parseOrderByItems(s);
      return;
    case 'select':
      draft.select = parseSelectItems(s);
      return;
    case 'expand':
      draft.expand = parseExpandItems(s);
      return;
    case 'search':
      draft.search = parseSearchExpr(s);
      return;
    case 'top':
    case 'skip':
      draft[option] = readCount(s, written);
      return;
    case 'count':
      draft.count = readBoolean(s);
      return;
    case 'compute':
      draft.compute = parseComputeItems(s);
      return;
    case 'apply':
      draft.apply = readRaw(s, nested, written);
      return;
    case 'levels':
      draft.levels = readLevels(s);
      return;
  }
}
