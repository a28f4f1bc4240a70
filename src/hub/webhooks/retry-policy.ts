/**
 * When a failed delivery is tried again. Four/Four's documentation: "we
 * will retry sending the webhook up to three times using an exponential
 * backoff algorithm" (docs/webhooks.md, "Delivery, retries and dead letters"). The delays come from WEBHOOK_RETRY_SCHEDULE (default 10 s,
 * 1 min, 5 min: roughly ×6 each), each spread by ±25% jitter so that the
 * retries of one outage do not arrive together. A receiver's `Retry-After`
 * (RFC 9110 §10.2.3, seconds or an HTTP date; platform/http/retry-after.ts)
 * postpones the retry, up to an hour.
 */
import { withJitter } from '../../platform/http/retry-after.ts';

const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** Milliseconds until retry number `retry` (1-based), or undefined when the schedule is used up. */
export function retryDelayMs(schedule: readonly number[], retry: number, retryAfterMs?: number, random = Math.random): number | undefined {
  const base = schedule[retry - 1];
  if (base === undefined) return undefined;
  return Math.round(Math.max(withJitter(base * 1000, random), Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)));
}
