/**
 * A binary operator. Precedence (OData URL Conventions 4.01 §5.1.1.17), from
 * tightest: `has`, then `mul div divby mod`, `add sub`, `gt ge lt le`, `eq ne`,
 * `and`, `or`; all left-associative. `in` has its own node ({@link InNode}).
 * `position` is the operator's offset; `left.position` is where the text starts.
 */
import type { ExprNode } from './index.ts';

export type BinaryOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'has' | 'and' | 'or' | 'add' | 'sub' | 'mul' | 'div' | 'divby' | 'mod';

export interface BinaryNode {
  readonly kind: 'Binary';
  readonly operator: BinaryOperator;
  readonly left: ExprNode;
  readonly right: ExprNode;
  readonly position: number;
}

export const BinaryNode = Object.freeze({
  is(node: { readonly kind: string }): node is BinaryNode {
    return node.kind === 'Binary';
  },

  create(operator: BinaryOperator, left: ExprNode, right: ExprNode, position: number): BinaryNode {
    return Object.freeze({ kind: 'Binary', operator, left, right, position });
  },
});
