/**
 * Reading Apps API requests. The seed's clients send ids as numbers or
 * strings ("String / Integer"), so ids are accepted as either and kept as the
 * decimal string PostgreSQL's bigint reads back. A malformed id in a path is
 * a 404 (no such resource), never a 500.
 */
import { PlatformErrors } from '../../platform/errors/platform-errors.ts';
import { ContactCenterErrors } from '../cc-errors.ts';

/** The body as a JSON object, or the seed-style 400 naming what was expected. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw PlatformErrors.PLATFORM_INVALID_REQUEST(['The body must be a JSON object']);
  }
  return body as Record<string, unknown>;
}

const ID = /^[1-9]\d{0,17}$/;

/** An id from a path parameter; anything else cannot name a resource. */
export function pathId(raw: string | undefined): string {
  if (raw === undefined || !ID.test(raw)) throw ContactCenterErrors.CC_NOT_FOUND();
  return raw;
}

/** An id given as a number or a string in a body or query; `undefined` when absent or empty, `false` when malformed. */
export function optionalId(value: unknown): string | undefined | false {
  if (value === undefined || value === null || value === '') return undefined;
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  return ID.test(text) ? text : false;
}

/** A string field: `undefined` when absent, null or empty; the first `max` characters are kept only if it fits, else 400. */
export function optionalString(body: Record<string, unknown>, name: string, max = 1000): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw PlatformErrors.PLATFORM_INVALID_REQUEST([`${name} must be a string`]);
  if (value.length > max) throw PlatformErrors.PLATFORM_INVALID_REQUEST([`${name} is longer than ${max} characters`]);
  return value;
}

/**
 * Whether U+0000 is anywhere in the value (keys too): PostgreSQL's text and
 * jsonb cannot hold it, so input carrying it is refused as a 400 rather
 * than failing in the database. Bodies are bounded by their routes'
 * bodyLimit, so the walk is too; depth is capped against pathological nesting.
 */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (typeof value !== 'object' || value === null || depth > 64) return false;
  if (Array.isArray(value)) return value.some((item) => containsNul(item, depth + 1));
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item, depth + 1));
}
