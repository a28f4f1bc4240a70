/**
 * A call of a built-in function: `contains(name,'x')`, `year(created)`,
 * `geo.distance(a,b)`, `now()`. `name` is lower case whatever the case written
 * (`matchesPattern` is `matchespattern`); the argument count has been checked.
 *
 * Three functions have arguments that are not plain expressions:
 * - `cast` and `isof`: the last argument is the type, a `MemberNode` whose
 *   single segment is the type name as written (`Edm.Int32`, `Model.Vip`,
 *   `Collection(Edm.String)`);
 * - `case`: the arguments alternate condition and result, `case(c1:r1,c2:r2)`
 *   giving `[c1, r1, c2, r2]`.
 *
 * Custom functions (`Model.MostPopular()`) are {@link PathNode} segments.
 */
import { frozenList } from './freeze.ts';
import type { ExprNode } from './index.ts';

export interface CallNode {
  readonly kind: 'Call';
  readonly name: string;
  readonly args: readonly ExprNode[];
  readonly position: number;
}

export const CallNode = Object.freeze({
  is(node: { readonly kind: string }): node is CallNode {
    return node.kind === 'Call';
  },

  create(name: string, args: readonly ExprNode[], position: number): CallNode {
    return Object.freeze({ kind: 'Call', name, args: frozenList(args), position });
  },
});
