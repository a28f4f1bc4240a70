import { createHash } from 'node:crypto';

/**
 * SHA-256 of a bearer value, as stored: a leaked table holds no usable token.
 * A slow hash buys nothing for 256-bit random values and would cost every request.
 */
export function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
