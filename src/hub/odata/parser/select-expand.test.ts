import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueryOptionsNode, printExpr } from '../ast/index.ts';
import { parseExpand, parseOrderBy, parseQueryOptions, parseSelect } from './index.ts';
import { rejectsAt } from '../../../test-support/odata-syntax.ts';

const rejects = (parse: () => unknown, position: number, message: RegExp) => rejectsAt(parse, position, message, 'the option');

test('$orderby: expressions with an optional direction, any case', () => {
  const items = parseOrderBy('Account/name desc,id, Cost ge Revenue ASC');
  assert.deepEqual(
    items.map((item) => [printExpr(item.expr), item.direction, item.position]),
    [
      ['Account/name', 'desc', 0],
      ['id', 'asc', 18],
      ['(ge Cost Revenue)', 'asc', 22],
    ],
  );
  assert.ok(Object.isFrozen(items) && Object.isFrozen(items[0]));
  rejects(() => parseOrderBy('Name descending'), 5, /expected asc, desc, an operator, ',' or the end of \$orderby, found 'descending'/);
});

test('nested $expand options: $select, $filter, $top, $count', () => {
  const [participants] = parseExpand("Participants($select=name;$filter=role eq 'customer';$top=2;$count=true)");
  assert.deepEqual(participants!.path, ['Participants']);
  const { options } = participants!;
  assert.deepEqual(options.select, [{ path: ['name'], position: 21 }]);
  assert.equal(printExpr(options.filter!), "(eq role 'customer')");
  assert.deepEqual([options.top, options.count, options.position], [2, true, 12]);
  const deeper = parseQueryOptions('$expand=Items($expand=Product($select=Name,Price);@c=15;levels=4)').expand![0]!.options;
  assert.deepEqual(deeper.expand![0]!.options.select!.map((item) => ('path' in item ? item.path : null)), [['Name'], ['Price']]);
  assert.equal(deeper.levels, 4);
  assert.equal(printExpr(deeper.aliases['@c']!), '15');
});

test('$expand items: $value, casts, annotations, *, /$ref and /$count with the options each allows', () => {
  const items = parseExpand('$value,Address/Model.Vip/Orders,@ns.Term,*,*/$ref,*($levels=max),Items/$ref($filter=a;$top=1),Items/$count($search=x)');
  assert.deepEqual(
    items.map((item) => [item.path.join('/'), item.ref ?? false, item.count ?? false]),
    [
      ['$value', false, false],
      ['Address/Model.Vip/Orders', false, false],
      ['@ns.Term', false, false],
      ['*', false, false],
      ['*', true, false],
      ['*', false, false],
      ['Items', true, false],
      ['Items', false, true],
    ],
  );
  assert.equal(items[5]!.options.levels, 'max');
  assert.deepEqual(items[0]!.options, QueryOptionsNode.create({}, 6));
  rejects(() => parseExpand('Customer/$ref($levels=4)'), 14, /'\$levels' is not allowed after '\/\$ref'; allowed: \$filter, \$search, \$orderby, \$skip, \$top, \$count/);
  rejects(() => parseExpand('Items/$count($count=true)'), 13, /'\$count' is not allowed after '\/\$count'/);
  rejects(() => parseExpand('Category($levels=04)'), 17, /expected a positive number without leading zeros, or max, found '04'/);
  rejects(() => parseExpand('*($top=1)'), 2, /'\$top' is not allowed after '\*' in \$expand; allowed: \$levels/);
  rejects(() => parseExpand('*/x'), 2, /expected '\$ref' after '\*\/'/);
  rejects(() => parseExpand('*/$count'), 0, /'\*\/\$count' is not allowed/);
  rejects(() => parseExpand('Items()'), 6, /expected a query option such as \$filter=\.\.\. in \$expand, found '\)'/);
  rejects(() => parseExpand('Items($top=1;$top=2)'), 13, /'\$top' is given twice in \$expand/);
  rejects(() => parseExpand('Items(foo=1)'), 6, /unknown query option 'foo' in \$expand/);
  rejects(() => parseExpand('Items($top=1'), 12, /expected ';' or '\)', found end of input/);
});

test('$compute inside parentheses ends at ; or ) outside quotes', () => {
  const [item] = parseExpand("Items($compute=concat(a,';)') as b;$top=1)");
  assert.deepEqual([item!.options.compute!.map((c) => [printExpr(c.expr), c.name]), item!.options.top], [[["concat(a, ';)')", 'b']], 1]);
});

test('$select items: *, Model.*, paths, nested options and function parameter names', () => {
  assert.deepEqual(parseSelect('Model.*,*,Address/City,Model.F(a, b),@Core.Messages'), [
    { allOperationsInSchema: 'Model', position: 0 },
    { star: true, position: 8 },
    { path: ['Address', 'City'], position: 10 },
    { path: ['Model.F'], parameters: ['a', 'b'], position: 23 },
    { path: ['@Core.Messages'], position: 37 },
  ]);
  const [addresses] = parseSelect("Addresses($filter=startswith(City,'H');$top=5;$orderby=$it;$search=blue;@c=15;$select=City)");
  assert.ok(addresses && 'path' in addresses && addresses.options);
  assert.deepEqual([addresses.options.top, addresses.options.orderby?.length, Object.keys(addresses.options.aliases)], [5, 1, ['@c']]);
  rejects(() => parseSelect('Items($expand=x)'), 6, /'\$expand' is not allowed in \$select/);
  rejects(() => parseSelect('Address/*'), 8, /expected a property, type or annotation name after '\/', found '\*'/);
  rejects(() => parseSelect(''), 0, /expected a property name, \* or an annotation, found end of input/);
});
