/**
 * commonExpr: a Pratt parser. The ABNF's right-recursive shape says which
 * sequences are valid, not how they group; grouping follows the precedence
 * table of OData URL Conventions 4.01 §5.1.1.17, all binary operators
 * left-associative:
 *
 * | binding | operators                     |
 * |---------|-------------------------------|
 * | 8       | has, in                       |
 * | 7       | - (negate), not (prefix)      |
 * | 6       | mul, div, divby, mod          |
 * | 5       | add, sub                      |
 * | 4       | gt, ge, lt, le                |
 * | 3       | eq, ne                        |
 * | 2       | and                           |
 * | 1       | or                            |
 *
 * Operators and function names are case-insensitive (4.01 services MUST
 * accept `EQ`, `Contains`); binary operators need whitespace on both sides
 * (RWS), as the ABNF says, which is also what keeps `Price add2` an error.
 * Member paths, lambdas and key or function parentheses are in path-parser.ts.
 */
import { ArrayNode, BinaryNode, CallNode, InNode, LiteralNode, MemberNode, ObjectNode, UnaryNode } from '../ast/index.ts';
import type { BinaryOperator, ExprNode, ObjectMember } from '../ast/index.ts';
import { readLiteral } from './literals.ts';
import { parsePath } from './path-parser.ts';
import type { Scanner } from './scanner.ts';

interface Infix {
  readonly operator: BinaryOperator | 'in';
  readonly binding: number;
}

const INFIX: ReadonlyMap<string, Infix> = new Map(
  (
    [
      ['or', 1],
      ['and', 2],
      ['eq', 3],
      ['ne', 3],
      ['gt', 4],
      ['ge', 4],
      ['lt', 4],
      ['le', 4],
      ['add', 5],
      ['sub', 5],
      ['mul', 6],
      ['div', 6],
      ['divby', 6],
      ['mod', 6],
      ['has', 8],
      ['in', 8],
    ] as const
  ).map(([operator, binding]) => [operator, { operator, binding }]),
);
const PREFIX_BINDING = 7;

/** Built-in functions (methodCallExpr, castExpr, isofExpr) with their least and greatest argument counts. */
const FUNCTIONS = new Map<string, readonly [number, number]>();
for (const [names, least, most] of [
  ['length tolower toupper trim year month day hour minute second fractionalseconds totalseconds date time totaloffsetminutes', 1, 1],
  ['round floor ceiling geo.length', 1, 1],
  ['concat contains endswith indexof matchespattern startswith geo.distance geo.intersects hassubset hassubsequence', 2, 2],
  ['mindatetime maxdatetime now', 0, 0],
  ['substring', 2, 3],
  ['cast isof', 1, 2],
  ['case', 2, Number.POSITIVE_INFINITY],
] as const) {
  for (const name of names.split(' ')) FUNCTIONS.set(name, [least, most]);
}

/**
 * commonExpr = ( primitiveLiteral / arrayOrObject / rootExpr / functionExpr / negateExpr / methodCallExpr
 *              / parenExpr / castExpr / isofExpr / notExpr / firstMemberExpr )
 *              [ addExpr / subExpr / mulExpr / divExpr / divbyExpr / modExpr ]
 *              [ eqExpr / neExpr / ltExpr / leExpr / gtExpr / geExpr / hasExpr / inExpr ]
 *              [ andExpr / orExpr ]
 * boolCommonExpr = commonExpr ; resulting in a Boolean
 *
 * Reads one expression and stops before anything that cannot continue it
 * (`;`, `)`, `,`, ` asc`), leaving that to the caller.
 */
export function parseCommonExpr(s: Scanner): ExprNode {
  return parseBinding(s, 0, null);
}

/**
 * eqExpr = RWS "eq" RWS commonExpr (and likewise ne lt le gt ge has add sub mul div divby mod and or)
 * inExpr = RWS "in" RWS ( listExpr / commonExpr )
 */
function parseBinding(s: Scanner, minBinding: number, after: string | null): ExprNode {
  let left = parsePrefix(s, after);
  for (;;) {
    const before = s.pos;
    if (!s.skipWhitespace()) return left;
    const word = s.identifierAt();
    const infix = word === null ? undefined : INFIX.get(word.toLowerCase());
    if (!infix || infix.binding <= minBinding) {
      s.pos = before;
      return left;
    }
    const at = s.position();
    s.pos += word!.length;
    if (!s.atEnd && !s.skipWhitespace()) s.expected(`a space after '${word}'`);
    left =
      infix.operator === 'in'
        ? InNode.create(left, parseInOperand(s), at)
        : BinaryNode.create(infix.operator, left, parseBinding(s, infix.binding, word), at);
  }
}

function expectedExpression(s: Scanner, after: string | null): never {
  s.expected(after === null ? 'an expression' : `an expression after '${after}'`);
}

/**
 * The operand part of commonExpr: primitiveLiteral / arrayOrObject / rootExpr / functionExpr
 * / negateExpr / methodCallExpr / parenExpr / castExpr / isofExpr / notExpr / firstMemberExpr.
 * A literal is tried first, as in the ABNF, so `true`, `INF` and `2024-01-15` are never names.
 */
function parsePrefix(s: Scanner, after: string | null): ExprNode {
  const start = s.pos;
  switch (s.peek()) {
    case '':
      return expectedExpression(s, after);
    case '(':
      return parseParenthesised(s);
    case '[':
      return parseArray(s);
    case '{':
      return parseObject(s);
    case '"':
      return s.fail('a JSON string ("...") may stand only inside a JSON array or object; OData strings use single quotes');
    case '@':
    case '$':
      return parsePath(s);
  }
  const literal = readLiteral(s);
  if (literal) return literal;
  // negateExpr = "-" BWS commonExpr
  if (s.peek() === '-') {
    s.enter();
    s.pos++;
    s.skipWhitespace();
    const operand = parseBinding(s, PREFIX_BINDING, '-');
    s.leave();
    return UnaryNode.create('negate', operand, s.position(start));
  }
  const name = s.qualifiedNameAt();
  if (name === null) return expectedExpression(s, after);
  const next = s.text.charAt(start + name.length);
  const lower = name.toLowerCase();
  // notExpr = "not" RWS boolCommonExpr; `not(...)` is accepted too, as clients send it and ODataLib reads it
  if (lower === 'not' && (next === ' ' || next === '\t' || next === '(')) {
    s.enter();
    s.pos += 3;
    s.skipWhitespace();
    const operand = parseBinding(s, PREFIX_BINDING, name);
    s.leave();
    return UnaryNode.create('not', operand, s.position(start));
  }
  if (next === '(') {
    const arity = FUNCTIONS.get(lower);
    if (arity) return parseCall(s, lower, arity);
    if (lower === 'any' || lower === 'all') s.fail(`'${name}' must follow the collection it tests, as in Items/${lower}(i: i/Quantity gt 1)`, start + name.length);
  }
  return parsePath(s);
}

/** parenExpr = OPEN BWS commonExpr BWS CLOSE */
function parseParenthesised(s: Scanner): ExprNode {
  s.enter();
  s.pos++;
  s.skipWhitespace();
  const inner = parseBinding(s, 0, '(');
  s.skipWhitespace();
  s.expect(')', "')'");
  s.leave();
  return inner;
}

/**
 * inExpr   = RWS "in" RWS ( listExpr / commonExpr )
 * listExpr = OPEN BWS [ primitiveLiteral BWS *( COMMA BWS primitiveLiteral BWS ) ] CLOSE
 *
 * Parentheses around a single non-literal are grouping (`in (Tags)` is `in Tags`), as in the ABNF.
 */
function parseInOperand(s: Scanner): { list: ExprNode[] } | { collection: ExprNode } {
  if (s.peek() === '[') return { list: [...parseArray(s).items] };
  if (s.peek() !== '(') return { collection: parseBinding(s, INFIX.get('in')!.binding, 'in') };
  s.enter();
  s.pos++;
  s.skipWhitespace();
  const list: ExprNode[] = [];
  if (s.peek() !== ')') {
    const first = parseBinding(s, 0, '(');
    s.skipWhitespace();
    if (!LiteralNode.is(first)) {
      if (s.peek() === ',') s.fail("expected ')', found ','; a list after 'in' may hold only literals");
      s.expect(')', "')'");
      s.leave();
      return { collection: first };
    }
    list.push(first);
    while (s.peek() === ',') {
      s.pos++;
      s.skipWhitespace();
      const itemAt = s.pos;
      const item = parseBinding(s, 0, ',');
      if (!LiteralNode.is(item)) s.fail("a list after 'in' may hold only literals", itemAt);
      list.push(item);
      s.skipWhitespace();
    }
  }
  s.expect(')', "',' or ')'");
  s.leave();
  return { list };
}

/** Reads `item` and more after commas, with optional whitespace around them, up to `close`. */
function parseList<T>(s: Scanner, close: string, item: () => T): T[] {
  const items: T[] = [];
  s.skipWhitespace();
  if (s.peek() !== close) {
    for (;;) {
      items.push(item());
      s.skipWhitespace();
      if (s.peek() !== ',') break;
      s.pos++;
      s.skipWhitespace();
    }
  }
  s.expect(close, `',' or '${close}'`);
  return items;
}

/**
 * methodCallExpr = indexOfMethodCallExpr / toLowerMethodCallExpr / ... / caseMethodCallExpr / boolMethodCallExpr
 * containsMethodCallExpr = "contains" OPEN BWS commonExpr BWS COMMA BWS commonExpr BWS CLOSE (and the others)
 */
function parseCall(s: Scanner, name: string, [least, most]: readonly [number, number]): CallNode {
  const start = s.pos;
  s.pos += name.length;
  s.enter();
  s.pos++;
  s.skipWhitespace();
  let args: ExprNode[];
  if (name === 'cast' || name === 'isof') args = parseTypeArguments(s);
  else if (name === 'case') args = parseCaseArguments(s);
  else {
    let index = 0;
    args = parseList(s, ')', () => parseBinding(s, 0, index++ === 0 ? '(' : ','));
  }
  s.leave();
  if (args.length < least || args.length > most) {
    const count = least === most ? `${least}` : most === Number.POSITIVE_INFINITY ? `at least ${least}` : `${least} or ${most}`;
    s.fail(`${name} takes ${count} argument${count === '1' ? '' : 's'}, found ${args.length}`, start);
  }
  return CallNode.create(name, args, s.position(start));
}

/**
 * optionallyQualifiedTypeName = singleQualifiedTypeName / %s"Collection" OPEN singleQualifiedTypeName CLOSE
 *                             / singleTypeName / %s"Collection" OPEN singleTypeName CLOSE
 */
function readTypeName(s: Scanner): MemberNode | null {
  const start = s.pos;
  const collection = s.startsWith('Collection(');
  const name = s.qualifiedNameAt(collection ? start + 11 : start);
  if (name === null || (collection && s.text[start + 11 + name.length] !== ')')) return null;
  const written = collection ? `Collection(${name})` : name;
  s.pos += written.length;
  return MemberNode.create([written], s.position(start));
}

/**
 * castExpr = "cast" OPEN BWS [ commonExpr BWS COMMA BWS ] optionallyQualifiedTypeName BWS CLOSE
 * isofExpr = "isof" OPEN BWS [ commonExpr BWS COMMA BWS ] optionallyQualifiedTypeName BWS CLOSE
 */
function parseTypeArguments(s: Scanner): ExprNode[] {
  const start = s.pos;
  const alone = readTypeName(s);
  s.skipWhitespace();
  if (alone && s.peek() === ')') {
    s.pos++;
    return [alone];
  }
  s.pos = start;
  const value = parseBinding(s, 0, '(');
  s.skipWhitespace();
  s.expect(',', "',' and a type name");
  s.skipWhitespace();
  const type = readTypeName(s) ?? s.expected('a type name such as Edm.String or Model.Customer');
  s.skipWhitespace();
  s.expect(')', "')'");
  return [value, type];
}

/** caseMethodCallExpr = "case" OPEN BWS boolCommonExpr BWS COLON BWS commonExpr BWS *( COMMA BWS boolCommonExpr BWS COLON BWS commonExpr BWS ) CLOSE */
function parseCaseArguments(s: Scanner): ExprNode[] {
  return parseList(s, ')', () => {
    const condition = parseBinding(s, 0, '(');
    s.skipWhitespace();
    s.expect(':', "':' and the result for this condition");
    s.skipWhitespace();
    return [condition, parseBinding(s, 0, ':')] as const;
  }).flat();
}

/**
 * array      = begin-array [ valueInUrl *( value-separator valueInUrl ) ] end-array
 * valueInUrl = stringInUrl / commonExpr
 */
function parseArray(s: Scanner): ArrayNode {
  const start = s.pos;
  s.enter();
  s.pos++;
  const items = parseList(s, ']', () => parseJsonValue(s));
  s.leave();
  return ArrayNode.create(items, s.position(start));
}

/**
 * object = begin-object [ member *( value-separator member ) ] end-object
 * member = stringInUrl name-separator valueInUrl
 */
function parseObject(s: Scanner): ObjectNode {
  const start = s.pos;
  s.enter();
  s.pos++;
  const members = parseList(s, '}', (): ObjectMember => {
    if (s.peek() !== '"') s.expected('a member name in double quotes');
    const name = readJsonString(s);
    s.skipWhitespace();
    s.expect(':', "':' after the member name");
    s.skipWhitespace();
    return { name, value: parseJsonValue(s) };
  });
  s.leave();
  return ObjectNode.create(members, s.position(start));
}

function parseJsonValue(s: Scanner): ExprNode {
  const start = s.pos;
  return s.peek() === '"' ? LiteralNode.create('String', readJsonString(s), s.position(start)) : parseBinding(s, 0, null);
}

const JSON_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * stringInUrl = quotation-mark *charInJSON quotation-mark
 * charInJSON  = qchar-unescaped / qchar-JSON-special
 *             / escape ( quotation-mark / escape / ( "/" / "%2F" ) / %s"b" / %s"f" / %s"n" / %s"r" / %s"t" / %s"u" 4HEXDIG )
 */
function readJsonString(s: Scanner): string {
  const open = s.pos;
  s.pos++;
  let value = '';
  for (;;) {
    const c = s.peek();
    if (c === '') s.expected(`a closing '"' for the string that starts at position ${s.position(open)}`);
    if (c === '"') break;
    if (c < ' ') s.fail('a control character must be escaped in a JSON string');
    if (c !== '\\') {
      value += c;
      s.pos++;
      continue;
    }
    const escaped = s.peek(1);
    const hex = escaped === 'u' ? s.match(/[0-9A-Fa-f]{4}/y, s.pos + 2) : null;
    if (hex) {
      value += String.fromCharCode(Number.parseInt(hex[0], 16));
      s.pos += 6;
    } else if (Object.hasOwn(JSON_ESCAPES, escaped)) {
      value += JSON_ESCAPES[escaped];
      s.pos += 2;
    } else {
      s.expected(`an escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX) after '\\'`, s.pos + 1);
    }
  }
  s.pos++;
  return value;
}
