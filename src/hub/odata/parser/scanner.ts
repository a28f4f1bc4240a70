/**
 * A cursor over a {@link Source}, shared by every parser of a query option so
 * that nested options (`$expand=Items($filter=...;$top=2)`) are read in place,
 * each parser stopping where its grammar ends and its caller takes over.
 * Offsets here are into the decoded text; errors and node positions are mapped
 * to the raw text with `position()`.
 */
import { ENCODED, PLUS, type Source } from './source.ts';
import { ODataSyntaxError, quoted } from './syntax-error.ts';

/** Deepest nesting of parentheses, operators and options; beyond it a clear error instead of a stack overflow. */
export const MAX_DEPTH = 100;

/** odataIdentifier: a letter or `_`, then letters, digits, `_` and the combining classes the ABNF comments allow. */
const IDENTIFIER = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]*/uy;
const IDENTIFIER_CHAR = /[\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]/uy;
const MAX_IDENTIFIER_LENGTH = 128;
/** What `describe` shows of the input: a word, or else one character. */
const WORD = /[\p{L}\p{N}_$@.]+/uy;

export class Scanner {
  readonly text: string;
  pos = 0;
  private depth = 0;
  private readonly source: Source;

  constructor(source: Source) {
    this.source = source;
    this.text = source.text;
  }

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(ahead = 0): string {
    return this.text.charAt(this.pos + ahead);
  }

  startsWith(literal: string, at = this.pos): boolean {
    return this.text.startsWith(literal, at);
  }

  startsWithIgnoreCase(literal: string, at = this.pos): boolean {
    return this.text.slice(at, at + literal.length).toLowerCase() === literal.toLowerCase();
  }

  /** Matches a sticky regular expression at `at` without moving. */
  match(pattern: RegExp, at = this.pos): RegExpExecArray | null {
    pattern.lastIndex = at;
    return pattern.exec(this.text);
  }

  /**
   * RWS = 1*( SP / HTAB / "%20" / "%09" )  ; "required" whitespace
   * BWS =  *( SP / HTAB / "%20" / "%09" )  ; "bad" whitespace
   *
   * Skips spaces and tabs (decoded, so `%20` and `+` too); true when there were any.
   */
  skipWhitespace(): boolean {
    const start = this.pos;
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
    return this.pos > start;
  }

  isWhitespaceAt(at = this.pos): boolean {
    const c = this.text.charAt(at);
    return c === ' ' || c === '\t';
  }

  /** True when the character at `at` was percent-encoded in the raw text. */
  isEncoded(at: number): boolean {
    return ((this.source.marks?.[at] ?? 0) & ENCODED) !== 0;
  }

  /** True when the character at `at` is a space that was a `+` in the raw text. */
  isPlus(at: number): boolean {
    return ((this.source.marks?.[at] ?? 0) & PLUS) !== 0;
  }

  /** The raw offset of decoded offset `at`. */
  position(at = this.pos): number {
    const offsets = this.source.offsets;
    return offsets ? offsets[Math.min(at, offsets.length - 1)]! : at;
  }

  /** The odataIdentifier at `at`, or null; does not move. */
  identifierAt(at = this.pos): string | null {
    const found = this.match(IDENTIFIER, at)?.[0] ?? null;
    if (found !== null && found.length > MAX_IDENTIFIER_LENGTH && [...found].length > MAX_IDENTIFIER_LENGTH) this.fail(`an identifier has at most ${MAX_IDENTIFIER_LENGTH} characters`, at);
    return found;
  }

  isIdentifierCharAt(at: number): boolean {
    return this.match(IDENTIFIER_CHAR, at) !== null;
  }

  readIdentifier(what = 'a name'): string {
    const name = this.identifierAt();
    if (name === null) this.expected(what);
    this.pos += name.length;
    return name;
  }

  /** `namespace.Name` or a bare identifier: identifiers joined by dots. */
  qualifiedNameAt(at = this.pos): string | null {
    let name = this.identifierAt(at);
    if (name === null) return null;
    for (;;) {
      const next = this.text[at + name.length] === '.' ? this.identifierAt(at + name.length + 1) : null;
      if (next === null) return name;
      name += `.${next}`;
    }
  }

  /**
   * annotationInQuery = AT [ namespace "." ] termName [ HASH annotationQualifier ]
   *
   * The annotation name at `at` (`@Core.Messages`, `@Measures.Currency#Reporting`), or null; does not move.
   */
  annotationAt(at = this.pos): string | null {
    if (this.text[at] !== '@') return null;
    const name = this.qualifiedNameAt(at + 1);
    if (name === null) return null;
    const annotation = `@${name}`;
    const qualifier = this.text[at + annotation.length] === '#' ? this.identifierAt(at + annotation.length + 1) : null;
    return qualifier === null ? annotation : `${annotation}#${qualifier}`;
  }

  fail(detail: string, at = this.pos): never {
    throw new ODataSyntaxError(detail, this.position(at), this.source.option);
  }

  /** Throws "expected <what>, found <what is at `at`>". */
  expected(what: string, at = this.pos): never {
    this.fail(`expected ${what}, found ${this.describe(at)}`, at);
  }

  expect(char: string, what = `'${char}'`): void {
    if (this.peek() !== char) this.expected(what);
    this.pos++;
  }

  /** What is at `at`, for messages: a word or a character, quoted, or "end of input". */
  describe(at = this.pos): string {
    if (at >= this.text.length) return 'end of input';
    const c = this.text[at]!;
    if (c === ' ') return 'a space';
    if (c === '\t') return 'a tab';
    return quoted(this.match(WORD, at)?.[0] ?? String.fromCodePoint(this.text.codePointAt(at)!));
  }

  /**
   * Fails unless everything has been read, pointing past whitespace at what is
   * left; `expectation` says what could have come instead, as in "an operator
   * or the end of $filter".
   */
  expectEnd(expectation: string): void {
    if (this.atEnd) return;
    const before = this.pos;
    if (this.skipWhitespace() && this.atEnd) this.fail('unexpected whitespace at the end', before);
    this.expected(expectation);
  }

  /** `item`, then again after each comma; whitespace after a comma is accepted, as people type it. */
  commaSeparated<T>(item: () => T): T[] {
    const items = [item()];
    while (this.peek() === ',') {
      this.pos++;
      this.skipWhitespace();
      items.push(item());
    }
    return items;
  }

  /** Enters one level of nesting, failing beyond {@link MAX_DEPTH}; pair with `leave()`. */
  enter(at = this.pos): void {
    if (++this.depth > MAX_DEPTH) this.fail(`the expression nests deeper than ${MAX_DEPTH} levels`, at);
  }

  leave(): void {
    this.depth--;
  }
}
