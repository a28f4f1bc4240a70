/**
 * Presigned uploads, served by the contact center itself in place of S3
 * (docs/contact-center.md, "Media uploads"). A slot is a row of
 * cc_chat_media with a random key and a random secret; its policy names the
 * slot, the kind of file, the largest size and the expiry, and is signed with
 * HMAC-SHA256 under the slot's secret, which never leaves the server. So a
 * policy cannot be forged or stretched, and a leaked one opens only its own
 * slot for at most UPLOAD_TTL_SECONDS.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MediaKind } from '../chat-tables.ts';

export const UPLOAD_TTL_SECONDS = 15 * 60;
export const MAX_BYTES: Readonly<Record<MediaKind, number>> = { photo: 10 * 1024 * 1024, video: 50 * 1024 * 1024 };

export interface UploadPolicy {
  readonly tenantId: string;
  readonly key: string;
  readonly kind: MediaKind;
  readonly maxBytes: number;
  /** Unix seconds. */
  readonly expires: number;
}

export const newKey = (chatId: string, kind: MediaKind) => `chats/${chatId}/${kind}s/${randomBytes(18).toString('base64url')}`;
export const newSecret = () => randomBytes(32).toString('base64url');

export function encodePolicy(policy: UploadPolicy): string {
  return Buffer.from(JSON.stringify({ t: policy.tenantId, k: policy.key, kind: policy.kind, max: policy.maxBytes, exp: policy.expires })).toString('base64url');
}

export function signPolicy(encoded: string, secret: string): string {
  return createHmac('sha256', secret).update(encoded).digest('base64url');
}

/** The policy a client sent back, if it parses; its signature is checked against the slot's secret by the caller. */
export function decodePolicy(encoded: string): UploadPolicy | undefined {
  if (encoded.length > 2000 || !/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
  try {
    const value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { t, k, kind, max, exp } = value;
    if (typeof t !== 'string' || typeof k !== 'string' || (kind !== 'photo' && kind !== 'video') || typeof max !== 'number' || typeof exp !== 'number') return undefined;
    return { tenantId: t, key: k, kind, maxBytes: max, expires: exp };
  } catch {
    return undefined;
  }
}

export function signatureMatches(encoded: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(signPolicy(encoded, secret));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** image/* and video/*, but not SVG: an image that runs script when opened from this origin. */
export function acceptsType(kind: MediaKind, contentType: string): boolean {
  const type = contentType.toLowerCase().split(';')[0]!.trim();
  if (!/^[a-z]+\/[a-z0-9.+-]{1,100}$/.test(type) || type === 'image/svg+xml') return false;
  return type.startsWith(kind === 'photo' ? 'image/' : 'video/');
}
