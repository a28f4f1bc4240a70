/**
 * Primitive literals (OData ABNF §7, "Literal Data Values"), read where an
 * expression may start. A literal that has clearly begun but breaks a rule
 * (month 13, an unterminated string) is an error here rather than a confusing
 * one later. Spatial literals are in spatial-literals.ts.
 */
import { LiteralNode } from '../ast/index.ts';
import type { Scanner } from './scanner.ts';
import { quoted } from './syntax-error.ts';
import { readSpatialLiteral } from './spatial-literals.ts';

// guid = 8HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-" 12HEXDIG
const GUID = /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/y;
// date = year "-" month "-" day, year = [ "-" ] ( "0" 3DIGIT / oneToNine 3*DIGIT ); the digits are checked after the shape matched
const DATE = /(-?)([0-9]{4,})-([0-9]{2})-([0-9]{2})/y;
// timeOfDayLiteral = hour COLON minute [ COLON second [ "." fractionalSeconds ] ]
const TIME = /([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?/y;
// decimalLiteral = [ SIGN ] 1*DIGIT [ "." 1*DIGIT ] [ "e" [ SIGN ] 1*DIGIT ]
const NUMBER = /([+-]?)([0-9]+)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
// durationValue = [ "-" ] "P" [ 1*DIGIT "D" ] [ "T" [ 1*DIGIT "H" ] [ 1*DIGIT "M" ] [ 1*DIGIT [ "." 1*DIGIT ] "S" ] ]
const DURATION = /-?P(?:[0-9]+D)?(?:T(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?)?/iy;
// binaryValue = *(4base64char) [ base64b16 / base64b8 ] (base64url, RFC 4648 §5)
const BINARY = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}[AEIMQUYcgkosw048]=?|[A-Za-z0-9_-][AQgw](?:==)?)?$/;
// singleEnumLiteral = enumerationMember / int64Literal
const ENUM_NUMBER = /[+-]?[0-9]{1,19}/y;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MAX_FRACTIONAL_DIGITS = 12;

const isDigit = (c: string) => c >= '0' && c <= '9';

/** True when a name or number goes on at `at`, so that what was matched before it is not a whole token. */
function continues(s: Scanner, at: number): boolean {
  return s.isIdentifierCharAt(at) || s.text[at] === '.';
}

/**
 * primitiveLiteral = null / boolean / guid / dateTimeOffsetLiteral / date / timeOfDayLiteral
 *                  / decimalLiteral / doubleLiteral / ... / int64Literal / stringLiteral
 *                  / durationLiteral / enumLiteral / binaryLiteral / geography... / geometry...
 *
 * Reads the literal at the cursor, or returns null (without moving) when there is none.
 */
export function readLiteral(s: Scanner): LiteralNode | null {
  const start = s.pos;
  const c = s.peek();
  if (c === "'") return LiteralNode.create('String', readStringContent(s), s.position(start));
  const guid = s.match(GUID);
  if (guid && !continues(s, start + 36) && s.text[start + 36] !== '-') {
    s.pos += 36;
    return LiteralNode.create('Guid', guid[0], s.position(start));
  }
  if (isDigit(c) || ((c === '-' || c === '+') && isDigit(s.peek(1)))) return readNumberOrTemporal(s);
  // nanInfinity = %s"NaN" / %s"-INF" / %s"INF"
  if (s.startsWith('-INF') && !continues(s, start + 4)) {
    s.pos += 4;
    return LiteralNode.create('Double', '-INF', s.position(start));
  }
  const name = s.qualifiedNameAt();
  if (name === null) return null;
  if (s.text[start + name.length] === "'") return readPrefixed(s, name);
  let literal: LiteralNode | null = null;
  // null = %s"null"; boolean = "true" / "false" (case-insensitive)
  if (name === 'null') literal = LiteralNode.create('Null', null, s.position(start));
  else if (/^(true|false)$/i.test(name)) literal = LiteralNode.create('Boolean', name.toLowerCase() === 'true', s.position(start));
  else if (name === 'INF' || name === 'NaN') literal = LiteralNode.create('Double', name, s.position(start));
  if (literal) s.pos += name.length;
  return literal;
}

/**
 * stringLiteral    = SQUOTE *( SQUOTE-in-string / pchar-no-SQUOTE ) SQUOTE
 * SQUOTE-in-string = SQUOTE SQUOTE ; two consecutive single quotes represent one within a string literal
 *
 * Returns the unescaped content; the cursor is on the opening quote.
 */
export function readStringContent(s: Scanner): string {
  const open = s.pos;
  let content = '';
  let from = open + 1;
  for (;;) {
    const quote = s.text.indexOf("'", from);
    if (quote === -1) {
      s.pos = s.text.length;
      s.expected(`a closing quote for the string that starts at position ${s.position(open)}`);
    }
    content += s.text.slice(from, quote);
    if (s.text[quote + 1] !== "'") {
      s.pos = quote + 1;
      return content;
    }
    content += "'";
    from = quote + 2;
  }
}

function checkRange(s: Scanner, digits: string, at: number, min: number, max: number, what: string): number {
  const value = Number(digits);
  if (value < min || value > max) s.fail(`${what} must be ${String(min).padStart(2, '0')} to ${max}, found ${quoted(digits)}`, at);
  return value;
}

function daysInMonth(year: bigint, month: number): number {
  const leap = year % 4n === 0n && (year % 100n !== 0n || year % 400n === 0n);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/**
 * year  = [ "-" ] ( "0" 3DIGIT / oneToNine 3*DIGIT )
 * month = "0" oneToNine / "1" ( "0" / "1" / "2" )
 * day   = "0" oneToNine / ( "1" / "2" ) DIGIT / "3" ( "0" / "1" )
 *
 * The ABNF accepts day 31 in any month; a date that is not in the calendar is refused as well.
 */
function checkDate(s: Scanner, date: RegExpExecArray, start: number): void {
  const [, sign = '', year = '', month = '', day = ''] = date;
  const yearAt = start + sign.length;
  if (year.length > 4 && year[0] === '0') s.fail(`a year of more than four digits cannot start with 0, found ${quoted(year)}`, yearAt);
  const monthNumber = checkRange(s, month, yearAt + year.length + 1, 1, 12, 'the month');
  const dayAt = yearAt + year.length + 4;
  const last = daysInMonth(BigInt(sign + year), monthNumber);
  checkRange(s, day, dayAt, 1, last, `the day of ${quoted(`${sign}${year}-${month}`)}`);
}

/**
 * hour   = ( "0" / "1" ) DIGIT / "2" ( "0" / "1" / "2" / "3" )
 * minute = zeroToFiftyNine
 * second = zeroToFiftyNine / "60" ; for leap seconds
 * fractionalSeconds = 1*12DIGIT
 */
function checkTime(s: Scanner, time: RegExpExecArray, start: number): void {
  const [, hour = '', minute = '', second, fraction] = time;
  checkRange(s, hour, start, 0, 23, 'the hour');
  checkRange(s, minute, start + 3, 0, 59, 'the minute');
  if (second !== undefined) checkRange(s, second, start + 6, 0, 60, 'the second');
  if (fraction !== undefined && fraction.length > MAX_FRACTIONAL_DIGITS) s.fail(`fractional seconds have at most ${MAX_FRACTIONAL_DIGITS} digits`, start + 9);
}

/**
 * dateTimeOffsetLiteral = date "T" timeOfDayLiteral ( "Z" / SIGN hour COLON minute )
 * SIGN = "+" / "%2B" / "-"
 *
 * A `+` sent unencoded decodes to a space (form encoding); such a space is
 * accepted as the sign, since nothing else can follow a time there.
 */
function readDateTimeOffset(s: Scanner, start: number, dateEnd: number): LiteralNode {
  const timeAt = dateEnd + 1;
  const time = s.match(TIME, timeAt);
  if (!time) s.expected("a time such as 10:30:00 after 'T'", timeAt);
  checkTime(s, time, timeAt);
  let at = timeAt + time[0].length;
  const zone = s.text[at];
  let value = s.text.slice(start, at);
  if (zone === 'Z' || zone === 'z') {
    value += zone;
    at++;
  } else if (zone === '+' || zone === '-' || (zone === ' ' && s.isPlus(at))) {
    const offset = s.match(/([0-9]{2}):([0-9]{2})/y, at + 1);
    if (!offset) s.expected("an offset such as +01:00 after the sign", at + 1);
    checkRange(s, offset[1]!, at + 1, 0, 23, 'the offset hour');
    checkRange(s, offset[2]!, at + 4, 0, 59, 'the offset minute');
    value += (zone === '-' ? '-' : '+') + offset[0];
    at += 6;
  } else {
    s.expected("'Z' or an offset such as +01:00 after the time", at);
  }
  s.pos = at;
  return LiteralNode.create('DateTimeOffset', value, s.position(start));
}

/** Dates, date-times and times of day start with digits too, so they are told apart from numbers here. */
function readNumberOrTemporal(s: Scanner): LiteralNode {
  const start = s.pos;
  const date = s.match(DATE);
  if (date && s.text[start] !== '+') {
    checkDate(s, date, start);
    const dateEnd = start + date[0].length;
    if ((s.text[dateEnd] === 'T' || s.text[dateEnd] === 't') && isDigit(s.text.charAt(dateEnd + 1))) return readDateTimeOffset(s, start, dateEnd);
    s.pos = dateEnd;
    return LiteralNode.create('Date', date[0], s.position(start));
  }
  const time = isDigit(s.peek()) ? s.match(TIME) : null;
  if (time) {
    checkTime(s, time, start);
    s.pos += time[0].length;
    return LiteralNode.create('TimeOfDay', time[0], s.position(start));
  }
  const number = s.match(NUMBER)!;
  const [text, sign = '', digits = '', fraction, exponent] = number;
  s.pos += text.length;
  if (s.peek() === '.') {
    s.pos++;
    s.expected("a digit after '.'");
  }
  const unsigned = text.slice(sign.length);
  const value = sign === '-' ? `-${unsigned}` : unsigned;
  const suffixed = readTypeSuffix(s, value, fraction !== undefined || exponent !== undefined, start);
  if (suffixed) return suffixed;
  if (exponent !== undefined) return LiteralNode.create('Double', value, s.position(start));
  if (fraction !== undefined) return LiteralNode.create('Decimal', value, s.position(start));
  const integer = BigInt(sign === '-' ? `-${digits}` : digits);
  if (integer < INT64_MIN || integer > INT64_MAX) return LiteralNode.create('Decimal', value, s.position(start));
  return LiteralNode.create('Int', integer.toString(), s.position(start));
}

/**
 * The type suffixes of OData 2.0 number literals ([MS-ODATA], OData 2.0, §2.2.2 Abstract Type System: `1.5D` Double, `1.5F`
 * Single, `1.5M` Decimal, `5L` Int64), which 4.01 dropped. The SAP Cloud SDK's generated v4 clients
 * still write every Edm.Double, Edm.Single and Edm.Int64 value that way (`sentiment lt -0.5D`), and
 * Microsoft's OData library reads them, so they are accepted. A letter after a number is never
 * valid 4.01, so no 4.01 query changes meaning. Single is read as Double, the only binary float here.
 */
function readTypeSuffix(s: Scanner, value: string, fractional: boolean, start: number): LiteralNode | null {
  const suffix = s.peek().toUpperCase();
  if (!/^[DFML]$/.test(suffix) || continues(s, s.pos + 1)) return null;
  if (suffix === 'L') {
    if (fractional) s.fail(`a number with the Int64 suffix ${quoted(s.peek())} must be whole`, s.pos);
    const integer = BigInt(value);
    if (integer < INT64_MIN || integer > INT64_MAX) s.fail(`${value} is out of the Int64 range`, start);
    s.pos++;
    return LiteralNode.create('Int', integer.toString(), s.position(start));
  }
  s.pos++;
  return LiteralNode.create(suffix === 'M' ? 'Decimal' : 'Double', value, s.position(start));
}

/**
 * durationLiteral = [ "duration" ] SQUOTE durationValue SQUOTE
 * binaryLiteral   = "binary" SQUOTE binaryValue SQUOTE
 * enumLiteral     = [ qualifiedEnumTypeName ] SQUOTE singleEnumLiteral *( COMMA singleEnumLiteral ) SQUOTE
 * geographyPoint  = geographyPrefix SQUOTE fullPointLiteral SQUOTE (and the other spatial types)
 */
function readPrefixed(s: Scanner, prefix: string): LiteralNode {
  const start = s.pos;
  const contentAt = start + prefix.length + 1;
  const lower = prefix.toLowerCase();
  s.pos = contentAt;
  let literal: LiteralNode;
  if (lower === 'duration') {
    const duration = s.match(DURATION);
    const body = duration?.[0] ?? '';
    if (!/[0-9]/.test(body) || /T$/i.test(body)) s.expected('a duration such as P1DT2H30M or -PT0.5S');
    s.pos += body.length;
    literal = LiteralNode.create('Duration', body, s.position(start));
  } else if (lower === 'binary') {
    const end = s.text.indexOf("'", contentAt);
    const body = end === -1 ? s.text.slice(contentAt) : s.text.slice(contentAt, end);
    if (!BINARY.test(body)) s.fail('the content of a binary literal must be base64url (RFC 4648 §5)', contentAt);
    s.pos += body.length;
    literal = LiteralNode.create('Binary', body, s.position(start));
  } else if (lower === 'geography' || lower === 'geometry') {
    readSpatialLiteral(s);
    literal = LiteralNode.create(lower === 'geography' ? 'Geography' : 'Geometry', s.text.slice(contentAt, s.pos), s.position(start));
  } else if (prefix.includes('.')) {
    literal = LiteralNode.create('Enum', { type: prefix, members: readEnumMembers(s) }, s.position(start));
  } else {
    s.fail(`${quoted(prefix)} does not start a literal; before a quote only duration, binary, geography, geometry or a qualified enumeration type may stand`, start);
  }
  if (s.peek() !== "'") s.expected(`the closing quote of the ${lower.includes('.') ? 'enumeration' : lower} literal`);
  s.pos++;
  return literal;
}

function readEnumMembers(s: Scanner): string[] {
  const members: string[] = [];
  for (;;) {
    const name = s.identifierAt();
    const number = name === null ? s.match(ENUM_NUMBER) : null;
    const member = name ?? (number && !isDigit(s.text.charAt(s.pos + number[0].length)) ? number[0] : null);
    if (member === null) s.expected('an enumeration member name or an integer');
    members.push(member);
    s.pos += member.length;
    if (s.peek() !== ',') return members;
    s.pos++;
  }
}
