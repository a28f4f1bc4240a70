import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SearchBinaryNode, SearchNotNode, SearchTermNode, printSearch } from '../ast/index.ts';
import { parseQueryOptions, parseSearch } from './index.ts';
import { rejectsAt } from '../../../test-support/odata-syntax.ts';

const show = (text: string) => printSearch(parseSearch(text));

const rejects = (text: string, position: number, message: RegExp, why = '') => rejectsAt(() => parseSearch(text), position, message, why ? `${text} (${why})` : text);

test('NOT binds tighter than AND, AND tighter than OR; side by side is an implicit AND', () => {
  assert.deepEqual(
    parseSearch('"exact phrase" OR foo AND NOT bar'),
    SearchBinaryNode.create(
      'or',
      SearchTermNode.create('exact phrase', true, 0),
      SearchBinaryNode.create('and', SearchTermNode.create('foo', false, 18), SearchNotNode.create(SearchTermNode.create('bar', false, 30), 26), 22),
      15,
    ),
  );
  assert.equal(show('a b OR c d'), '(OR (AND a b) (AND c d))');
  assert.equal(show('blue NOT green'), '(AND blue (NOT green))');
  assert.equal(show('foo AND (bar OR baz)'), '(AND foo (OR bar baz))');
  assert.equal(show('(NOT foo) OR baz'), '(OR (NOT foo) baz)');
  assert.equal(show('a  AND\tb'), '(AND a b)');
});

test('AND, OR and NOT are words where no operator can stand, and only in upper case operators', () => {
  assert.equal(show('AND'), 'AND');
  assert.equal(show('NOT NOT'), '(NOT NOT)');
  assert.equal(show('AND OR'), '(AND AND OR)');
  assert.equal(show('AND OR NOT'), '(OR AND NOT)');
  assert.equal(show('a OR'), '(AND a OR)');
  assert.equal(show('blue or green'), '(AND (AND blue or) green)');
  assert.equal(show('ANDROID ORACLE'), '(AND ANDROID ORACLE)');
});

test("words keep any character but whitespace, parentheses, double quotes and a literal ';'", () => {
  assert.equal(show("Daniel's 9,81 08/15 $search brand-new"), "(AND (AND (AND (AND Daniel's 9,81) 08/15) $search) brand-new)");
  assert.equal(printSearch(parseQueryOptions('$search=a%3Bb').search!), 'a;b', 'an encoded ; is part of the word');
  assert.equal(printSearch(parseQueryOptions('$search=more%26more').search!), 'more&more');
  rejects('a;b', 1, /expected the end of \$search, found ';'/);
  rejects('gr(een', 2, /found '\('/);
  rejects('', 0, /expected a search word, a "phrase" or a parenthesised search expression, found end of input/);
});

test('phrases, and single-quoted incomplete expressions for type-ahead', () => {
  assert.deepEqual(parseSearch('"blue green"'), SearchTermNode.create('blue green', true, 0));
  assert.deepEqual(parseSearch("'\"bl'"), SearchTermNode.create('"bl', true, 0));
  assert.deepEqual(parseSearch("'it''s'"), SearchTermNode.create("it's", true, 0));
  rejects('"blue', 5, /expected a closing '"' for the phrase that starts at position 0, found end of input/);
  rejects('""', 0, /a search phrase cannot be empty/);
  rejects('"blue"green', 6, /found 'green'/);
  rejects("'x", 2, /expected a closing quote/);
  rejects("a 'x'", 2, /expected a search word/, 'a quoted expression must be the whole value');
  rejects('( a', 3, /expected '\)', found end of input/);
});

test('nested in $expand, $search stops at ; and at an unmatched )', () => {
  const options = parseQueryOptions("$expand=Manager($search=(green) OR x;$top=1),Items($search='gr(een';$top=2)");
  assert.equal(printSearch(options.expand![0]!.options.search!), '(OR green x)');
  assert.equal(printSearch(options.expand![1]!.options.search!), '"gr(een"');
  assert.throws(() => parseQueryOptions('$expand=Manager($search=gr(een)'), { position: 26 });
});
