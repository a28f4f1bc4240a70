/**
 * Whatever a client sends, the parser answers with an ODataSyntaxError (a 400)
 * or a tree, never another exception (a 500), a stack overflow or a long stall.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { LiteralNode, printExpr } from '../ast/index.ts';
import { MAX_DEPTH, ODataSyntaxError, parseExpand, parseExpression, parseOrderBy, parseQueryOptions, parseSearch, parseSelect } from './index.ts';

const PARSERS: readonly ((text: string) => unknown)[] = [parseQueryOptions, parseExpression, parseOrderBy, parseSelect, parseExpand, parseSearch];

/** Runs `parse` and returns the syntax error it threw, failing on any other exception. */
function outcome(parse: (text: string) => unknown, text: string): ODataSyntaxError | null {
  try {
    parse(text);
    return null;
  } catch (error) {
    if (!(error instanceof ODataSyntaxError)) assert.fail(`${parse.name}(${JSON.stringify(text.slice(0, 200))}) threw ${String(error)}`);
    assert.ok(error.position >= 0 && error.position <= text.length, `${parse.name}: position ${error.position} within the input`);
    return error;
  }
}

test('mutations of the OASIS inputs and random strings raise only ODataSyntaxError, at a position inside the input', () => {
  const file = parse(readFileSync(new URL('./conformance/odata-abnf-testcases.yaml', import.meta.url), 'utf8')) as { TestCases: { Input: unknown }[] };
  const seeds = file.TestCases.map((testCase) => String(testCase.Input));
  const alphabet = [...` ()[]{}'",;:/$@=&%+-.*#?!0123456789aeEinotxzTZPSDHM\\\t\u0000\u00e9😀`, '%2', '%C3', '%28', 'eq ', 'any(', '$filter='];
  let state = 20240115;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  for (let i = 0; i < 15_000; i++) {
    let chars: string[];
    if (i % 3 === 0) {
      chars = Array.from({ length: random(40) }, () => alphabet[random(alphabet.length)]!);
    } else {
      chars = [...seeds[random(seeds.length)]!];
      for (let m = 0; m <= random(4); m++) {
        const at = random(chars.length + 1);
        const edit = random(3);
        if (edit === 0) chars.splice(at, 1);
        else if (edit === 1) chars.splice(at, 0, alphabet[random(alphabet.length)]!);
        else chars.splice(at, 0, ...chars.slice(random(chars.length), random(chars.length)));
      }
    }
    const text = chars.join('');
    for (const parser of PARSERS) outcome(parser, text);
  }
});

test(`nesting is limited to ${MAX_DEPTH} levels with a clear error, for every construct that nests`, () => {
  const deep = (open: string, inner: string, close: string, depth: number) => open.repeat(depth) + inner + close.repeat(depth);
  const cases: [(text: string) => unknown, (depth: number) => string][] = [
    [parseExpression, (n) => deep('(', 'a', ')', n)],
    [parseExpression, (n) => deep('not ', 'a', '', n)],
    [parseExpression, (n) => deep('-', 'a', '', n)],
    [parseExpression, (n) => deep('[', '1', ']', n)],
    [parseExpression, (n) => deep('{"a":', '1', '}', n)],
    [parseExpression, (n) => deep('length(', 'a', ')', n)],
    [parseExpression, (n) => deep('Items(', '1', ')', n)],
    [parseExpression, (n) => deep('a/any(x:', 'true', ')', n)],
    [parseExpression, (n) => deep('a/$filter(', 'true', ')', n)],
    [parseExpression, (n) => `geography'SRID=0;${deep('GeometryCollection(', 'Point(1 2)', ')', n)}'`],
    [parseExpand, (n) => deep('a($expand=', 'b', ')', n)],
    [parseSelect, (n) => deep('a($select=', 'b', ')', n)],
    [parseSearch, (n) => deep('(', 'a', ')', n)],
    [parseSearch, (n) => deep('NOT ', 'a', '', n)],
  ];
  for (const [parser, make] of cases) {
    assert.equal(outcome(parser, make(MAX_DEPTH)), null, `${make(2)} nests ${MAX_DEPTH} deep`);
    const error = outcome(parser, make(100_000));
    assert.match(error?.message ?? '', /nests deeper than 100 levels/, make(2));
  }
});

test('long inputs are parsed in linear time', () => {
  const started = performance.now();
  const chain = parseExpression(Array.from({ length: 20_000 }, (_, i) => `id eq ${i}`).join(' or '));
  assert.equal(chain.kind, 'Binary');
  const string = parseExpression(`'${"x''".repeat(200_000)}'`);
  assert.ok(LiteralNode.is(string) && string.type === 'String' && string.value.length === 400_000);
  assert.equal(parseQueryOptions(`$filter=id in (${Array.from({ length: 20_000 }, (_, i) => `'${i}'`).join(',')})`).filter?.kind, 'In');
  assert.equal(parseQueryOptions(`x=${'%41'.repeat(300_000)}`).custom['x']?.length, 300_000);
  assert.equal(parseSearch('a '.repeat(100_000) + 'b').kind, 'SearchBinary');
  assert.match(outcome(parseExpression, 'a'.repeat(1_000_000))?.message ?? '', /an identifier has at most 128 characters/);
  assert.match(outcome(parseExpression, `'${'x'.repeat(1_000_000)}`)?.message ?? '', /expected a closing quote/);
  assert.ok(performance.now() - started < 5_000, 'well under the time a request may take');
});

test('messages quote at most 40 characters of the input and escape control characters', () => {
  const error = outcome(parseExpression, `${'a.'.repeat(10_000)}b`);
  assert.ok(error && error.message.length < 300, error?.message);
  assert.match(outcome(parseExpression, 'a eq \u0000')?.message ?? '', /found '\\u0000'/);
  assert.match(outcome(parseQueryOptions, `${'$x'.repeat(10_000)}=1`)?.message ?? '', /^\$x\$x.*… at position 0: unknown system query option/);
});

test('names that are special in JavaScript are ordinary query option names', () => {
  const options = parseQueryOptions('__proto__=1&constructor=2&@__proto__=3&$filter=__proto__ eq @__proto__');
  assert.deepEqual(Object.entries(options.custom), [
    ['__proto__', '1'],
    ['constructor', '2'],
  ]);
  assert.equal(printExpr(options.aliases['@__proto__']!), '3');
  assert.equal(Object.getPrototypeOf(options.aliases), null);
});
