/**
 * The parts of a retry policy that every client of another system shares:
 * the server's `Retry-After` (RFC 9110 §10.2.3: delay-seconds or an
 * HTTP-date) and the ±25% jitter that spreads the retries of one outage,
 * so they do not arrive together. Used by webhook delivery
 * (webhooks/retry-policy.ts) and the OpenAI-compatible clients
 * (processing/openai-compatible-api.ts).
 */

/** A `Retry-After` value in milliseconds from `now`; undefined when absent or unreadable. The first of repeated headers counts. */
export function parseRetryAfter(value: string | readonly string[] | undefined, now: number): number | undefined {
  const first = typeof value === 'string' ? value : value?.[0];
  if (first === undefined) return undefined;
  const trimmed = first.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Every HTTP-date form (RFC 9110 §5.6.7) opens with the day's name; Date.parse alone reads "1.5" as a date in 2001.
  if (!/^[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** `ms` spread evenly over ±25%. */
export function withJitter(ms: number, random: () => number = Math.random): number {
  return ms * (0.75 + random() * 0.5);
}
