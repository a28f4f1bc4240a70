/**
 * The text a parser reads, with the way back to the raw query string.
 *
 * OData URL Conventions §2.1: split the undecoded query at `&` and each option
 * at the first `=`, then percent-decode names and values exactly once. The
 * grammar is written for the encoded form, so decoding keeps, per decoded
 * character, its offset in the raw query (errors point at what the client
 * sent) and whether it was percent-encoded: the ABNF treats `%3B` inside a
 * `$search` word as data but a literal `;` as a separator. A `+` decodes to a
 * space (form encoding, as Go's url.Values and browsers send it) and is marked,
 * so that `...T10:30:00+01:00` sent unencoded still reads as an offset.
 */
import { ODataSyntaxError } from './syntax-error.ts';

export const ENCODED = 1;
export const PLUS = 2;

export interface Source {
  /** The decoded text. */
  readonly text: string;
  /** Raw offset of each code unit of `text`, and one past the end; null when the text is what the caller gave. */
  readonly offsets: readonly number[] | null;
  /** ENCODED and PLUS flags per code unit of `text`; null when nothing was decoded. */
  readonly marks: Uint8Array | null;
  /** The query option being read, for error messages. */
  readonly option?: string;
}

export function plainSource(text: string): Source {
  return { text, offsets: null, marks: null };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function hexByte(raw: string, at: number, end: number): number | null {
  if (at + 3 > end) return null;
  const hex = raw.slice(at + 1, at + 3);
  return /^[0-9A-Fa-f]{2}$/.test(hex) ? Number.parseInt(hex, 16) : null;
}

/** UTF-8 sequence length from its first byte (not ASCII); 0 for a byte that cannot start one. */
function sequenceLength(first: number): number {
  if (first >= 0xc2 && first <= 0xdf) return 2;
  if (first >= 0xe0 && first <= 0xef) return 3;
  if (first >= 0xf0 && first <= 0xf4) return 4;
  return 0;
}

/** One UTF-8 sequence, or null when it is not valid (overlong, a surrogate, beyond U+10FFFF). */
function decodeUtf8(bytes: number[]): string | null {
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
}

/** Decodes `raw[start, end)`, one query option name or value. */
export function decodeQueryComponent(raw: string, start: number, end: number, option?: string): Source {
  let text = '';
  const offsets: number[] = [];
  const marks: number[] = [];
  const push = (chars: string, at: number, mark: number) => {
    text += chars;
    for (let k = 0; k < chars.length; k++) {
      offsets.push(at);
      marks.push(mark);
    }
  };
  let i = start;
  while (i < end) {
    const c = raw[i]!;
    if (c === '%') {
      const first = hexByte(raw, i, end);
      if (first === null) {
        const found = raw.slice(i + 1, Math.min(i + 3, end));
        throw new ODataSyntaxError(`expected two hexadecimal digits after '%', found ${found === '' ? 'end of input' : `'${found}'`}`, i, option);
      }
      if (first < 0x80) {
        push(String.fromCharCode(first), i, ENCODED);
        i += 3;
        continue;
      }
      const length = sequenceLength(first);
      const bytes = [first];
      for (let k = 1; k < length; k++) {
        const next = raw[i + 3 * k] === '%' ? hexByte(raw, i + 3 * k, end) : null;
        if (next === null) break;
        bytes.push(next);
      }
      const decoded = length > 0 && bytes.length === length ? decodeUtf8(bytes) : null;
      if (decoded === null) throw new ODataSyntaxError('percent-encoded bytes are not valid UTF-8', i, option);
      push(decoded, i, ENCODED);
      i += 3 * length;
    } else if (c === '+') {
      push(' ', i, PLUS);
      i++;
    } else if (c === '#') {
      throw new ODataSyntaxError("'#' starts the fragment of a URL and must be percent-encoded as %23 in a query", i, option);
    } else {
      push(c, i, 0);
      i++;
    }
  }
  offsets.push(end);
  return { text, offsets, marks: Uint8Array.from(marks), ...(option === undefined ? {} : { option }) };
}
