/**
 * Turns anything thrown in a route into the service's error body.
 *
 * Our AppErrors pass through. Fastify's own client errors (bad JSON, body
 * too large, unsupported media type, schema validation) are mapped onto the
 * platform catalogue so each API keeps one format. Anything else is a bug:
 * logged with its stack, answered with a generic 500 whose message names
 * only the request id, the key to the log line.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.ts';
import { PlatformErrors } from '../errors/platform-errors.ts';
import { logRequestFailure } from './request-faults.ts';
import type { ServiceDefinition } from './service.ts';

export function toAppError(error: unknown, request: FastifyRequest, bodyLimit: number): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as Partial<FastifyError> & { message?: string };
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      // The limit the body broke: the route's own when it sets one.
      return PlatformErrors.PLATFORM_BODY_TOO_LARGE([request.routeOptions?.bodyLimit ?? bodyLimit]);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return PlatformErrors.PLATFORM_UNSUPPORTED_MEDIA_TYPE([String(request.headers['content-type'] ?? '(none)').slice(0, 100)]);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return PlatformErrors.PLATFORM_MALFORMED_BODY(['the body is empty but Content-Type is application/json']);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return PlatformErrors.PLATFORM_MALFORMED_BODY([fastifyError.message ?? 'invalid JSON']);
  }
  if (fastifyError.validation) {
    return PlatformErrors.PLATFORM_INVALID_REQUEST([fastifyError.message ?? 'invalid request']);
  }
  // JSON.parse failures surface as a SyntaxError with statusCode 400.
  if (fastifyError.statusCode === 400 && error instanceof SyntaxError) {
    return PlatformErrors.PLATFORM_MALFORMED_BODY([error.message]);
  }
  if (fastifyError.statusCode !== undefined && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError(`PLATFORM_HTTP_${fastifyError.statusCode}`, fastifyError.statusCode, fastifyError.message ?? 'Bad request');
  }
  return PlatformErrors.PLATFORM_INTERNAL([request.id], { cause: error });
}

export function installErrorHandling(app: FastifyInstance, service: ServiceDefinition, bodyLimit: number): void {
  const send = (appError: AppError, request: FastifyRequest, reply: FastifyReply) =>
    reply.code(appError.statusCode).headers(appError.headers).type('application/json; charset=utf-8').send(service.formatError(appError, request));

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error, request, bodyLimit);
    logRequestFailure(request.log, request.raw, reply.raw, error, appError, 'request failed');
    return send(appError, request, reply);
  });
}
