import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BinaryNode, InNode, LambdaNode, LiteralNode, MemberNode, PathNode, UnaryNode, printExpr } from '../ast/index.ts';
import { ODataSyntaxError, parseExpression } from './index.ts';
import { rejectsAt } from '../../../test-support/odata-syntax.ts';

const show = (text: string) => printExpr(parseExpression(text));

/** Asserts that parsing fails at `position` with a message matching `message`. */
const rejects = (text: string, position: number, message: RegExp) => rejectsAt(() => parseExpression(text), position, message, text);

test('precedence follows URL Conventions §5.1.1.17: not, then comparisons, then and, then or', () => {
  assert.deepEqual(
    parseExpression('a or b and not c eq 1'),
    BinaryNode.create(
      'or',
      MemberNode.create(['a'], 0),
      BinaryNode.create(
        'and',
        MemberNode.create(['b'], 5),
        BinaryNode.create('eq', UnaryNode.create('not', MemberNode.create(['c'], 15), 11), LiteralNode.create('Int', '1', 20), 17),
        7,
      ),
      2,
    ),
  );
  assert.equal(show('a and b or c and d'), '(or (and a b) (and c d))');
  assert.equal(show('not (a eq 1) and b'), '(and (not (eq a 1)) b)');
  assert.equal(show("not(contains(name,'x'))"), "(not contains(name, 'x'))");
  assert.equal(show('a eq 1 or b ne 2 and c ge 3'), '(or (eq a 1) (and (ne b 2) (ge c 3)))');
});

test('arithmetic: mul before add before comparison, all left-associative; has and in bind tightest', () => {
  assert.equal(show('Price add 2.45 mul 3 eq 5'), '(eq (add Price (mul Decimal(2.45) 3)) 5)');
  assert.equal(show('a sub b sub c'), '(sub (sub a b) c)');
  assert.equal(show('a div b divby c mod d'), '(mod (divby (div a b) c) d)');
  assert.equal(show('(4 add 5) mod (4 sub 1) eq 0'), '(eq (mod (add 4 5) (sub 4 1)) 0)');
  assert.equal(show('-Price add 1'), '(add (- Price) 1)');
  assert.equal(show('- 5'), '(- 5)');
  assert.equal(show('-5 sub -2.5'), '(sub -5 Decimal(-2.5))');
  assert.equal(show("style has Sales.Color'Red' eq true"), "(eq (has style Sales.Color'Red') true)");
  assert.equal(show('not a in (1,2)'), '(not (in a [1, 2]))');
});

test('operators are case-insensitive and need whitespace on both sides', () => {
  assert.equal(show("Name EQ 'Milk' AND Price LT 2.55"), "(and (eq Name 'Milk') (lt Price Decimal(2.55)))");
  assert.equal(show('a\teq\t1'), '(eq a 1)');
  rejects('Price eq(1)', 8, /expected a space after 'eq', found '\('/);
  rejects('Price add2', 6, /expected an operator or the end of the expression, found 'add2'/);
});

test('in: a literal list, an empty list, a JSON array, or a collection', () => {
  assert.deepEqual(parseExpression('Name in ()'), InNode.create(MemberNode.create(['Name'], 0), { list: [] }, 5));
  assert.equal(show("Name in ('Milk', 'Cheese')"), "(in Name ['Milk', 'Cheese'])");
  assert.equal(show("a in ('x')"), "(in a ['x'])");
  assert.equal(show('a in ["x", 1]'), "(in a ['x', 1])");
  const collection = parseExpression('a in Tags');
  assert.ok(InNode.is(collection) && collection.list === null && MemberNode.is(collection.collection!));
  assert.equal(show('a in (Tags)'), '(in a Tags)', 'parentheses around one non-literal group, they do not make a list');
  rejects('FirstName in (FirstName,LastName)', 23, /expected '\)', found ','; a list after 'in' may hold only literals/);
  rejects("a in ('x',b)", 10, /a list after 'in' may hold only literals/);
  rejects("EmailAddresses eq ('Miller','Smith')", 27, /expected '\)', found ','/);
});

test('lambdas: any and all with a variable, any() without, nested, case-insensitive', () => {
  assert.deepEqual(
    parseExpression("tags/any(t: t eq 'x')"),
    LambdaNode.create(
      'any',
      MemberNode.create(['tags'], 0),
      't',
      BinaryNode.create('eq', MemberNode.create(['t'], 12), LiteralNode.create('String', 'x', 17), 14),
      5,
    ),
  );
  assert.deepEqual(parseExpression('tags/any()'), LambdaNode.create('any', MemberNode.create(['tags'], 0), null, null, 5));
  assert.equal(show('Orders/any(o: o/Items/all(i: i/Price gt 0))'), 'Orders/any(o: o/Items/all(i: (gt i/Price 0)))');
  assert.equal(show('tags/ANY( t : t eq 1 )'), 'tags/any(t: (eq t 1))');
  assert.equal(show("@Core.Messages/any(m:m/severity eq 'error')"), "@Core.Messages/any(m: (eq m/severity 'error'))");
  const onFunction = parseExpression('Products/Model.ByColor()/all(p:true)');
  assert.ok(LambdaNode.is(onFunction) && PathNode.is(onFunction.collection));
  rejects('any()', 3, /'any' must follow the collection it tests/);
  rejects('all(x:true)', 3, /'all' must follow the collection it tests/);
  rejects('Products/all()', 13, /expected a lambda variable/);
  rejects('tags/any(t t)', 11, /expected ':' after the lambda variable/);
});

test('member paths: $it, $this, $root, type casts, annotations, $count and aliases', () => {
  assert.deepEqual(parseExpression('Account/industry'), MemberNode.create(['Account', 'industry'], 0));
  assert.equal(show('$it/Address/City eq $this/ShipTo/City'), '(eq $it/Address/City $this/ShipTo/City)');
  assert.deepEqual(parseExpression('Address/Model.VipAddress/Street'), MemberNode.create(['Address', 'Model.VipAddress', 'Street'], 0));
  assert.deepEqual(parseExpression('Price/@Measures.Currency#Reporting'), MemberNode.create(['Price', '@Measures.Currency#Reporting'], 0));
  assert.deepEqual(parseExpression('Products/$count'), MemberNode.create(['Products', '$count'], 0));
  assert.deepEqual(parseExpression('$root/Accounts'), MemberNode.create(['$root', 'Accounts'], 0));
  assert.equal(show('a eq @p'), '(eq a @p)');
  assert.deepEqual(parseExpression('@p/City'), MemberNode.create(['@p', 'City'], 0), 'a path through an alias is left to the validator');
  rejects('Model.Available', 15, /expected '\(' or '\/' after 'Model.Available'/);
  rejects('$count', 0, /expected \$it, \$this, \$root or a property name, found '\$count'/);
  rejects('$root', 5, /expected '\/' and an entity set after '\$root'/);
  rejects('a//b', 2, /expected a property, type or function name, found '\/'/);
});

test('keys, function calls, $filter and $count segments make a Path node', () => {
  assert.deepEqual(
    parseExpression("Items(ID=1,Code='x')/Name"),
    PathNode.create(
      [
        {
          name: 'Items',
          args: [
            { name: 'ID', value: LiteralNode.create('Int', '1', 9) },
            { name: 'Code', value: LiteralNode.create('String', 'x', 16) },
          ],
        },
        { name: 'Name' },
      ],
      0,
    ),
  );
  assert.equal(show('Items(1)/Name'), 'Items(1)/Name');
  assert.equal(show('Model.Available()'), 'Model.Available()');
  assert.equal(show("Products/Model.ByColor(color='red',sizes=[1,2])/Name"), "Products/Model.ByColor(color='red',sizes=[1, 2])/Name");
  assert.equal(show("Addresses/$filter(City eq 'Oslo')/$count lt 10"), "(lt Addresses/$filter((eq City 'Oslo'))/$count 10)");
  assert.equal(show('Products/$count($filter=Price gt 5;$search=blue) gt 2'), '(gt Products/$count($filter=(gt Price 5);$search=blue) 2)');
  rejects('Items(1,2)', 5, /one key value or name=value pairs/);
  rejects('Products/$count($top=1)', 16, /'\$top' is not allowed after '\/\$count'; allowed: \$filter, \$search/);
  rejects('Products/$filter', 16, /expected '\(' and a condition after '\$filter'/);
});

test('built-in functions: lower-case names, checked argument counts; cast, isof and case', () => {
  assert.equal(show("CONTAINS(Name,'x')"), "contains(Name, 'x')");
  assert.equal(show("matchesPattern(Name,'^A')"), "matchespattern(Name, '^A')");
  assert.equal(show('substring(Name, 1, 2)'), 'substring(Name, 1, 2)');
  assert.equal(show('now( )'), 'now()');
  assert.equal(show('geo.distance(a,b) lt 5'), '(lt geo.distance(a, b) 5)');
  assert.deepEqual(parseExpression('cast(Edm.Int32)').kind, 'Call');
  assert.equal(show('cast(Category,Model.Customer)'), 'cast(Category, Model.Customer)');
  assert.equal(show('isof(Location, Collection(Edm.String))'), 'isof(Location, Collection(Edm.String))');
  assert.equal(show('case(X gt 0:1,X lt 0:-1,true:0)'), 'case((gt X 0), 1, (lt X 0), -1, true, 0)');
  rejects('substring(Name)', 0, /substring takes 2 or 3 arguments, found 1/);
  rejects('now(1)', 0, /now takes 0 arguments, found 1/);
  rejects('length(a,b)', 0, /length takes 1 argument, found 2/);
  rejects("cast('x',)", 9, /expected a type name/);
});

test('JSON arrays and objects are collection and complex literals', () => {
  assert.equal(show('{"a": [1, {"b": "c\\"d\\u0041\\n"}]}'), '{"a": [1, {"b": \'c"dA\n\'}]}');
  assert.equal(show('[]'), '[]');
  assert.equal(show('[FirstName,LastName] in [["John","Doe"],["Jane","Smith"]]'), "(in [FirstName, LastName] [['John', 'Doe'], ['Jane', 'Smith']])");
  assert.equal(show('{"FirstName":Customer/FirstName,"Sizes":[1, 2 add 3]}'), '{"FirstName": Customer/FirstName, "Sizes": [1, (add 2 3)]}');
  rejects('"x" eq a', 0, /a JSON string \("\.\.\."\) may stand only inside a JSON array or object/);
  rejects('["a\\x"]', 4, /expected an escape \(.*\) after '\\', found 'x'/);
  rejects('{"a" 1}', 5, /expected ':' after the member name/);
  rejects('[1,2', 4, /expected ',' or '\]', found end of input/);
});

test('errors name what was expected and what was found, and where', () => {
  assert.throws(() => parseExpression('Price eq '), { name: 'ODataSyntaxError', message: "at position 9: expected an expression after 'eq', found end of input" });
  rejects('', 0, /expected an expression, found end of input/);
  rejects(' a', 0, /expected an expression, found a space/);
  rejects("a eq 'x", 7, /expected a closing quote for the string that starts at position 5, found end of input/);
  rejects('(a eq 1', 7, /expected '\)', found end of input/);
  rejects('a eq 1 ', 6, /unexpected whitespace at the end/);
  rejects('Name foo', 5, /expected an operator or the end of the expression, found 'foo'/);
});
