/**
 * Signing a delivery two ways, over the exact body bytes sent:
 *
 * - `Signature`: lowercase hex HMAC-SHA256 keyed with the secret exactly as
 *   shown to the user (Four/Four's documentation: "HMAC_SHA256(SECRET_KEY, JSON_PAYLOAD)"; docs/webhooks.md).
 * - Standard Webhooks (standardwebhooks.com, spec v1): `webhook-id`,
 *   `webhook-timestamp` (unix seconds of the attempt) and `webhook-signature`,
 *   space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed
 *   with the base64 part of `whsec_<base64>`; one entry per active secret, so
 *   a receiver holding either side of a rotation verifies.
 */
import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

/** 256 random bits in Standard Webhooks' secret format. */
export function newSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

export function seedSignature(secret: string | KeyObject, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

const standardKey = (secret: string) => Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');

export function standardSignature(secret: string | KeyObject, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', typeof secret === 'string' ? standardKey(secret) : secret).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The active secrets (newest first) as keys for both schemes. */
export interface SigningKeys {
  readonly seed: KeyObject;
  readonly standard: readonly KeyObject[];
}

/**
 * Prepares the keys once for many signatures: HMAC with a KeyObject costs a
 * third of HMAC with a string or buffer key (measured with the webhook
 * benchmark's bodies), which is most of the signing cost of a delivery.
 */
export function signingKeys(secrets: readonly string[]): SigningKeys {
  return { seed: createSecretKey(Buffer.from(secrets[0]!)), standard: secrets.map((secret) => createSecretKey(standardKey(secret))) };
}

/** The headers of one attempt; `Signature` carries only the newest secret (Four/Four's header has one value; docs/webhooks.md, "Secret rotation"). */
export function signatureHeaders(keys: SigningKeys, id: string, body: string, now: number): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    signature: seedSignature(keys.seed, body),
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': keys.standard.map((key) => standardSignature(key, id, timestamp, body)).join(' '),
  };
}
