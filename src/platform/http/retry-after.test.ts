import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRetryAfter, withJitter } from './retry-after.ts';

const NOW = Date.parse('2025-03-04T10:00:00Z');

test('Retry-After as delay-seconds or as an HTTP-date (RFC 9110 §10.2.3), in milliseconds from now', () => {
  assert.equal(parseRetryAfter('120', NOW), 120_000);
  assert.equal(parseRetryAfter(' 5 ', NOW), 5000);
  assert.equal(parseRetryAfter('Tue, 04 Mar 2025 10:01:30 GMT', NOW), 90_000);
  assert.equal(parseRetryAfter('Tue, 04 Mar 2025 09:59:00 GMT', NOW), 0, 'a date in the past: no wait');
  assert.equal(parseRetryAfter(['30', '60'], NOW), 30_000, 'the first of repeated headers');
});

test('an absent or unreadable Retry-After is none', () => {
  for (const value of [undefined, [], '', 'soon', '-5', '1.5']) assert.equal(parseRetryAfter(value, NOW), undefined, JSON.stringify(value));
});

test('jitter spreads a delay over ±25%', () => {
  assert.equal(withJitter(1000, () => 0), 750);
  assert.equal(withJitter(1000, () => 0.5), 1000);
  assert.equal(withJitter(1000, () => 1), 1250);
});
