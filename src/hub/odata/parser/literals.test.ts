import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiteralNode, printExpr } from '../ast/index.ts';
import { parseExpression, parseQueryOptions } from './index.ts';
import { rejectsAt } from '../../../test-support/odata-syntax.ts';

function literal(text: string): [string, unknown] {
  const node = parseExpression(text);
  assert.ok(LiteralNode.is(node), `${text} is a literal`);
  return [node.type, node.value];
}

const rejects = (text: string, position: number, message: RegExp) => rejectsAt(() => parseExpression(text), position, message, text);

test('null, booleans (any case) and numbers keep their text, integers beyond Int64 become Decimal', () => {
  assert.deepEqual(literal('null'), ['Null', null]);
  assert.deepEqual(literal('true'), ['Boolean', true]);
  assert.deepEqual(literal('FaLsE'), ['Boolean', false]);
  assert.deepEqual(literal('42'), ['Int', '42']);
  assert.deepEqual(literal('-7'), ['Int', '-7']);
  assert.deepEqual(literal('+007'), ['Int', '7']);
  assert.deepEqual(literal('9223372036854775807'), ['Int', '9223372036854775807']);
  assert.deepEqual(literal('-9223372036854775808'), ['Int', '-9223372036854775808']);
  assert.deepEqual(literal('9223372036854775808'), ['Decimal', '9223372036854775808']);
  assert.deepEqual(literal('2.45'), ['Decimal', '2.45']);
  assert.deepEqual(literal('0.10000000000000000000001'), ['Decimal', '0.10000000000000000000001']);
  assert.deepEqual(literal('1.5e3'), ['Double', '1.5e3']);
  assert.deepEqual(literal('-0.314E+1'), ['Double', '-0.314E+1']);
  assert.deepEqual(literal('INF'), ['Double', 'INF']);
  assert.deepEqual(literal('-INF'), ['Double', '-INF']);
  assert.deepEqual(literal('NaN'), ['Double', 'NaN']);
  assert.equal(parseExpression('NULL').kind, 'Member', 'null is case-sensitive, NULL is a property');
  assert.equal(parseExpression('Inf').kind, 'Member');
  rejects('42.', 3, /expected a digit after '\.', found end of input/);
});

test('OData 2.0 type suffixes on numbers, as SAP Cloud SDK clients write them, give the type they name', () => {
  assert.deepEqual(literal('-0.5D'), ['Double', '-0.5']);
  assert.deepEqual(literal('-1e-7D'), ['Double', '-1e-7']);
  assert.deepEqual(literal('3d'), ['Double', '3']);
  assert.deepEqual(literal('1.5F'), ['Double', '1.5']);
  assert.deepEqual(literal('+2.50M'), ['Decimal', '2.50']);
  assert.deepEqual(literal('42L'), ['Int', '42']);
  assert.deepEqual(literal('-9223372036854775808l'), ['Int', '-9223372036854775808']);
  assert.equal(printExpr(parseExpression('sentiment lt -0.5D and n eq 5L')), '(and (lt sentiment Double(-0.5)) (eq n 5))');
  rejects('1.5L', 3, /a number with the Int64 suffix 'L' must be whole/);
  rejects('9223372036854775808L', 0, /out of the Int64 range/);
  rejects('1Dx', 1, /expected an operator or the end of the expression, found 'Dx'/);
  rejects('5LL', 1, /found 'LL'/);
});

test("strings unescape '' and keep everything else, percent-decoded by parseQueryOptions", () => {
  assert.deepEqual(literal("'O''Neil'"), ['String', "O'Neil"]);
  assert.deepEqual(literal("''"), ['String', '']);
  assert.deepEqual(literal("'a;b&c=d%20'"), ['String', 'a;b&c=d%20']);
  const options = parseQueryOptions("$filter=name eq %27O''Neil%27 or name eq 'a%26b+c'");
  assert.equal(printExpr(options.filter!), "(or (eq name 'O''Neil') (eq name 'a&b c'))");
  rejects("'O'Neil'", 3, /expected an operator or the end of the expression, found 'Neil'/);
  rejects("'unterminated", 13, /expected a closing quote for the string that starts at position 0/);
});

test('dates, date-times and times of day are checked against the calendar and the clock', () => {
  assert.deepEqual(literal('2024-01-15'), ['Date', '2024-01-15']);
  assert.deepEqual(literal('2024-02-29'), ['Date', '2024-02-29']);
  assert.deepEqual(literal('-10000-04-01'), ['Date', '-10000-04-01']);
  assert.deepEqual(literal('2024-01-15T10:30:00Z'), ['DateTimeOffset', '2024-01-15T10:30:00Z']);
  assert.deepEqual(literal('2024-01-15T10:30:00.123+01:00'), ['DateTimeOffset', '2024-01-15T10:30:00.123+01:00']);
  assert.deepEqual(literal('2012-09-03T13:52-03:30'), ['DateTimeOffset', '2012-09-03T13:52-03:30']);
  assert.deepEqual(literal('1972-06-30T23:59:60Z'), ['DateTimeOffset', '1972-06-30T23:59:60Z']);
  assert.deepEqual(literal('10:30:00'), ['TimeOfDay', '10:30:00']);
  assert.deepEqual(literal('10:30'), ['TimeOfDay', '10:30']);
  assert.deepEqual(literal('23:59:59.999999999999'), ['TimeOfDay', '23:59:59.999999999999']);
  rejects('2024-13-01', 5, /the month must be 01 to 12, found '13'/);
  rejects('2024-00-10', 5, /the month must be 01 to 12/);
  rejects('2024-01-32', 8, /the day of '2024-01' must be 01 to 31, found '32'/);
  rejects('2023-02-29', 8, /the day of '2023-02' must be 01 to 28/);
  rejects('2100-02-29', 8, /must be 01 to 28/);
  rejects('02024-01-01', 0, /a year of more than four digits cannot start with 0/);
  rejects('2024-01-15T24:00:00Z', 11, /the hour must be 00 to 23, found '24'/);
  rejects('2024-01-15T10:60Z', 14, /the minute must be 00 to 59/);
  rejects('2024-01-15T10:30:61Z', 17, /the second must be 00 to 60/);
  rejects('2024-01-15T10:30:00', 19, /expected 'Z' or an offset such as \+01:00 after the time, found end of input/);
  rejects('2024-01-15T10:30:00+1:00', 20, /expected an offset such as \+01:00 after the sign/);
  rejects('2024-01-15T10:30:00+24:00', 20, /the offset hour must be 00 to 23/);
  rejects('10:30:00.1234567890123', 9, /fractional seconds have at most 12 digits/);
});

test('guids, durations, binary, enumerations and spatial values', () => {
  assert.deepEqual(literal('01234567-89ab-cdef-0123-456789ABCDEF'), ['Guid', '01234567-89ab-cdef-0123-456789ABCDEF']);
  assert.deepEqual(literal('deadbeef-0000-0000-0000-000000000000'), ['Guid', 'deadbeef-0000-0000-0000-000000000000']);
  assert.deepEqual(literal("duration'P1DT2H'"), ['Duration', 'P1DT2H']);
  assert.deepEqual(literal("Duration'-PT0.5S'"), ['Duration', '-PT0.5S']);
  assert.deepEqual(literal("'P1D'"), ['String', 'P1D'], 'without its prefix a duration reads as a string, converted by the validator');
  assert.deepEqual(literal("binary'Zm9vYg=='"), ['Binary', 'Zm9vYg==']);
  assert.deepEqual(literal("binary''"), ['Binary', '']);
  assert.deepEqual(literal("Sales.Pattern'Yellow'"), ['Enum', { type: 'Sales.Pattern', members: ['Yellow'] }]);
  assert.deepEqual(literal("Sales.Pattern'Solid,Yellow,+42'"), ['Enum', { type: 'Sales.Pattern', members: ['Solid', 'Yellow', '+42'] }]);
  assert.deepEqual(literal("geography'SRID=4326;Point(10.7 59.9)'"), ['Geography', 'SRID=4326;Point(10.7 59.9)']);
  assert.deepEqual(literal("geometry'SRID=0;Polygon((1 1,1 2,2 2,1 1))'"), ['Geometry', 'SRID=0;Polygon((1 1,1 2,2 2,1 1))']);
  assert.deepEqual(literal("geography'SRID=0;GeometryCollection(Point(1 2),MultiPoint())'")[0], 'Geography');
  rejects("duration'P1Y'", 9, /expected a duration such as P1DT2H30M/);
  rejects("duration'PT'", 9, /expected a duration/);
  rejects("binary'Zm9'", 7, /base64url/);
  rejects("X'1a2B3c4D'", 0, /'X' does not start a literal/);
  rejects("Sales.Pattern'Yellow Solid'", 20, /expected the closing quote of the enumeration literal, found a space/);
  rejects("Sales.Pattern''", 14, /expected an enumeration member name or an integer/);
  rejects("geography'Point(1 2)'", 10, /expected 'SRID=' and a reference system/);
  rejects("geometry'SRID=0;Polygon((1 1,2 2))'", 24, /a polygon ring must end with the position it starts with/);
  rejects("geometry'SRID=0;Point(1)'", 23, /expected a space and a second coordinate/);
  rejects("geometry'SRID=0;Circle(1 2)'", 16, /expected Point, LineString/);
});

test('an unencoded + before an offset decodes to a space and still reads as the sign', () => {
  const options = parseQueryOptions('$filter=updated+ge+2024-01-15T10:30:00+01:00');
  assert.ok(options.filter?.kind === 'Binary' && LiteralNode.is(options.filter.right));
  assert.deepEqual(options.filter.right.value, '2024-01-15T10:30:00+01:00');
  assert.throws(() => parseExpression('2024-01-15T10:30:00 01:00'), /expected 'Z' or an offset/, 'a real space is not a sign');
});
