/**
 * A word (`blue`) or a phrase (`"blue green"`) of `$search`. What matches is
 * the service's choice (URL Conventions 4.01 §5.1.8.1). The single-quoted form for
 * type-ahead (`$search='"bl'`) is a phrase of its unquoted text.
 */
export interface SearchTermNode {
  readonly kind: 'SearchTerm';
  readonly text: string;
  readonly phrase: boolean;
  readonly position: number;
}

export const SearchTermNode = Object.freeze({
  is(node: { readonly kind: string }): node is SearchTermNode {
    return node.kind === 'SearchTerm';
  },

  create(text: string, phrase: boolean, position: number): SearchTermNode {
    return Object.freeze({ kind: 'SearchTerm', text, phrase, position });
  },
});
