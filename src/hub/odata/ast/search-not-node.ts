/** `NOT blue`: matches what the operand does not. NOT binds tighter than AND and OR. */
import type { SearchNode } from './index.ts';

export interface SearchNotNode {
  readonly kind: 'SearchNot';
  readonly operand: SearchNode;
  readonly position: number;
}

export const SearchNotNode = Object.freeze({
  is(node: { readonly kind: string }): node is SearchNotNode {
    return node.kind === 'SearchNot';
  },

  create(operand: SearchNode, position: number): SearchNotNode {
    return Object.freeze({ kind: 'SearchNot', operand, position });
  },
});
