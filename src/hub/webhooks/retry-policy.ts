/**
 * When a failed delivery is tried again. Four/Four's documentation: "we
 * will retry sending the webhook up to three times using an exponential
 * backoff algorithm" (docs/webhooks.md, "Delivery, retries and dead letters"). The delays come from WEBHOOK_RETRY_SCHEDULE (default 10 s,
 * 1 min, 5 min: roughly ×6 each), each spread by ±25% jitter so that the
 * retries of one outage do not arrive together. A receiver's `Retry-After`
 * (RFC 9110 §10.2.3, seconds or an HTTP date) postpones the retry, up to an
 * hour.
 */

export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** Milliseconds until retry number `retry` (1-based), or undefined when the schedule is used up. */
export function retryDelayMs(schedule: readonly number[], retry: number, retryAfterMs?: number, random = Math.random): number | undefined {
  const base = schedule[retry - 1];
  if (base === undefined) return undefined;
  const jittered = base * 1000 * (0.75 + random() * 0.5);
  return Math.round(Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)));
}

/** A `Retry-After` value in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
