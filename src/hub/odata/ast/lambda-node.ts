/**
 * `tags/any(t: t eq 'x')`, `Items/all(i: i/Quantity gt 1)`, and `tags/any()`
 * (true when the collection is not empty), which has neither variable nor
 * predicate. Inside the predicate the variable is the first segment of member
 * paths (`t`, `i/Quantity`). `position` is the offset of `any` or `all`.
 */
import type { ExprNode } from './index.ts';
import type { MemberNode } from './member-node.ts';
import type { PathNode } from './path-node.ts';

export type LambdaOperator = 'any' | 'all';

export interface LambdaNode {
  readonly kind: 'Lambda';
  readonly operator: LambdaOperator;
  /** The path before `/any`: a `PathNode` when it holds a key, a function or a filter segment. */
  readonly collection: MemberNode | PathNode;
  readonly variable: string | null;
  readonly predicate: ExprNode | null;
  readonly position: number;
}

export const LambdaNode = Object.freeze({
  is(node: { readonly kind: string }): node is LambdaNode {
    return node.kind === 'Lambda';
  },

  create(operator: LambdaOperator, collection: MemberNode | PathNode, variable: string | null, predicate: ExprNode | null, position: number): LambdaNode {
    return Object.freeze({ kind: 'Lambda', operator, collection, variable, predicate, position });
  },
});
