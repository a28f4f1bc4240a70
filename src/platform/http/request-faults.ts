/**
 * Whose fault a failed request is, for the log. The client's (a 4xx; a 501
 * for what the service does not implement; a client that went away before
 * its response, such as an upload cut off) is logged at info with no stack:
 * nothing for an operator to fix. Ours is logged at error with its stack.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { AppError } from '../errors/app-error.ts';

// What Node reports on a request or response whose connection the client closed.
const DISCONNECTS: ReadonlySet<string> = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

/**
 * The error is the client's connection ending: it comes from the client's own streams (the request
 * errored with it, or was aborted before its end), or the response or socket closed before the
 * response was finished. A reset from PostgreSQL's socket, with the client still there, is ours;
 * `request.destroyed` says nothing here, since Node destroys a request once its body has been read.
 */
export function clientWentAway(error: unknown, request: IncomingMessage, response: ServerResponse): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !DISCONNECTS.has(code)) return false;
  return (
    error === request.errored ||
    request.readableAborted ||
    request.socket?.destroyed === true ||
    (response.destroyed && !response.writableFinished)
  );
}

/** Client errors: 4xx, and 501 (Not Implemented: the request asks for something the service does not do). */
export function isClientError(statusCode: number): boolean {
  return statusCode < 500 || statusCode === 501;
}

/** Logs a request that ended in `error`, answered (if the client is still there) as `answer`. */
export function logRequestFailure(
  log: FastifyBaseLogger,
  request: IncomingMessage,
  response: ServerResponse,
  error: unknown,
  answer: AppError,
  what: string,
): void {
  if (clientWentAway(error, request, response)) log.info({ code: (error as { code: string }).code }, 'the client went away before its response');
  else if (isClientError(answer.statusCode)) log.info({ code: answer.code, statusCode: answer.statusCode }, answer.message);
  else log.error({ err: error }, what);
}
