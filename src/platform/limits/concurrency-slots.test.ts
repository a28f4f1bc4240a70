import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors/app-error.ts';
import { ConcurrencySlots } from './concurrency-slots.ts';

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AppError);
    return error;
  }
  assert.fail('expected a refusal');
}

test('a key gets at most perKey slots; others keep theirs; released slots are free again', () => {
  const slots = new ConcurrencySlots('uploads', { perKey: 2, total: 10 }, 3);
  const a1 = slots.acquire('a');
  slots.acquire('a');
  const error = refusal(() => slots.acquire('a'));
  assert.equal(error.statusCode, 429);
  assert.equal(error.code, 'PLATFORM_TOO_MANY_CONCURRENT');
  assert.equal(error.headers['retry-after'], '3');
  assert.match(error.message, /uploads.*2 per workspace/);
  slots.acquire('b');
  a1.release();
  a1.release();
  assert.equal(slots.inUse('a'), 1, 'a second release frees nothing more');
  slots.acquire('a');
  assert.equal(slots.inUse(), 3);
});

test('the total bounds all keys together', () => {
  const slots = new ConcurrencySlots('streamed reads', { perKey: 5, total: 3 });
  for (const key of ['a', 'b', 'c']) slots.acquire(key);
  assert.match(refusal(() => slots.acquire('d')).message, /3 in all/);
  assert.equal(slots.inUse('d'), 0, 'a refused key holds nothing');
});
