/**
 * Waits until `condition` holds, for what other processes make true a moment
 * later (a notification delivered, a job run); fails the test with `what`
 * after `ms`, which leaves a loaded machine room: pass a deadline that
 * still tells the event from what would happen without it (a cache that
 * expires, a retry). Returns how long it took.
 */
import assert from 'node:assert/strict';

export async function eventually(condition: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > ms) assert.fail(`${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}
