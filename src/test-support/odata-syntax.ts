/** The assertion of the OData parser tests: a text is refused at the right place, for the right reason. */
import assert from 'node:assert/strict';
import { ODataSyntaxError } from '../hub/odata/parser/index.ts';

/** Asserts that `parse` throws an ODataSyntaxError at `position` whose message matches `message`; `what` names the input. */
export function rejectsAt(parse: () => unknown, position: number, message: RegExp, what: string): void {
  assert.throws(
    parse,
    (error: unknown) => error instanceof ODataSyntaxError && error.position === position && message.test(error.message),
    `${what} should fail at ${position} with ${message}`,
  );
}
