/**
 * A JSON object in an expression, a complex or entity literal:
 * `Address eq {"City":"Oslo"}`, `$it eq {"@odata.id":"Customers('A')"}`.
 * Members keep their order and duplicates, as written.
 */
import { frozenList } from './freeze.ts';
import type { ExprNode } from './index.ts';

export interface ObjectMember {
  readonly name: string;
  readonly value: ExprNode;
}

export interface ObjectNode {
  readonly kind: 'Object';
  readonly members: readonly ObjectMember[];
  readonly position: number;
}

export const ObjectNode = Object.freeze({
  is(node: { readonly kind: string }): node is ObjectNode {
    return node.kind === 'Object';
  },

  create(members: readonly ObjectMember[], position: number): ObjectNode {
    return Object.freeze({ kind: 'Object', members: frozenList(members.map((m) => Object.freeze({ name: m.name, value: m.value }))), position });
  },
});
