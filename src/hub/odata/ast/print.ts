/**
 * A compact, unambiguous rendering of expressions and search trees for tests,
 * logs and error messages: operators in prefix form with parentheses, so the
 * grouping the parser chose is visible.
 *
 * @example
 * printExpr(parseExpression("a or b and not c eq 1")) // "(or a (and b (eq (not c) 1)))"
 */
import type { ExprNode, ExprVisitor, SearchNode, SearchVisitor } from './index.ts';
import type { PathSegment } from './path-node.ts';
import type { QueryOptionsNode } from './query-options-node.ts';
import { visitExpr, visitSearch } from './visit.ts';

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

function printSegment(segment: PathSegment): string {
  if (segment.filter) return `${segment.name}(${printExpr(segment.filter)})`;
  if (segment.options) return `${segment.name}(${printNestedOptions(segment.options)})`;
  if (segment.args) return `${segment.name}(${segment.args.map((arg) => (arg.name === null ? '' : `${arg.name}=`) + printExpr(arg.value)).join(',')})`;
  return segment.name;
}

function printNestedOptions(options: QueryOptionsNode): string {
  const parts: string[] = [];
  if (options.filter) parts.push(`$filter=${printExpr(options.filter)}`);
  if (options.search) parts.push(`$search=${printSearch(options.search)}`);
  return parts.join(';');
}

const exprPrinter: ExprVisitor<string> = {
  Literal: (node) => {
    switch (node.type) {
      case 'Null':
        return 'null';
      case 'Boolean':
        return String(node.value);
      case 'Int':
        return node.value;
      case 'String':
        return quote(node.value);
      case 'Enum':
        return `${node.value.type}${quote(node.value.members.join(','))}`;
      default:
        return `${node.type}(${node.value})`;
    }
  },
  Member: (node) => node.path.join('/'),
  Path: (node) => node.segments.map(printSegment).join('/'),
  Binary: (node) => `(${node.operator} ${printExpr(node.left)} ${printExpr(node.right)})`,
  Unary: (node) => `(${node.operator === 'not' ? 'not' : '-'} ${printExpr(node.operand)})`,
  In: (node) => `(in ${printExpr(node.left)} ${node.list ? `[${node.list.map(printExpr).join(', ')}]` : printExpr(node.collection!)})`,
  Call: (node) => `${node.name}(${node.args.map(printExpr).join(', ')})`,
  Lambda: (node) =>
    `${printExpr(node.collection)}/${node.operator}(${node.variable === null ? '' : `${node.variable}: ${printExpr(node.predicate!)}`})`,
  Alias: (node) => node.name,
  Array: (node) => `[${node.items.map(printExpr).join(', ')}]`,
  Object: (node) => `{${node.members.map((member) => `${JSON.stringify(member.name)}: ${printExpr(member.value)}`).join(', ')}}`,
};

const searchPrinter: SearchVisitor<string> = {
  SearchTerm: (node) => (node.phrase ? JSON.stringify(node.text) : node.text),
  SearchBinary: (node) => `(${node.operator.toUpperCase()} ${printSearch(node.left)} ${printSearch(node.right)})`,
  SearchNot: (node) => `(NOT ${printSearch(node.operand)})`,
};

export function printExpr(node: ExprNode): string {
  return visitExpr(node, exprPrinter);
}

export function printSearch(node: SearchNode): string {
  return visitSearch(node, searchPrinter);
}
