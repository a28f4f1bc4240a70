/**
 * A JSON array in an expression (URL Conventions §5.1.1.14.2), a collection
 * literal: `contains(Names,["Fred","George"])`, `[FirstName,LastName] in [...]`.
 * Items are expressions; JSON strings among them are `String` literals.
 */
import { frozenList } from './freeze.ts';
import type { ExprNode } from './index.ts';

export interface ArrayNode {
  readonly kind: 'Array';
  readonly items: readonly ExprNode[];
  readonly position: number;
}

export const ArrayNode = Object.freeze({
  is(node: { readonly kind: string }): node is ArrayNode {
    return node.kind === 'Array';
  },

  create(items: readonly ExprNode[], position: number): ArrayNode {
    return Object.freeze({ kind: 'Array', items: frozenList(items), position });
  },
});
