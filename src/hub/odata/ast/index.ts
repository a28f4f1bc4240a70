/**
 * The immutable AST of OData URL query options: what `../parser` produces and
 * the validator, the SQL compiler and AST transformers (tenant scoping) consume.
 *
 * Glossary:
 * - node: a frozen object with a `kind` tag and `position`, the 0-based offset
 *   of its text in what was parsed (for `parseQueryOptions`, the raw query
 *   string, so positions point into what the client sent);
 * - expression (`ExprNode`): `$filter`, `$orderby` items, alias values, function arguments;
 * - search node (`SearchNode`): the separate little language of `$search`;
 * - factory: the frozen object named like the node type, with `create` and `is`
 *   (after Kysely's operation nodes); nodes are never mutated, a transformer
 *   builds new ones.
 *
 * Handle nodes through an `ExprVisitor`: a `Record` from every kind to a
 * handler, so a kind added here fails to compile where it is not handled.
 */
import type { AliasNode } from './alias-node.ts';
import type { ArrayNode } from './array-node.ts';
import type { BinaryNode } from './binary-node.ts';
import type { CallNode } from './call-node.ts';
import type { InNode } from './in-node.ts';
import type { LambdaNode } from './lambda-node.ts';
import type { LiteralNode } from './literal-node.ts';
import type { MemberNode } from './member-node.ts';
import type { ObjectNode } from './object-node.ts';
import type { PathNode } from './path-node.ts';
import type { SearchBinaryNode } from './search-binary-node.ts';
import type { SearchNotNode } from './search-not-node.ts';
import type { SearchTermNode } from './search-term-node.ts';
import type { UnaryNode } from './unary-node.ts';

export * from './alias-node.ts';
export * from './array-node.ts';
export * from './binary-node.ts';
export * from './call-node.ts';
export * from './in-node.ts';
export * from './lambda-node.ts';
export * from './literal-node.ts';
export * from './member-node.ts';
export * from './object-node.ts';
export * from './path-node.ts';
export * from './print.ts';
export * from './query-options-node.ts';
export * from './search-binary-node.ts';
export * from './search-not-node.ts';
export * from './search-term-node.ts';
export * from './unary-node.ts';
export * from './visit.ts';

export type ExprNode = LiteralNode | MemberNode | PathNode | BinaryNode | UnaryNode | InNode | CallNode | LambdaNode | AliasNode | ArrayNode | ObjectNode;

export type SearchNode = SearchTermNode | SearchBinaryNode | SearchNotNode;

export type ExprVisitor<R> = { [K in ExprNode['kind']]: (node: Extract<ExprNode, { kind: K }>) => R };

export type SearchVisitor<R> = { [K in SearchNode['kind']]: (node: Extract<SearchNode, { kind: K }>) => R };
