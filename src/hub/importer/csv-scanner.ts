/**
 * One pass over an uploaded CSV, as it streams in, that checks its shape and
 * turns it into the input of PostgreSQL's `COPY … (FORMAT csv)`: PostgreSQL
 * parses the values (in C, at COPY speed), this pass only finds where
 * records begin and end. A full parser (csv-parse) would build a string for
 * every cell only for PostgreSQL to parse the same bytes again; it parses
 * the header, which is small.
 *
 * What it checks (RFC 4180, strictly; each failure names the line):
 * - UTF-8 (a byte order mark is dropped), no NUL bytes;
 * - quotes: a quoted field may hold commas, doubled quotes and line breaks;
 *   a quote inside an unquoted field, text after a closing quote and an
 *   unterminated quote are errors (PostgreSQL would silently accept some);
 * - line ends are those of the header, LF or CRLF, throughout;
 * - every record has as many fields as the header; blank lines are skipped.
 *
 * What it writes: every record prefixed with the physical line it starts on
 * (`17,acc-001,Acme…`), which becomes the staging table's `line` column:
 * the order of the records and the `error_line` of a failed job.
 */
import { parse } from 'csv-parse/sync';

export class CsvFormatError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.name = 'CsvFormatError';
    this.line = line;
  }
}

export interface CsvScannerLimits {
  readonly maxColumns: number;
  readonly maxHeaderBytes: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

// Where the scan is inside a record.
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote inside a quoted field: a doubled quote, or the end of the field. */
const QUOTE_IN_QUOTED = 3;
/** A CR outside quotes: an LF must follow. */
const AFTER_CR = 4;

export class CsvScanner {
  readonly #limits: CsvScannerLimits;
  #state = FIELD_START;
  #line = 1;
  #recordLine = 1;
  #quoteLine = 1;
  #fields = 1;
  /** Bytes seen of the current record; 0 at a record's start (a blank line is skipped). */
  #recordBytes = 0;
  #crlf: boolean | undefined;
  #headerParts: Buffer[] | undefined = [];
  #headerBytes = 0;
  #header: string[] | undefined;
  #headerLines = 0;
  #records = 0;
  // UTF-8 validation across chunk boundaries: continuation bytes still due, and the range of the next one.
  #utf8Due = 0;
  #utf8Low = 0x80;
  #utf8High = 0xbf;

  constructor(limits: CsvScannerLimits) {
    this.#limits = limits;
  }

  /** The header's names, once its record has been read. */
  get header(): readonly string[] | undefined {
    return this.#header;
  }

  /** Physical lines the header spans (a quoted name may hold a line break). */
  get headerLines(): number {
    return this.#headerLines;
  }

  get records(): number {
    return this.#records;
  }

  /** Scans a chunk; returns the COPY input it yields (empty while the header is incomplete). */
  write(chunk: Buffer): Buffer {
    const out: Buffer[] = [];
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b >= 0x80 || this.#utf8Due > 0) this.#utf8(b);
      else if (b === 0) throw new CsvFormatError(this.#line, 'contains a NUL byte (0x00), which text cannot hold');
      switch (this.#state) {
        case QUOTED:
          if (b === QUOTE) this.#state = QUOTE_IN_QUOTED;
          else if (b === LF) this.#line++;
          continue;
        case QUOTE_IN_QUOTED:
          if (b === QUOTE) {
            this.#state = QUOTED;
            continue;
          }
          if (b !== COMMA && b !== LF && b !== CR) throw new CsvFormatError(this.#line, 'a closing quote must be followed by a comma or the end of the line');
          break;
        case AFTER_CR:
          if (b !== LF) throw new CsvFormatError(this.#line, 'a carriage return (CR) must be followed by a line feed (LF)');
          break;
      }
      if (b === LF) {
        if (this.#crlf === undefined) this.#crlf = this.#state === AFTER_CR;
        else if (this.#crlf !== (this.#state === AFTER_CR)) {
          throw new CsvFormatError(this.#line, `this line ends in ${this.#crlf ? 'LF' : 'CRLF'}, the header in ${this.#crlf ? 'CRLF' : 'LF'}; use one kind of line end`);
        }
        if (this.#recordBytes === 0) {
          // A blank line: neither a record nor COPY input.
          if (i > from && this.#header !== undefined) out.push(chunk.subarray(from, i));
          from = i + 1;
        } else if (this.#header === undefined) {
          this.#headerParts!.push(chunk.subarray(from, i + 1));
          from = i + 1;
          this.#endHeader();
        } else {
          this.#endRecord();
        }
        this.#line++;
        this.#state = FIELD_START;
        this.#fields = 1;
        this.#recordBytes = 0;
        continue;
      }
      if (b === CR) {
        if (this.#recordBytes === 0) {
          // Maybe a blank CRLF line: keep the CR out of the output until its LF decides.
          if (i > from && this.#header !== undefined) out.push(chunk.subarray(from, i));
          from = i + 1;
        }
        this.#state = AFTER_CR;
        continue;
      }
      if (this.#recordBytes++ === 0) {
        this.#recordLine = this.#line;
        if (this.#header !== undefined) {
          if (i > from) out.push(chunk.subarray(from, i));
          from = i;
          out.push(Buffer.from(`${this.#line},`, 'latin1'));
        }
      }
      if (b === COMMA) {
        if (++this.#fields > this.#limits.maxColumns && this.#header === undefined) {
          throw new CsvFormatError(this.#line, `the header has more than ${this.#limits.maxColumns} columns`);
        }
        this.#state = FIELD_START;
      } else if (b === QUOTE) {
        if (this.#state !== FIELD_START) throw new CsvFormatError(this.#line, 'a quote inside an unquoted field; quote the whole field and double the quotes inside it');
        this.#state = QUOTED;
        this.#quoteLine = this.#line;
      } else {
        this.#state = UNQUOTED;
      }
    }
    if (this.#header === undefined) {
      this.#headerParts!.push(chunk.subarray(from));
      this.#headerBytes += chunk.length - from;
      if (this.#headerBytes > this.#limits.maxHeaderBytes) throw new CsvFormatError(1, `the header is longer than ${this.#limits.maxHeaderBytes} bytes`);
    } else if (from < chunk.length) {
      out.push(chunk.subarray(from));
    }
    return out.length === 1 ? out[0]! : Buffer.concat(out);
  }

  /** The end of the body: checks the last record; returns nothing more to copy. */
  end(): void {
    if (this.#utf8Due > 0) throw new CsvFormatError(this.#line, 'is not valid UTF-8 (the file ends inside a character)');
    if (this.#state === QUOTED) throw new CsvFormatError(this.#quoteLine, 'a quoted field is never closed (unterminated quote)');
    if (this.#state === AFTER_CR) throw new CsvFormatError(this.#line, 'a carriage return (CR) must be followed by a line feed (LF)');
    if (this.#recordBytes === 0) return;
    if (this.#header === undefined) this.#endHeader();
    else this.#endRecord();
  }

  #endHeader(): void {
    let text = Buffer.concat(this.#headerParts!).toString('utf8');
    this.#headerParts = undefined;
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const [names = []] = parse(text, { relax_column_count: true }) as string[][];
    this.#header = names;
    this.#headerLines = this.#line;
    if (names.length > this.#limits.maxColumns) throw new CsvFormatError(1, `the header has ${names.length} columns; at most ${this.#limits.maxColumns}`);
  }

  #endRecord(): void {
    const expected = this.#header!.length;
    if (this.#fields !== expected) {
      throw new CsvFormatError(this.#recordLine, `this record has ${this.#fields} field${this.#fields === 1 ? '' : 's'}, the header ${expected}`);
    }
    this.#records++;
  }

  // RFC 3629 §4: no overlong forms, no surrogates, nothing above U+10FFFF.
  #utf8(b: number): void {
    if (this.#utf8Due > 0) {
      if (b < this.#utf8Low || b > this.#utf8High) throw this.#notUtf8();
      this.#utf8Due--;
      this.#utf8Low = 0x80;
      this.#utf8High = 0xbf;
      return;
    }
    if (b >= 0xc2 && b <= 0xdf) this.#utf8Due = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      this.#utf8Due = 2;
      if (b === 0xe0) this.#utf8Low = 0xa0;
      else if (b === 0xed) this.#utf8High = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      this.#utf8Due = 3;
      if (b === 0xf0) this.#utf8Low = 0x90;
      else if (b === 0xf4) this.#utf8High = 0x8f;
    } else throw this.#notUtf8();
  }

  #notUtf8(): CsvFormatError {
    return new CsvFormatError(this.#line, 'is not valid UTF-8; save the file as UTF-8');
  }
}
