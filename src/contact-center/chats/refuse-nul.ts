/**
 * PostgreSQL's text and jsonb cannot hold U+0000: a body carrying it would
 * fail in the database as a 500. The chat and SMS routes refuse it up front,
 * anywhere in the body (keys too), as a 400.
 */
import type { FastifyRequest } from 'fastify';
import { ChatErrors } from './chat-errors.ts';

/** Bodies are bounded by their routes' bodyLimit, so the walk is too; depth is capped against pathological nesting. */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (typeof value !== 'object' || value === null || depth > 64) return false;
  if (Array.isArray(value)) return value.some((item) => containsNul(item, depth + 1));
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item, depth + 1));
}

export async function refuseNul(request: FastifyRequest): Promise<void> {
  if (containsNul(request.body) || containsNul(request.query)) throw ChatErrors.CC_CHAT_FIELD_INVALID(['Text cannot contain the NUL character (\\u0000)']);
}
