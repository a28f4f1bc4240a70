/**
 * The chat webhook's signature (public Apps API documentation): headers
 * `X-Signature: primary=<b64> secondary=<b64>` and `X-Signature-Timestamp`,
 * each value base64(HMAC-SHA256(secret, timestamp + raw body)). The
 * timestamp is Unix seconds at the attempt, so a receiver can refuse old
 * replays; `verifyChatWebhook` is what a receiver runs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const sign = (secret: string, timestamp: string, body: string) => createHmac('sha256', secret).update(timestamp + body).digest('base64');

export function signatureHeaders(secrets: { primary: string; secondary: string }, body: string, now = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  return {
    'x-signature': `primary=${sign(secrets.primary, timestamp, body)} secondary=${sign(secrets.secondary, timestamp, body)}`,
    'x-signature-timestamp': timestamp,
  };
}

/** Whether one of the header's signatures is `secret`'s over the timestamp and the raw body. */
export function verifyChatWebhook(secret: string, headers: { signature: string; timestamp: string }, body: string): boolean {
  const expected = Buffer.from(sign(secret, headers.timestamp, body));
  return [...headers.signature.matchAll(/(?:primary|secondary)=([A-Za-z0-9+/=]+)/g)].some(([, value]) => {
    const given = Buffer.from(value!);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
