/**
 * Builds the Fastify instance of one service with what every API shares:
 *
 * - request ids: a sane incoming `X-Request-Id` is kept (a proxy's id links
 *   its log to ours), otherwise a UUID; echoed in the response header and
 *   present on every log line of the request;
 * - pino JSON logs with credentials redacted (logging/logger.ts);
 * - a body-size limit (`BODY_LIMIT_BYTES`; streaming routes opt out);
 * - the service's own error body for every error, including those the router
 *   finds (unknown path, wrong method, bad escape, over-long segment:
 *   routing-errors.ts);
 * - deadlines for the headers (`HEADERS_TIMEOUT_MS`) and bodies
 *   (body-deadlines.ts): a slow client gets a 408, never a held connection;
 * - `/healthz` and `/readyz`;
 * - a client that stops reading a response is cut off after
 *   `RESPONSE_STALL_SECONDS` (response-stall.ts);
 * - graceful close: `app.close()` stops accepting and waits for in-flight
 *   requests, whose responses then close their keep-alive connection: else
 *   close() waits out the 72 s keep-alive timeout, and Node drops whatever
 *   the client sends after such a response, so no request is half-served.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppError } from '../errors/app-error.ts';
import { PlatformErrors } from '../errors/platform-errors.ts';
import { inSeconds, installBodyDeadlines } from './body-deadlines.ts';
import { installErrorHandling } from './error-handler.ts';
import { healthRoutes } from './health-routes.ts';
import { installResponseStallTimeout } from './response-stall.ts';
import { MAX_PATH_SEGMENT_LENGTH, routingErrors } from './routing-errors.ts';
import type { ServiceContext, ServiceDefinition } from './service.ts';

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** What Node's HTTP server reports before a request exists, as the platform's error. */
function clientError(error: NodeJS.ErrnoException, headersTimeoutMs: number): AppError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return PlatformErrors.PLATFORM_HEADERS_TOO_LARGE();
    // Node's headersTimeout; its requestTimeout, which would cut long uploads, is off (Fastify's default).
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return PlatformErrors.PLATFORM_REQUEST_TIMEOUT([`the request line and headers did not arrive within ${inSeconds(headersTimeoutMs)}`]);
    default:
      return PlatformErrors.PLATFORM_MALFORMED_REQUEST();
  }
}

export async function createServer(service: ServiceDefinition, context: ServiceContext): Promise<FastifyInstance> {
  const routing = routingErrors(service);
  const { config } = context;
  const app = Fastify({
    loggerInstance: context.logger.child({ service: service.id }) as FastifyBaseLogger,
    bodyLimit: context.config.bodyLimitBytes,
    http: {
      headersTimeout: config.headersTimeoutMs,
      // Node looks for late headers on this interval (30 s by default): a tenth of the limit keeps the 408 near it.
      connectionsCheckingInterval: Math.min(30_000, Math.max(10, config.headersTimeoutMs / 10)),
    },
    // Errors Node's HTTP parser finds before a request exists also answer in the service's error body.
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return;
      const appError = clientError(error, config.headersTimeoutMs);
      const body = JSON.stringify(service.formatError(appError));
      socket.end(`HTTP/1.1 ${appError.statusCode} ${STATUS_CODES[appError.statusCode]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && INCOMING_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // X-Forwarded-* only from the proxies TRUST_PROXY names (default: one on this machine).
    trustProxy: [...config.trustProxy],
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT_LENGTH },
    frameworkErrors: routing.frameworkErrors,
  });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onSend', async (request, reply) => {
    // A response sent before its request's body arrived (a 408, a 429, a 401 to an upload) ends the connection:
    // kept alive, it would wait for the rest of a body that may never come.
    if (closing || !request.raw.complete) reply.header('connection', 'close');
  });
  installBodyDeadlines(app, { idleMs: config.bodyIdleTimeoutMs, minBytesPerSecond: config.bodyMinBytesPerSecond }, service.formatError);

  installResponseStallTimeout(app, context.config.responseStallSeconds);
  installErrorHandling(app, service, context.config.bodyLimitBytes);
  routing.install(app);
  await app.register(healthRoutes, { db: context.db });
  // The service is the application: its hooks (e.g. the hub's OAuth forwarder) apply to every request.
  await app.register(fp(service.plugin), context);
  return app;
}
