/**
 * A parameter alias, `@p` in `$filter=name eq @p&@p='Ada'`. `name` keeps the
 * `@`, so it is also the key of `QueryOptionsNode.aliases`. An alias without a
 * value in the query is null (URL Conventions §5.3), so an unknown name is not
 * a syntax error.
 */
export interface AliasNode {
  readonly kind: 'Alias';
  readonly name: string;
  readonly position: number;
}

export const AliasNode = Object.freeze({
  is(node: { readonly kind: string }): node is AliasNode {
    return node.kind === 'Alias';
  },

  create(name: string, position: number): AliasNode {
    return Object.freeze({ kind: 'Alias', name, position });
  },
});
