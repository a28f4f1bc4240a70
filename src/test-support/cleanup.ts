/**
 * Cleanups that run after all tests of a file, last registered first, like
 * `defer`: a worker registered after its database stops before the database
 * is dropped. (node:test runs root `after` hooks in registration order.)
 *
 * The hook is registered when this module loads, at the top level of the
 * test file: `after()` called inside a running test would attach to that
 * test and run too early for resources created by later tests.
 */
import { after } from 'node:test';

const stack: (() => unknown)[] = [];

after(async () => {
  while (stack.length > 0) await stack.pop()!();
});

export function onCleanup(fn: () => unknown): void {
  stack.push(fn);
}
