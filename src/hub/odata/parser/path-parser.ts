/**
 * Member paths and what hangs off them: type casts, annotations, key
 * predicates, function calls, `$filter(...)` and `$count` segments and the
 * lambda operators `any` and `all`. Without a model every identifier could be
 * a property, a navigation property or a lambda variable; the validator
 * resolves them. What the grammar decides without a model is decided here: a
 * qualified name in a path is either a function call (parentheses follow) or a
 * type cast (a slash follows), and a lambda needs a collection before it.
 */
import { AliasNode, LambdaNode, MemberNode, PathNode } from '../ast/index.ts';
import type { ExprNode, LambdaOperator, PathArgument, PathSegment } from '../ast/index.ts';
import { parseCommonExpr } from './expression-parser.ts';
import { COUNT_SEGMENT_OPTIONS, parseNestedOptions } from './nested-options.ts';
import type { Scanner } from './scanner.ts';
import { quoted } from './syntax-error.ts';

function collectionOf(segments: readonly PathSegment[], position: number): MemberNode | PathNode {
  return segments.every(PathNode.isPlain) ? MemberNode.create(segments.map((segment) => segment.name), position) : PathNode.create(segments, position);
}

/** `$it`, `$this`, `$root`, `$count`, `$filter` at `at` as a whole word, or null. */
function dollarWordAt(s: Scanner, at: number): string | null {
  const word = s.match(/\$[A-Za-z]+/y, at)?.[0] ?? null;
  return word !== null && !s.isIdentifierCharAt(at + word.length) ? word : null;
}

/**
 * firstMemberExpr      = memberExpr / inscopeVariableExpr [ "/" memberExpr ]
 * inscopeVariableExpr  = implicitVariableExpr / parameterAlias / lambdaVariableExpr
 * implicitVariableExpr = %s"$it" / %s"$this"
 * rootExpr             = %s"$root/" ( entitySetName [ collectionNavigationExpr ] / singletonEntity [ singleNavigationExpr ] / ... )
 * memberExpr           = directMemberExpr / ( optionallyQualifiedEntityTypeName / optionallyQualifiedComplexTypeName ) "/" directMemberExpr
 * annotationExpr       = annotationInQuery [ collectionPathExpr / singleNavigationExpr / complexPathExpr / primitivePathExpr ]
 *
 * A lone `@name` is a parameter alias; `@name/...` and `@namespace.Term` are
 * annotations (a path through an alias, `@p/City`, reads the same and is for
 * the validator to tell apart).
 */
export function parsePath(s: Scanner): ExprNode {
  const start = s.pos;
  const segments: PathSegment[] = [];
  const dollar = dollarWordAt(s, start);
  if (s.peek() === '$') {
    if (dollar !== '$it' && dollar !== '$this' && dollar !== '$root') s.expected('$it, $this, $root or a property name');
    s.pos += dollar.length;
    if (dollar === '$root' && s.peek() !== '/') s.expected("'/' and an entity set after '$root'");
    segments.push({ name: dollar });
  } else if (s.peek() === '@') {
    const annotation = s.annotationAt() ?? s.expected("a parameter alias or an annotation name after '@'", start + 1);
    s.pos += annotation.length;
    if (/^@[^.#]+$/.test(annotation) && s.peek() !== '/') return AliasNode.create(annotation, s.position(start));
    segments.push({ name: annotation });
  } else {
    segments.push(parseNamedSegment(s));
  }
  while (s.peek() === '/') {
    s.pos++;
    const at = s.pos;
    const word = dollarWordAt(s, at);
    if (word === '$count') {
      s.pos += word.length;
      segments.push(s.peek() === '(' ? { name: word, options: parseNestedOptions(s, COUNT_SEGMENT_OPTIONS) } : { name: word });
    } else if (word === '$filter') {
      s.pos += word.length;
      segments.push({ name: word, filter: parseFilterSegment(s) });
    } else if (s.peek() === '@') {
      const annotation = s.annotationAt() ?? s.expected("an annotation name after '@'", at + 1);
      s.pos += annotation.length;
      segments.push({ name: annotation });
    } else {
      const name = s.identifierAt();
      const lower = name?.toLowerCase();
      if ((lower === 'any' || lower === 'all') && s.text[at + 3] === '(') return parseLambda(s, lower, collectionOf(segments, s.position(start)));
      segments.push(parseNamedSegment(s));
    }
  }
  return collectionOf(segments, s.position(start));
}

/**
 * propertyPathExpr = ( entityColNavigationProperty [ collectionNavigationExpr ] / ... / primitiveProperty [ primitivePathExpr ] )
 * functionExpr     = [ namespace "." ] ( entityColFunction functionExprParameters [ collectionNavigationExpr ] / ... )
 * keyPredicate     = simpleKey / compoundKey / keyPathSegments
 */
function parseNamedSegment(s: Scanner): PathSegment {
  const name = s.qualifiedNameAt() ?? s.expected('a property, type or function name');
  s.pos += name.length;
  if (s.peek() === '(') return { name, args: parseArguments(s) };
  if (name.includes('.') && s.peek() !== '/') {
    s.expected(`'(' or '/' after ${quoted(name)} (a qualified name is a function call, with parentheses, or a type cast, followed by '/')`);
  }
  return { name };
}

/**
 * functionExprParameters = OPEN [ BWS functionExprParameter *( BWS COMMA BWS functionExprParameter ) ] BWS CLOSE
 * functionExprParameter  = parameterName EQ ( parameterAlias / parameterValue )
 * simpleKey              = OPEN ( parameterAlias / keyPropertyValue ) CLOSE
 * compoundKey            = OPEN keyValuePair *( COMMA keyValuePair ) CLOSE
 * keyValuePair           = ( primitiveKeyProperty / keyPropertyAlias ) EQ ( parameterAlias / keyPropertyValue )
 */
function parseArguments(s: Scanner): PathArgument[] {
  const open = s.pos;
  s.enter();
  s.pos++;
  s.skipWhitespace();
  const args: PathArgument[] = [];
  if (s.peek() !== ')') {
    for (;;) {
      const name = s.identifierAt();
      if (name !== null && s.text[s.pos + name.length] === '=') {
        s.pos += name.length + 1;
        args.push({ name, value: parseCommonExpr(s) });
      } else {
        args.push({ name: null, value: parseCommonExpr(s) });
      }
      s.skipWhitespace();
      if (s.peek() !== ',') break;
      s.pos++;
      s.skipWhitespace();
    }
  }
  s.expect(')', "',' or ')'");
  s.leave();
  if (args.length > 1 && args.some((arg) => arg.name === null)) s.fail('parentheses after a name hold one key value or name=value pairs', open);
  return args;
}

/** filterExpr = %s"/$filter" OPEN boolCommonExpr CLOSE */
function parseFilterSegment(s: Scanner): ExprNode {
  if (s.peek() !== '(') s.expected("'(' and a condition after '$filter'");
  s.enter();
  s.pos++;
  const condition = parseCommonExpr(s);
  s.expect(')', "')'");
  s.leave();
  return condition;
}

/**
 * anyExpr = "any" OPEN BWS [ lambdaVariableExpr BWS COLON BWS lambdaPredicateExpr ] BWS CLOSE
 * allExpr = "all" OPEN BWS   lambdaVariableExpr BWS COLON BWS lambdaPredicateExpr   BWS CLOSE
 */
function parseLambda(s: Scanner, operator: LambdaOperator, collection: MemberNode | PathNode): LambdaNode {
  const start = s.pos;
  s.pos += 3;
  s.enter();
  s.pos++;
  s.skipWhitespace();
  let variable: string | null = null;
  let predicate: ExprNode | null = null;
  if (s.peek() !== ')' || operator === 'all') {
    variable = s.readIdentifier(`a lambda variable, as in ${operator}(x: x/Price gt 0)`);
    s.skipWhitespace();
    s.expect(':', "':' after the lambda variable");
    s.skipWhitespace();
    predicate = parseCommonExpr(s);
    s.skipWhitespace();
  }
  s.expect(')', "')'");
  s.leave();
  return LambdaNode.create(operator, collection, variable, predicate, s.position(start));
}
