/**
 * `left in (...)`. Exactly one of `list` and `collection` is set:
 *
 * - `list` for a literal list `in ('a','b')` (empty for `in ()`, which matches
 *   nothing) and for the items of a JSON array `in ["a",Name]`, which may be
 *   any expressions;
 * - `collection` for any other right operand, which must evaluate to a
 *   collection: `in Tags`, `in @list`, and `in (Tags)` (parentheses around a
 *   single non-literal are grouping, not a list).
 *
 * `position` is the offset of the `in` keyword.
 */
import { frozenList } from './freeze.ts';
import type { ExprNode } from './index.ts';

export interface InNode {
  readonly kind: 'In';
  readonly left: ExprNode;
  readonly list: readonly ExprNode[] | null;
  readonly collection: ExprNode | null;
  readonly position: number;
}

export const InNode = Object.freeze({
  is(node: { readonly kind: string }): node is InNode {
    return node.kind === 'In';
  },

  create(left: ExprNode, right: { list: readonly ExprNode[] } | { collection: ExprNode }, position: number): InNode {
    return Object.freeze({
      kind: 'In',
      left,
      list: 'list' in right ? frozenList(right.list) : null,
      collection: 'collection' in right ? right.collection : null,
      position,
    });
  },
});
