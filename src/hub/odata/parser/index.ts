/**
 * The OData 4.01 URL parser: query strings and option values into the
 * immutable AST of ../ast. Hand-written after the OASIS ABNF (quoted above the
 * function that implements each rule) and held to its test cases by
 * conformance.test.ts.
 *
 * Every function throws only {@link ODataSyntaxError}, whose `position` points
 * into the text it was given; nesting is limited to {@link MAX_DEPTH} levels.
 * Nothing here knows the model: names are kept as written and resolved by the
 * validator.
 */
import { QueryOptionsNode } from '../ast/index.ts';
import type { ExpandItem, ExprNode, OrderByItem, QueryOptionsFields, SearchNode, SelectItem } from '../ast/index.ts';
import { parseExpandItems } from './expand-parser.ts';
import { parseCommonExpr } from './expression-parser.ts';
import { whatMayEnd } from './option-values.ts';
import { parseOrderByItems } from './orderby-parser.ts';
import { Scanner } from './scanner.ts';
import { parseSearchExpr } from './search-parser.ts';
import { parseSelectItems } from './select-parser.ts';
import { plainSource } from './source.ts';

export { MAX_DEPTH } from './scanner.ts';
export { ODataSyntaxError } from './syntax-error.ts';

export { parseQueryOptions } from './query-options.ts';

/** Items frozen the way a QueryOptionsNode freezes them. */
const frozen = (fields: QueryOptionsFields) => QueryOptionsNode.create(fields, 0);

function parseWhole<T>(text: string, parse: (s: Scanner) => T, expectation: string): T {
  const s = new Scanner(plainSource(text));
  const result = parse(s);
  s.expectEnd(expectation);
  return result;
}

/**
 * Parses a decoded expression (commonExpr), such as the value of `$filter`.
 *
 * @example
 * printExpr(parseExpression("a or b and not c eq 1")) // "(or a (and b (eq (not c) 1)))"
 */
export function parseExpression(text: string): ExprNode {
  return parseWhole(text, parseCommonExpr, whatMayEnd('filter', 'the expression'));
}

/** Parses a decoded `$orderby` value: `Account/name desc,id`. */
export function parseOrderBy(text: string): readonly OrderByItem[] {
  return frozen({ orderby: parseWhole(text, parseOrderByItems, whatMayEnd('orderby', '$orderby')) }).orderby!;
}

/** Parses a decoded `$select` value: `name,Address/City,*`. */
export function parseSelect(text: string): readonly SelectItem[] {
  return frozen({ select: parseWhole(text, parseSelectItems, whatMayEnd('select', '$select')) }).select!;
}

/** Parses a decoded `$expand` value: `Participants($select=name;$top=2)`. */
export function parseExpand(text: string): readonly ExpandItem[] {
  return frozen({ expand: parseWhole(text, parseExpandItems, whatMayEnd('expand', '$expand')) }).expand!;
}

/** Parses a decoded `$search` value: `"exact phrase" OR foo AND NOT bar`. */
export function parseSearch(text: string): SearchNode {
  return parseWhole(text, parseSearchExpr, whatMayEnd('search', '$search'));
}
