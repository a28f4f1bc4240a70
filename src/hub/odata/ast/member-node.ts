/**
 * A property path as written: `Account/industry`, `$it/name`, `t` (a lambda
 * variable), `$root/Accounts`, `Products/$count`, `Address/Model.Vip/Street`
 * (a type cast is a segment), `Price/@Measures.Currency` (an annotation).
 * Nothing is resolved against the model here: the validator decides whether
 * the first segment is a property, a lambda variable, an open property or, when
 * it starts with `@`, an annotation or a parameter alias (`@p/City`).
 *
 * A path with a segment that carries parentheses (a key, function parameters,
 * `$filter(...)`, `$count(...)`) is a {@link PathNode} instead.
 */
import { frozenList } from './freeze.ts';

export interface MemberNode {
  readonly kind: 'Member';
  readonly path: readonly string[];
  readonly position: number;
}

export const MemberNode = Object.freeze({
  is(node: { readonly kind: string }): node is MemberNode {
    return node.kind === 'Member';
  },

  create(path: readonly string[], position: number): MemberNode {
    return Object.freeze({ kind: 'Member', path: frozenList(path), position });
  },
});
