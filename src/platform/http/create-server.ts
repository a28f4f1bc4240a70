/**
 * Builds the Fastify instance of one service with what every API shares:
 *
 * - request ids: a sane incoming `X-Request-Id` is kept (a proxy's id links
 *   its log to ours), otherwise a UUID; echoed in the response header and
 *   present on every log line of the request;
 * - pino JSON logs with credentials redacted (logging/logger.ts);
 * - a body-size limit (`BODY_LIMIT_BYTES`; streaming routes opt out);
 * - the service's own error body for every error, 404s included;
 * - `/healthz` and `/readyz`;
 * - graceful close: `app.close()` stops accepting, answers requests that
 *   still arrive on open connections with a 503 in the service's own error
 *   body (Fastify's built-in 503 would not be), and waits for in-flight ones.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { PlatformErrors } from '../errors/platform-errors.ts';
import { installErrorHandling } from './error-handler.ts';
import { healthRoutes } from './health-routes.ts';
import type { ServiceContext, ServiceDefinition } from './service.ts';

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function createServer(service: ServiceDefinition, context: ServiceContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: context.logger.child({ service: service.id }) as FastifyBaseLogger,
    bodyLimit: context.config.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && INCOMING_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Trust X-Forwarded-* only from a proxy on this machine (the documented deployment).
    trustProxy: '127.0.0.1,::1',
    return503OnClosing: false,
  });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) {
      reply.header('connection', 'close').header('retry-after', '1');
      throw PlatformErrors.PLATFORM_SHUTTING_DOWN();
    }
  });

  installErrorHandling(app, service, context.config.bodyLimitBytes);
  await app.register(healthRoutes, { db: context.db });
  await app.register(service.plugin, context);
  return app;
}
