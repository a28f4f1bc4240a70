/** For `assert.rejects` and `assert.throws`: the error is an `AppError` of `code` whose message matches `message`. */
import assert from 'node:assert/strict';
import { AppError } from '../platform/errors/app-error.ts';

export function appError(code: string, message: RegExp): (error: unknown) => true {
  return (error) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  };
}
