import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AliasNode,
  ArrayNode,
  BinaryNode,
  CallNode,
  InNode,
  LambdaNode,
  LiteralNode,
  MemberNode,
  ObjectNode,
  PathNode,
  QueryOptionsNode,
  SearchBinaryNode,
  SearchNotNode,
  SearchTermNode,
  UnaryNode,
  printExpr,
  printSearch,
  visitExpr,
} from './index.ts';
import type { ExprNode, ExprVisitor } from './index.ts';

const a = MemberNode.create(['a'], 0);
const one = LiteralNode.create('Int', '1', 5);

/** Every object reachable from `value` is frozen. */
function assertDeepFrozen(value: unknown, path = 'node'): void {
  if (typeof value !== 'object' || value === null) return;
  assert.ok(Object.isFrozen(value), `${path} is frozen`);
  for (const [key, child] of Object.entries(value)) assertDeepFrozen(child, `${path}.${key}`);
}

test('every factory makes a frozen node of its kind that its own is() recognises and the others do not', () => {
  const nodes = [
    LiteralNode.create('Enum', { type: 'Sales.Color', members: ['Red', 'Blue'] }, 0),
    a,
    PathNode.create([{ name: 'Items', args: [{ name: null, value: one }] }, { name: 'Name' }], 0),
    BinaryNode.create('eq', a, one, 2),
    UnaryNode.create('not', a, 0),
    InNode.create(a, { list: [one] }, 2),
    CallNode.create('length', [a], 0),
    LambdaNode.create('any', a, 't', BinaryNode.create('eq', MemberNode.create(['t'], 8), one, 10), 2),
    AliasNode.create('@p', 0),
    ArrayNode.create([one], 0),
    ObjectNode.create([{ name: 'x', value: one }], 0),
    SearchTermNode.create('blue', false, 0),
    SearchBinaryNode.create('or', SearchTermNode.create('a', false, 0), SearchTermNode.create('b', false, 5), 2),
    SearchNotNode.create(SearchTermNode.create('a', false, 4), 0),
    QueryOptionsNode.create({ filter: a, top: 2, orderby: [{ expr: a, direction: 'desc', position: 0 }], select: [{ path: ['a', 'b'], position: 0 }] }, 0),
  ];
  const factories = [LiteralNode, MemberNode, PathNode, BinaryNode, UnaryNode, InNode, CallNode, LambdaNode, AliasNode, ArrayNode, ObjectNode, SearchTermNode, SearchBinaryNode, SearchNotNode, QueryOptionsNode];
  nodes.forEach((node, i) => {
    assertDeepFrozen(node);
    factories.forEach((factory, j) => assert.equal(factory.is(node), i === j, `${node.kind} ${i === j ? 'is' : 'is not'} ${j}`));
    assert.throws(() => {
      (node as { kind: string }).kind = 'Other';
    }, TypeError);
  });
});

test('factories copy the arrays they are given, so a caller cannot change a node afterwards', () => {
  const path = ['Account', 'name'];
  const member = MemberNode.create(path, 0);
  path.push('evil');
  assert.deepEqual(member.path, ['Account', 'name']);
  const args: ExprNode[] = [a];
  const call = CallNode.create('trim', args, 0);
  args.length = 0;
  assert.equal(call.args.length, 1);
});

test('an In node holds either a literal list or a collection expression', () => {
  assert.deepEqual(InNode.create(a, { list: [] }, 2), { kind: 'In', left: a, list: [], collection: null, position: 2 });
  assert.deepEqual(InNode.create(a, { collection: MemberNode.create(['tags'], 5) }, 2).list, null);
});

test('aliases and custom options are records without a prototype, so __proto__ is an ordinary key', () => {
  const options = QueryOptionsNode.create({ custom: [['__proto__', 'x'], ['toString', 'y']], aliases: [['@p', one]] }, 0);
  assert.equal(Object.getPrototypeOf(options.custom), null);
  assert.equal(options.custom['__proto__'], 'x');
  assert.deepEqual(Object.keys(options.custom), ['__proto__', 'toString']);
  assert.equal(options.aliases['@p'], one);
  assert.equal(options.aliases['constructor'], undefined);
  assert.ok(Object.isFrozen(options.custom) && Object.isFrozen(options.aliases));
});

test('absent options are absent keys', () => {
  assert.deepEqual(Object.keys(QueryOptionsNode.create({}, 0)).sort(), ['aliases', 'custom', 'kind', 'position']);
});

test('a visitor must handle every expression kind', () => {
  // @ts-expect-error a visitor without a handler for each kind does not compile
  const incomplete: ExprVisitor<number> = { Literal: () => 1 };
  assert.ok(incomplete);
  const kinds: ExprVisitor<string> = {
    Literal: (node) => node.type,
    Member: () => 'Member',
    Path: () => 'Path',
    Binary: (node) => node.operator,
    Unary: (node) => node.operator,
    In: () => 'In',
    Call: (node) => node.name,
    Lambda: (node) => node.operator,
    Alias: (node) => node.name,
    Array: () => 'Array',
    Object: () => 'Object',
  };
  assert.equal(visitExpr(BinaryNode.create('and', a, a, 2), kinds), 'and');
  assert.equal(visitExpr(one, kinds), 'Int');
});

test('printExpr and printSearch show the grouping', () => {
  const tree = BinaryNode.create(
    'or',
    InNode.create(a, { list: [LiteralNode.create('String', "O'Neil", 7), LiteralNode.create('Null', null, 17)] }, 2),
    UnaryNode.create('negate', CallNode.create('round', [LiteralNode.create('Decimal', '2.5', 30)], 24), 23),
    19,
  );
  assert.equal(printExpr(tree), "(or (in a ['O''Neil', null]) (- round(Decimal(2.5))))");
  const search = SearchBinaryNode.create('and', SearchTermNode.create('blue green', true, 0), SearchNotNode.create(SearchTermNode.create('red', false, 17), 13), 13);
  assert.equal(printSearch(search), '(AND "blue green" (NOT red))');
});
