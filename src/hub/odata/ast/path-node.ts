/**
 * A path with at least one segment that carries parentheses, which a plain
 * {@link MemberNode} cannot hold:
 *
 * - `Items(1)`, `Items(ID=1)`: a key predicate;
 * - `Model.Available()`, `Products/Model.ProductsByColor(color='red')/Name`:
 *   a function call, bound to the path before it or not;
 * - `Addresses/$filter(City eq 'Oslo')/$count`: a filter segment;
 * - `Products/$count($filter=Price gt 5)`: a count with options.
 *
 * Key predicates and function parameters look alike (`Orders(ID=1)` versus
 * `ByColor(color='red')`), so both are `args`; the model tells them apart.
 * Custom functions are path segments rather than `CallNode`s because their
 * parameters are named and their result can be navigated further.
 */
import { frozenList } from './freeze.ts';
import type { ExprNode } from './index.ts';
import type { QueryOptionsNode } from './query-options-node.ts';

/** A key value or a function parameter; `name` is null for a single unnamed key (`Items(1)`). */
export interface PathArgument {
  readonly name: string | null;
  readonly value: ExprNode;
}

export interface PathSegment {
  /** The segment as written: a property, a (qualified) function or type name, `$filter`, `$count`, `$it`, `@Core.Messages`. */
  readonly name: string;
  /** Present when parentheses follow the name: a key predicate or function parameters (empty for `F()`). */
  readonly args?: readonly PathArgument[];
  /** The condition of a `$filter(...)` segment. */
  readonly filter?: ExprNode;
  /** The options of a `$count(...)` segment (`$filter`, `$search`). */
  readonly options?: QueryOptionsNode;
}

export interface PathNode {
  readonly kind: 'Path';
  readonly segments: readonly PathSegment[];
  readonly position: number;
}

export const PathNode = Object.freeze({
  is(node: { readonly kind: string }): node is PathNode {
    return node.kind === 'Path';
  },

  create(segments: readonly PathSegment[], position: number): PathNode {
    const frozen = segments.map((segment) =>
      Object.freeze({
        ...segment,
        ...(segment.args ? { args: frozenList(segment.args.map((arg) => Object.freeze({ name: arg.name, value: arg.value }))) } : {}),
      }),
    );
    return Object.freeze({ kind: 'Path', segments: frozenList(frozen), position });
  },

  /** A segment with only a name, as `MemberNode.path` holds them. */
  isPlain(segment: PathSegment): boolean {
    return segment.args === undefined && segment.filter === undefined && segment.options === undefined;
  },
});
