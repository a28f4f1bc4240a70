import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BinaryNode, LiteralNode, MemberNode, QueryOptionsNode, printExpr, printSearch } from '../ast/index.ts';
import { ODataSyntaxError, parseQueryOptions } from './index.ts';
import { rejectsAt } from '../../../test-support/odata-syntax.ts';

const rejects = (query: string, position: number, message: RegExp) => rejectsAt(() => parseQueryOptions(query), position, message, query);

test("the Four/Four Go connector's incremental read: %24filter, + for spaces, encoded colons, top without $", () => {
  const query = '%24filter=updated+ge+2024-01-15T10%3A30%3A00Z+and+updated+le+2024-02-01T00%3A00%3A00Z&top=100';
  assert.deepEqual(
    parseQueryOptions(query),
    QueryOptionsNode.create(
      {
        filter: BinaryNode.create(
          'and',
          BinaryNode.create('ge', MemberNode.create(['updated'], 10), LiteralNode.create('DateTimeOffset', '2024-01-15T10:30:00Z', 21), 18),
          BinaryNode.create('le', MemberNode.create(['updated'], 50), LiteralNode.create('DateTimeOffset', '2024-02-01T00:00:00Z', 61), 58),
          46,
        ),
        top: 100,
      },
      0,
    ),
  );
  assert.equal(query.slice(21, 25), '2024', 'positions point into the raw query');
  assert.deepEqual(parseQueryOptions('top=1').top, 1, 'the metadata probe');
});

test('system query option names are case-insensitive, with or without $; $skiptoken and $deltatoken need the $', () => {
  assert.deepEqual({ ...parseQueryOptions('$Top=5&SKIP=2&Count=TRUE&Filter=true') }, { ...QueryOptionsNode.create({ top: 5, skip: 2, count: true, filter: LiteralNode.create('Boolean', true, 32) }, 0) });
  const tokens = parseQueryOptions('$SkipToken=abc%3D&skiptoken=plain&$deltatoken=d');
  assert.equal(tokens.skiptoken, 'abc=');
  assert.equal(tokens.deltatoken, 'd');
  assert.deepEqual({ ...tokens.custom }, { skiptoken: 'plain' });
});

test('a repeated option, an unknown $ option or a misspelt name is an error that points at it', () => {
  rejects('$top=1&top=2', 7, /'top' is given more than once/);
  rejects('$filter=a&%24FILTER=b', 10, /'\$FILTER' is given more than once/);
  rejects('@p=1&@p=2', 5, /'@p' is given more than once/);
  rejects('tag=1&tag=2', 6, /'tag' is given more than once/);
  rejects('$top=1&$foo=1', 7, /unknown system query option '\$foo'; the system query options are \$filter, \$orderby/);
  rejects('$levels=2', 0, /unknown system query option/);
  rejects('$filter =true', 7, /unexpected whitespace after '\$filter'/);
  rejects('=x', 0, /expected a query option name before '='/);
  rejects('$count', 6, /expected '=' and a value after '\$count'/);
});

test('$top and $skip are non-negative integers, $count is true or false', () => {
  assert.deepEqual([parseQueryOptions('$top=0').top, parseQueryOptions('$skip=9007199254740991').skip], [0, Number.MAX_SAFE_INTEGER]);
  assert.deepEqual([parseQueryOptions('$count=false').count, parseQueryOptions('$count=True').count], [false, true]);
  rejects('$top=-1', 5, /expected a non-negative integer for \$top, found '-'/);
  rejects('$top=1.5', 6, /expected the end of \$top, found '\.5'/);
  rejects('$top=', 5, /expected a non-negative integer for \$top, found end of input/);
  rejects('$skip=99999999999999999999', 6, /\$skip must be at most 9007199254740991/);
  rejects('$count=yes', 7, /expected true or false, found 'yes'/);
});

test('$format, $apply, $index, $schemaversion and $id are kept for the engine to answer 406 or 501; $compute is parsed', () => {
  const options = parseQueryOptions('$format=application/json;odata.metadata=minimal&$compute=a mul b as c,day(d) as e&$apply=groupby((a))&$index=-3&$schemaversion=1.2&$id=http://x/y');
  assert.deepEqual(
    [options.format, options.apply, options.index, options.schemaversion, options.id],
    ['application/json;odata.metadata=minimal', 'groupby((a))', -3, '1.2', 'http://x/y'],
  );
  assert.deepEqual(options.compute!.map((item) => [printExpr(item.expr), item.name, item.position]), [['(mul a b)', 'c', 57], ['day(d)', 'e', 70]]);
  rejects('$compute=a mul b', 16, /expected ' as ' and the computed property's name, found end of input/);
  rejects('$compute=a as 1x', 14, /expected the computed property's name, found '1x'/);
  assert.equal(parseQueryOptions('format=xml').format, 'xml');
  rejects('$format=a b', 8, /expected json, atom, xml or a media type/);
  rejects('$index=fortytwo', 7, /expected an integer, found 'fortytwo'/);
  rejects('$compute=', 9, /expected an expression/);
});

test('parameter aliases are parsed as expressions; custom options are kept decoded', () => {
  const options = parseQueryOptions("$filter=Title eq @title&@title='Wizard%20of%20Oz'&@list=[1,2]&find=O%27Neil&!special&levels=2");
  assert.equal(printExpr(options.filter!), '(eq Title @title)');
  assert.deepEqual(Object.keys(options.aliases), ['@title', '@list']);
  assert.equal(printExpr(options.aliases['@title']!), "'Wizard of Oz'");
  assert.equal(printExpr(options.aliases['@list']!), '[1, 2]');
  assert.deepEqual({ ...options.custom }, { find: "O'Neil", '!special': '', levels: '2' });
  rejects('@x', 2, /expected '=' and a value after '@x'/);
  rejects('@1=2', 0, /a parameter alias is '@' and a name/);
  rejects('@x=1 2', 5, /expected an operator or the end of @x, found '2'/);
});

test('percent-decoding: UTF-8, + as a space, and errors at the raw position', () => {
  assert.equal(printSearch(parseQueryOptions('$search=%CE%94+%E2%82%AC').search!), '(AND Δ €)');
  assert.deepEqual(parseQueryOptions('&&top=1&').top, 1, 'empty segments are skipped');
  assert.deepEqual(parseQueryOptions(''), QueryOptionsNode.create({}, 0));
  rejects('$filter=a%2', 9, /expected two hexadecimal digits after '%', found '2'/);
  rejects('$filter=a%ZZ', 9, /found 'ZZ'/);
  rejects('$search=%C3%28', 8, /percent-encoded bytes are not valid UTF-8/);
  rejects('$search=%ED%A0%80', 8, /not valid UTF-8/);
  rejects('$filter=a#b', 9, /'#' starts the fragment of a URL and must be percent-encoded as %23/);
  rejects('%24filter=a%20eq%20', 19, /expected an expression after 'eq', found end of input/);
  rejects('$filter=a%20eq%20%27x', 21, /expected a closing quote for the string that starts at position 17, found end of input/);
});

test('an error names the option it is in', () => {
  assert.throws(() => parseQueryOptions('$top=2&%24filter=a+eq'), (error: unknown) => {
    assert.ok(error instanceof ODataSyntaxError);
    assert.equal(error.option, '$filter');
    assert.equal(error.detail, "expected an expression after 'eq', found end of input");
    assert.equal(error.message, "$filter at position 21: expected an expression after 'eq', found end of input");
    return true;
  });
});

test('$orderby, $select, $expand and $search at the top level', () => {
  const options = parseQueryOptions('$orderby=Account/name desc,id&$select=id,name&$expand=Account&$search="exact phrase" OR foo AND NOT bar');
  assert.deepEqual(options.orderby, [
    { expr: MemberNode.create(['Account', 'name'], 9), direction: 'desc', position: 9 },
    { expr: MemberNode.create(['id'], 27), direction: 'asc', position: 27 },
  ]);
  assert.deepEqual(options.select, [
    { path: ['id'], position: 38 },
    { path: ['name'], position: 41 },
  ]);
  assert.deepEqual(options.expand?.[0]?.path, ['Account']);
  assert.equal(printSearch(options.search!), '(OR "exact phrase" (AND foo (NOT bar)))');
  assert.equal(printSearch(parseQueryOptions('$search=+blue+').search!), 'blue', 'leading and trailing spaces are not part of a search');
  rejects('$orderby=Name foo', 14, /expected asc, desc, an operator, ',' or the end of \$orderby, found 'foo'/);
  rejects('$select=a b', 10, /expected ',' or the end of \$select, found 'b'/);
});

test('the whole tree is frozen', () => {
  const options = parseQueryOptions("$filter=a eq 1&$expand=Items($filter=b in ('x');$orderby=c)&@p=[1]&x=y");
  const check = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    assert.ok(Object.isFrozen(value));
    Object.values(value).forEach(check);
  };
  check(options);
});
