/**
 * How deeply an expression nests, counted without recursion. The parser
 * builds long `a or b or c …` chains as left-nested trees without a limit;
 * compiling one of 2,000 levels would exhaust the stack of the compiler, of
 * Kysely or of PostgreSQL's parser, so the compiler refuses trees deeper
 * than MAX_EXPRESSION_DEPTH with a 400 (`in (…)` serves long lists).
 */
import type { ExprNode } from '../ast/index.ts';

export const MAX_EXPRESSION_DEPTH = 300;

function children(node: ExprNode): readonly ExprNode[] {
  switch (node.kind) {
    case 'Binary':
      return [node.left, node.right];
    case 'Unary':
      return [node.operand];
    case 'In':
      return [node.left, ...(node.list ?? []), ...(node.collection ? [node.collection] : [])];
    case 'Call':
      return node.args;
    case 'Lambda':
      return node.predicate ? [node.predicate] : [];
    case 'Array':
      return node.items;
    case 'Object':
      return node.members.map((member) => member.value);
    case 'Path':
      return node.segments.flatMap((segment) => [
        ...(segment.args ?? []).map((arg) => arg.value),
        ...(segment.filter ? [segment.filter] : []),
        ...(segment.options?.filter ? [segment.options.filter] : []),
      ]);
    case 'Literal':
    case 'Member':
    case 'Alias':
      return [];
  }
}

/** Whether any node of the tree satisfies `test`, walked without recursion. */
export function someNode(root: ExprNode, test: (node: ExprNode) => boolean): boolean {
  const stack: ExprNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (test(node)) return true;
    stack.push(...children(node));
  }
  return false;
}

export function expressionDepth(root: ExprNode): number {
  let deepest = 0;
  const stack: [ExprNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (const child of children(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}
