/**
 * The conversations of a JSON upload: an array of conversations (or one
 * conversation object) as `application/json`, or one conversation per line
 * as `application/x-ndjson` (blank lines skipped). The values are parsed
 * here and checked by conversation-input.ts.
 *
 * JSON.parse reads the body; only when it refuses it does jsonc-parser
 * (VS Code's) read it again, strictly (RFC 8259: no comments, no trailing
 * commas), to say where the first problem is: V8's message gives no
 * position for an unexpected token.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { IngestionErrors } from './ingestion-errors.ts';

const PROBLEMS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected %s',
  InvalidNumberFormat: 'the number %s is not valid JSON',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing brace was expected',
  CloseBracketExpected: 'a closing bracket was expected',
  EndOfFileExpected: 'the JSON value ended, but %s follows it',
  InvalidCommentToken: 'JSON has no comments',
  UnexpectedEndOfString: 'the string is not closed on its line',
  UnexpectedEndOfNumber: 'the number %s ends too early',
  InvalidUnicode: 'the \\u escape %s is not four hex digits',
  InvalidEscapeCharacter: 'the escape %s is not valid JSON',
  InvalidCharacter: 'a control character must be escaped inside a string',
};

/** Line and column (from 1) of a UTF-16 offset. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    start = at + 1;
  }
  return { line, column: offset - start + 1 };
}

function malformed(text: string, firstLine: number, fallback: string): Error {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const [first] = errors;
  if (!first) return IngestionErrors.INGESTION_MALFORMED_JSON([firstLine, 1, fallback]);
  const { line, column } = position(text, first.offset);
  const found = JSON.stringify(text.slice(first.offset, first.offset + Math.max(first.length, 1)).slice(0, 40));
  const problem = (PROBLEMS[printParseErrorCode(first.error)] ?? fallback).replace('%s', found);
  return IngestionErrors.INGESTION_MALFORMED_JSON([firstLine + line - 1, column, problem]);
}

/** An `application/json` body: an array of conversations, or a single one. */
export function parseJsonConversations(text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw malformed(text, 1, (error as Error).message);
  }
  return Array.isArray(value) ? value : [value];
}

/** An `application/x-ndjson` body: one conversation per line. */
export function parseNdjsonConversations(text: string, limit: number): unknown[] {
  const values: unknown[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    // Counted before parsing: a body of too many lines is refused without parsing them all.
    if (values.length === limit) throw IngestionErrors.INGESTION_TOO_MANY_CONVERSATIONS([limit]);
    try {
      values.push(JSON.parse(line));
    } catch (error) {
      throw malformed(line, i + 1, (error as Error).message);
    }
  }
  return values;
}
