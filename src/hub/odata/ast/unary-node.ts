/**
 * `not x` and `-x`. Both bind tighter than every binary operator except `has`
 * and `in` (URL Conventions §5.1.1.17), so `not a eq b` is `(not a) eq b`.
 * A minus directly before a number is part of the literal (`-5`), not a negation.
 */
import type { ExprNode } from './index.ts';

export type UnaryOperator = 'not' | 'negate';

export interface UnaryNode {
  readonly kind: 'Unary';
  readonly operator: UnaryOperator;
  readonly operand: ExprNode;
  readonly position: number;
}

export const UnaryNode = Object.freeze({
  is(node: { readonly kind: string }): node is UnaryNode {
    return node.kind === 'Unary';
  },

  create(operator: UnaryOperator, operand: ExprNode, position: number): UnaryNode {
    return Object.freeze({ kind: 'Unary', operator, operand, position });
  },
});
