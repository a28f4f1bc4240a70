/**
 * PostgreSQL's text and jsonb cannot hold U+0000: a body carrying it would
 * fail in the database as a 500. The chat and SMS routes refuse it up front,
 * anywhere in the body (keys too), as a 400.
 */
import type { FastifyRequest } from 'fastify';
import { containsNul } from '../http/inputs.ts';
import { ChatErrors } from './chat-errors.ts';

export async function refuseNul(request: FastifyRequest): Promise<void> {
  if (containsNul(request.body) || containsNul(request.query)) throw ChatErrors.CC_CHAT_FIELD_INVALID(['Text cannot contain the NUL character (\\u0000)']);
}
