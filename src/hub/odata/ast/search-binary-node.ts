/**
 * `a AND b`, `a OR b`, and `a b` (an implicit AND). AND binds tighter than OR.
 * `position` is the offset of the keyword, or of the right term for an implicit AND.
 */
import type { SearchNode } from './index.ts';

export type SearchOperator = 'and' | 'or';

export interface SearchBinaryNode {
  readonly kind: 'SearchBinary';
  readonly operator: SearchOperator;
  readonly left: SearchNode;
  readonly right: SearchNode;
  readonly position: number;
}

export const SearchBinaryNode = Object.freeze({
  is(node: { readonly kind: string }): node is SearchBinaryNode {
    return node.kind === 'SearchBinary';
  },

  create(operator: SearchOperator, left: SearchNode, right: SearchNode, position: number): SearchBinaryNode {
    return Object.freeze({ kind: 'SearchBinary', operator, left, right, position });
  },
});
