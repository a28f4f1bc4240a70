/**
 * Signing a delivery two ways, over the exact body bytes sent:
 *
 * - `Signature`: lowercase hex HMAC-SHA256 keyed with the secret exactly as
 *   shown to the user (seeds 000/001: "HMAC_SHA256(SECRET_KEY, JSON_PAYLOAD)").
 * - Standard Webhooks (standardwebhooks.com, spec v1): `webhook-id`,
 *   `webhook-timestamp` (unix seconds of the attempt) and `webhook-signature`,
 *   space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed
 *   with the base64 part of `whsec_<base64>`; one entry per active secret, so
 *   a receiver holding either side of a rotation verifies.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

/** 256 random bits in Standard Webhooks' secret format. */
export function newSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

export function seedSignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export function standardSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * The headers of one attempt. `secrets` lists the active secrets, newest
 * first; `Signature` carries only the newest (the seed's header has one value).
 */
export function signatureHeaders(secrets: readonly string[], id: string, body: string, now: number): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    signature: seedSignature(secrets[0]!, body),
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => standardSignature(secret, id, timestamp, body)).join(' '),
  };
}
