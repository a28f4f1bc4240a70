/**
 * An upload's bytes as text: UTF-8 (a byte order mark is dropped), and no
 * control characters other than tab, line feed and carriage return, so
 * binary files and other encodings are refused with the offset of the
 * first byte that gives them away, instead of being stored as mojibake.
 */
import { isUtf8 } from 'node:buffer';
import { IngestionErrors } from './ingestion-errors.ts';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);
// C0 controls except \t \n \r, and DEL.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function uploadText(bytes: Buffer): string {
  const body = bytes.subarray(0, 3).equals(BOM) ? bytes.subarray(3) : bytes;
  const bomLength = bytes.length - body.length;
  const text = body.toString('utf8');
  if (!isUtf8(body)) {
    // Each invalid sequence decodes to U+FFFD; the first whose bytes are not a real U+FFFD is the culprit.
    for (let at = text.indexOf('\uFFFD'); at !== -1; at = text.indexOf('\uFFFD', at + 1)) {
      const offset = Buffer.byteLength(text.slice(0, at));
      if (!body.subarray(offset, offset + 3).equals(REPLACEMENT)) throw IngestionErrors.INGESTION_NOT_UTF8([offset + bomLength]);
    }
  }
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw IngestionErrors.INGESTION_NOT_TEXT([code, Buffer.byteLength(text.slice(0, control.index)) + bomLength]);
  }
  return text;
}
