/**
 * A request's query string (URL Conventions §5, Protocol §11.2):
 *
 * - system query option names are case-insensitive, with or without `$`
 *   (`top=5`, `$Top=5`), except `$skiptoken` and `$deltatoken`, which keep it
 *   (without it they are custom options);
 * - each option may appear once ("The same system query option MUST NOT be
 *   specified more than once"); the same goes here for aliases and custom
 *   options, whose values would otherwise be ambiguous;
 * - an unknown `$` name is an error; other names starting with `@` are
 *   parameter aliases, whose values are expressions, and the rest are custom
 *   options, kept decoded;
 * - options the hub does not implement but OData defines (`$apply`,
 *   `$index`, `$schemaversion`, `$id`, a `$format` other than JSON) are
 *   checked and kept, so that the engine can answer 501 or 406 as the protocol
 *   asks, rather than 400.
 *
 * Empty segments (`a=1&&b=2`, a trailing `&`) are skipped.
 */
import { QueryOptionsNode } from '../ast/index.ts';
import { parseCommonExpr } from './expression-parser.ts';
import { readOptionValue, whatMayEnd, type OptionsDraft, type SharedOption } from './option-values.ts';
import { Scanner } from './scanner.ts';
import { decodeQueryComponent } from './source.ts';
import { ODataSyntaxError, quoted } from './syntax-error.ts';

const SYSTEM_OPTIONS: ReadonlySet<string> = new Set([
  'filter',
  'orderby',
  'select',
  'expand',
  'search',
  'top',
  'skip',
  'count',
  'compute',
  'apply',
  'format',
  'skiptoken',
  'deltatoken',
  'index',
  'schemaversion',
  'id',
]);
const NEEDS_DOLLAR: ReadonlySet<string> = new Set(['skiptoken', 'deltatoken']);
const ALIAS = /^@[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]*$/u;


/** Reads a whole value that must match `pattern`, or fails at its start. */
function readWhole(s: Scanner, pattern: RegExp, what: string): string {
  const found = s.match(pattern)?.[0] ?? s.expected(what);
  s.pos += found.length;
  return found;
}

/**
 * format     = ( "$format" / "format" ) EQ ( "atom" / "json" / "xml" / 1*pchar "/" 1*pchar )
 * index      = ( "$index" / "index" ) EQ [ "-" ] 1*DIGIT
 * schemaversion = ( "$schemaversion" / "schemaversion" ) EQ ( STAR / 1*unreserved )
 * skiptoken  = "$skiptoken" EQ 1*( qchar-no-AMP )
 * deltatoken = "$deltatoken" EQ 1*( qchar-no-AMP )
 * id         = ( "$id" / "id" ) EQ IRI-in-query
 */
function readSystemOption(s: Scanner, option: string, draft: OptionsDraft, written: string): void {
  switch (option) {
    case 'format':
      draft.format = readWhole(s, /(?:atom|json|xml|[^\s/]+\/[^\s/]+)$/iy, 'json, atom, xml or a media type such as application/json');
      return;
    case 'index': {
      const index = Number(readWhole(s, /-?[0-9]+/y, 'an integer'));
      if (!Number.isSafeInteger(index)) s.fail(`${written} is out of range`, 0);
      draft.index = index;
      return;
    }
    case 'schemaversion':
      draft.schemaversion = readWhole(s, /\*|[A-Za-z0-9._~-]+/y, '* or a version such as 1.2');
      return;
    case 'skiptoken':
    case 'deltatoken':
    case 'id':
      draft[option] = readWhole(s, /[^]+/y, `a value for ${written}`);
      return;
    default:
      readOptionValue(s, option as SharedOption, draft, false, written);
  }
}

function readQueryOption(query: string, start: number, end: number, draft: OptionsDraft, custom: [string, string][], seen: Set<string>): void {
  const equals = query.slice(start, end).indexOf('=');
  const nameEnd = equals === -1 ? end : start + equals;
  const nameSource = decodeQueryComponent(query, start, nameEnd);
  const name = nameSource.text;
  const fail = (detail: string, at: number): never => {
    throw new ODataSyntaxError(detail, at, name === '' ? undefined : name);
  };
  if (name === '') fail("expected a query option name before '='", start);
  const lower = name.toLowerCase();
  const bare = lower.startsWith('$') ? lower.slice(1) : lower;
  const system = SYSTEM_OPTIONS.has(bare) && (name.startsWith('$') || !NEEDS_DOLLAR.has(bare));
  if (name.startsWith('$') && !system) {
    const trimmed = name.replace(/[ \t]+$/, '');
    if (trimmed !== name && SYSTEM_OPTIONS.has(trimmed.slice(1).toLowerCase())) fail(`unexpected whitespace after ${quoted(trimmed)}`, nameSource.offsets![trimmed.length]!);
    fail(`unknown system query option ${quoted(name)}; the system query options are ${[...SYSTEM_OPTIONS].map((option) => `$${option}`).join(', ')}`, start);
  }
  const alias = name.startsWith('@');
  if (alias && !ALIAS.test(name)) fail(`a parameter alias is '@' and a name, found ${quoted(name)}`, start);
  const key = system ? `$${bare}` : name;
  if (seen.has(key)) fail(`${quoted(name)} is given more than once; each query option may appear only once`, start);
  seen.add(key);
  if (!system && !alias) {
    custom.push([name, nameEnd === end ? '' : decodeQueryComponent(query, nameEnd + 1, end, name).text]);
    return;
  }
  if (nameEnd === end) fail(`expected '=' and a value after ${quoted(name)}`, end);
  const s = new Scanner(decodeQueryComponent(query, nameEnd + 1, end, name));
  if (alias) {
    draft.aliases.push([name, parseCommonExpr(s)]);
    s.expectEnd(whatMayEnd('filter', name));
  } else {
    readSystemOption(s, bare, draft, name);
    s.expectEnd(whatMayEnd(bare, name));
  }
}

/**
 * queryOptions = queryOption *( "&" queryOption )
 * queryOption  = systemQueryOption / aliasAndValue / nameAndValue / customQueryOption
 *
 * Parses a raw query string: what follows `?`, still percent-encoded, `+` for
 * a space. Error positions point into `query`.
 *
 * @example
 * parseQueryOptions('%24filter=updated+ge+2024-01-15T10%3A30%3A00Z&top=100')
 * // filter: (ge updated DateTimeOffset(2024-01-15T10:30:00Z)), top: 100
 */
export function parseQueryOptions(query: string): QueryOptionsNode {
  const draft: OptionsDraft = { aliases: [] };
  const custom: [string, string][] = [];
  const seen = new Set<string>();
  let start = 0;
  for (;;) {
    const ampersand = query.indexOf('&', start);
    const end = ampersand === -1 ? query.length : ampersand;
    if (end > start) readQueryOption(query, start, end, draft, custom, seen);
    if (ampersand === -1) break;
    start = end + 1;
  }
  return QueryOptionsNode.create({ ...draft, custom }, 0);
}
