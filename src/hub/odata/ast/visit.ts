/** Dispatch on `kind` to the handler of an exhaustive visitor (see `ExprVisitor` in index.ts). */
import type { ExprNode, ExprVisitor, SearchNode, SearchVisitor } from './index.ts';

export function visitExpr<R>(node: ExprNode, visitor: ExprVisitor<R>): R {
  return (visitor[node.kind] as (node: ExprNode) => R)(node);
}

export function visitSearch<R>(node: SearchNode, visitor: SearchVisitor<R>): R {
  return (visitor[node.kind] as (node: SearchNode) => R)(node);
}
