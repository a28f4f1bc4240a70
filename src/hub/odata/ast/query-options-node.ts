/**
 * The query options of a request, or of one `$expand`/`$select` item or
 * `$count` segment (the nested ones). Absent options are absent keys.
 *
 * `$apply` is kept as written (the engine answers 501 for it), as are
 * `$schemaversion` and `$id`; `$index` is parsed but applies only
 * to inserts. `aliases` maps `@name` to its parsed value, `custom` the other
 * names (not starting with `$` or `@`) to their decoded values. Both records
 * have no prototype, so a query option named `__proto__` is an ordinary key.
 */
import { frozenList, frozenRecord } from './freeze.ts';
import type { ExprNode, SearchNode } from './index.ts';

/** `expr as name` of `$compute` (URL Conventions 4.01 §5.1.10). */
export interface ComputeItem {
  readonly expr: ExprNode;
  readonly name: string;
  readonly position: number;
}

export interface OrderByItem {
  readonly expr: ExprNode;
  readonly direction: 'asc' | 'desc';
  readonly position: number;
}

/**
 * One `$select` item: a path (segments as written: properties, type casts,
 * `@annotations`, qualified actions and functions), `*`, or `Model.*` (all
 * actions and functions of a schema). A path may carry nested options
 * (`Addresses($filter=...;$top=2)`) or, for a function overload, the names of
 * its parameters (`Model.Nearest(lat,lon)`).
 */
export type SelectItem =
  | { readonly path: readonly string[]; readonly options?: QueryOptionsNode; readonly parameters?: readonly string[]; readonly position: number }
  | { readonly star: true; readonly position: number }
  | { readonly allOperationsInSchema: string; readonly position: number };

/**
 * One `$expand` item. `path` ends with the navigation property (or `*`, or is
 * `['$value']`); `/$ref` and `/$count` after it become `ref` and `count`.
 */
export interface ExpandItem {
  readonly path: readonly string[];
  readonly ref?: boolean;
  readonly count?: boolean;
  readonly options: QueryOptionsNode;
  readonly position: number;
}

export interface QueryOptionsNode {
  readonly kind: 'QueryOptions';
  /** 0 for a request's options; the offset of the opening parenthesis for nested ones. */
  readonly position: number;
  readonly filter?: ExprNode;
  readonly orderby?: readonly OrderByItem[];
  readonly select?: readonly SelectItem[];
  readonly expand?: readonly ExpandItem[];
  readonly top?: number;
  readonly skip?: number;
  readonly count?: boolean;
  readonly search?: SearchNode;
  readonly skiptoken?: string;
  readonly deltatoken?: string;
  readonly format?: string;
  readonly compute?: readonly ComputeItem[];
  readonly apply?: string;
  readonly levels?: number | 'max';
  readonly index?: number;
  readonly schemaversion?: string;
  readonly id?: string;
  readonly aliases: Readonly<Record<string, ExprNode>>;
  readonly custom: Readonly<Record<string, string>>;
  /** Nested options only: each as written (`$filter=role eq 'x'`, decoded), for the links that continue them. */
  readonly written?: readonly string[];
}

/** What `create` takes: the options that were given, with aliases and custom options as entries. */
export type QueryOptionsFields = Partial<Omit<QueryOptionsNode, 'kind' | 'position' | 'aliases' | 'custom'>> & {
  aliases?: Iterable<readonly [string, ExprNode]>;
  custom?: Iterable<readonly [string, string]>;
};

function freezeSelectItem(item: SelectItem): SelectItem {
  if (!('path' in item)) return Object.freeze({ ...item });
  return Object.freeze({
    ...item,
    path: frozenList(item.path),
    ...(item.parameters ? { parameters: frozenList(item.parameters) } : {}),
  });
}

export const QueryOptionsNode = Object.freeze({
  is(node: { readonly kind: string }): node is QueryOptionsNode {
    return node.kind === 'QueryOptions';
  },

  create(fields: QueryOptionsFields, position: number): QueryOptionsNode {
    const { aliases = [], custom = [], orderby, select, expand, compute, written, ...scalars } = fields;
    return Object.freeze({
      kind: 'QueryOptions',
      position,
      ...scalars,
      ...(orderby ? { orderby: frozenList(orderby.map((item) => Object.freeze({ ...item }))) } : {}),
      ...(compute ? { compute: frozenList(compute.map((item) => Object.freeze({ ...item }))) } : {}),
      ...(select ? { select: frozenList(select.map(freezeSelectItem)) } : {}),
      ...(expand ? { expand: frozenList(expand.map((item) => Object.freeze({ ...item, path: frozenList(item.path) }))) } : {}),
      aliases: frozenRecord(aliases),
      custom: frozenRecord(custom),
      ...(written ? { written: frozenList(written) } : {}),
    });
  },
});
