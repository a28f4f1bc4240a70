/**
 * Errors raised by the platform core itself (HTTP layer, readiness, start-up).
 * Each context keeps its own catalogue beside its code; all of them are listed
 * in docs/errors.md, which `errors.test.ts` holds to these definitions.
 */
import { defineError } from './app-error.ts';

export const PlatformErrors = {
  PLATFORM_ROUTE_NOT_FOUND: defineError('PLATFORM_ROUTE_NOT_FOUND', 404, 'No route for %s %s'),
  PLATFORM_METHOD_NOT_ALLOWED: defineError('PLATFORM_METHOD_NOT_ALLOWED', 405, 'Method %s is not allowed on %s; it allows %s'),
  PLATFORM_BAD_URL: defineError('PLATFORM_BAD_URL', 400, 'The path %s is not valid: each % must start an escape of two hex digits, and the escapes must decode to UTF-8'),
  PLATFORM_PATH_SEGMENT_TOO_LONG: defineError('PLATFORM_PATH_SEGMENT_TOO_LONG', 414, 'A segment of the path %s is longer than %s characters'),
  PLATFORM_MALFORMED_BODY: defineError('PLATFORM_MALFORMED_BODY', 400, 'The request body could not be parsed: %s'),
  PLATFORM_BODY_TOO_LARGE: defineError('PLATFORM_BODY_TOO_LARGE', 413, 'The request body is larger than the limit of %s bytes'),
  PLATFORM_UNSUPPORTED_MEDIA_TYPE: defineError('PLATFORM_UNSUPPORTED_MEDIA_TYPE', 415, 'Content-Type %s is not accepted here'),
  PLATFORM_MALFORMED_REQUEST: defineError('PLATFORM_MALFORMED_REQUEST', 400, 'The HTTP request is malformed'),
  PLATFORM_HEADERS_TOO_LARGE: defineError('PLATFORM_HEADERS_TOO_LARGE', 431, 'The request line and headers are larger than 16 KiB; send long queries in fewer, shorter parameters'),
  PLATFORM_REQUEST_TIMEOUT: defineError('PLATFORM_REQUEST_TIMEOUT', 408, 'The request arrived too slowly: %s; send it again without pauses'),
  PLATFORM_TOO_MANY_CONCURRENT: defineError('PLATFORM_TOO_MANY_CONCURRENT', 429, 'Too many %s at once (the limit is %s); retry after %s seconds'),
  PLATFORM_INVALID_REQUEST: defineError('PLATFORM_INVALID_REQUEST', 400, '%s'),
  PLATFORM_INTERNAL: defineError('PLATFORM_INTERNAL', 500, 'An internal error occurred; quote request id %s when reporting it'),
} as const;
