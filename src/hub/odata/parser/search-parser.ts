/**
 * `$search` (OData ABNF §2, URL Conventions 4.01 §5.1.8.1). NOT binds tighter than
 * AND, AND tighter than OR; two terms side by side are an implicit AND. The
 * keywords are case-sensitive and only operators where an operator can stand:
 * `$search=AND OR NOT` is the word AND or the word NOT.
 *
 * A word stops at whitespace, parentheses, double quotes and a literal `;`
 * (which separates nested options); a percent-encoded `%3B` is part of the word.
 */
import { SearchBinaryNode, SearchNotNode, SearchTermNode } from '../ast/index.ts';
import type { SearchNode } from '../ast/index.ts';
import { readStringContent } from './literals.ts';
import type { Scanner } from './scanner.ts';

/** True when a search term, phrase or group can start at `at`. */
function operandAt(s: Scanner, at: number): boolean {
  const c = s.text.charAt(at);
  return c !== '' && c !== ')' && c !== ' ' && c !== '\t' && !(c === ';' && !s.isEncoded(at));
}

/** The keyword at the cursor when it is an operator there: followed by whitespace and something to apply to. */
function operatorAt(s: Scanner, keyword: 'AND' | 'OR' | 'NOT'): boolean {
  if (!s.startsWith(keyword) || !s.isWhitespaceAt(s.pos + keyword.length)) return false;
  let next = s.pos + keyword.length;
  while (s.isWhitespaceAt(next)) next++;
  return operandAt(s, next);
}

/**
 * search     = ( "$search" / "search" ) EQ BWS ( searchExpr / searchExpr-incomplete )
 * searchExpr-incomplete = SQUOTE *( SQUOTE-in-string / qchar-no-AMP-SQUOTE / quotation-mark / SP ) SQUOTE
 *
 * Reads a search expression and the whitespace around it ("Leading and
 * trailing spaces are not considered part of the search expression", URL
 * Conventions §5.1.8.1); stops before what cannot continue it.
 */
export function parseSearchExpr(s: Scanner): SearchNode {
  s.skipWhitespace();
  const start = s.pos;
  const node = s.peek() === "'" ? SearchTermNode.create(readStringContent(s), true, s.position(start)) : parseOr(s);
  s.skipWhitespace();
  return node;
}

/** searchOrExpr = RWS %s"OR" RWS searchExpr */
function parseOr(s: Scanner): SearchNode {
  let left = parseAnd(s);
  for (;;) {
    const before = s.pos;
    s.skipWhitespace();
    if (!operatorAt(s, 'OR')) {
      s.pos = before;
      return left;
    }
    const at = s.position();
    s.pos += 2;
    s.skipWhitespace();
    left = SearchBinaryNode.create('or', left, parseAnd(s), at);
  }
}

/** searchAndExpr = RWS [ %s"AND" RWS ] searchExpr */
function parseAnd(s: Scanner): SearchNode {
  let left = parseNot(s);
  for (;;) {
    const before = s.pos;
    if (!s.skipWhitespace() || !operandAt(s, s.pos) || operatorAt(s, 'OR')) {
      s.pos = before;
      return left;
    }
    const at = s.position();
    if (operatorAt(s, 'AND')) {
      s.pos += 3;
      s.skipWhitespace();
    }
    left = SearchBinaryNode.create('and', left, parseNot(s), at);
  }
}

/** searchNegateExpr = %s"NOT" RWS searchExpr */
function parseNot(s: Scanner): SearchNode {
  const start = s.pos;
  if (!operatorAt(s, 'NOT')) return parsePrimary(s);
  s.enter();
  s.pos += 3;
  s.skipWhitespace();
  const operand = parseNot(s);
  s.leave();
  return SearchNotNode.create(operand, s.position(start));
}

/**
 * searchParenExpr = OPEN BWS searchExpr BWS CLOSE
 * searchPhrase    = quotation-mark 1*( qchar-no-AMP-DQUOTE / SP ) quotation-mark
 * searchWord      = searchChar *( searchChar / SQUOTE )
 */
function parsePrimary(s: Scanner): SearchNode {
  const start = s.pos;
  const c = s.peek();
  if (c === '(') {
    s.enter();
    s.pos++;
    s.skipWhitespace();
    const inner = parseOr(s);
    s.skipWhitespace();
    s.expect(')', "')'");
    s.leave();
    return inner;
  }
  if (c === '"') {
    const close = s.text.indexOf('"', start + 1);
    if (close === -1) {
      s.pos = s.text.length;
      s.expected(`a closing '"' for the phrase that starts at position ${s.position(start)}`);
    }
    if (close === start + 1) s.fail('a search phrase cannot be empty', start);
    s.pos = close + 1;
    return SearchTermNode.create(s.text.slice(start + 1, close), true, s.position(start));
  }
  while (operandAt(s, s.pos) && !'()"'.includes(s.peek()) && !(s.pos === start && s.peek() === "'")) s.pos++;
  if (s.pos === start) s.expected('a search word, a "phrase" or a parenthesised search expression');
  return SearchTermNode.create(s.text.slice(start, s.pos), false, s.position(start));
}
