/** Starts one service in-process on a loopback port for HTTP tests, closed after the file. */
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../platform/config/config.ts';
import type { Db } from '../platform/db/database.ts';
import { createServer } from '../platform/http/create-server.ts';
import type { ServiceDefinition } from '../platform/http/service.ts';
import { createLogger, type Logger } from '../platform/logging/logger.ts';
import { onCleanup } from './cleanup.ts';

export interface TestServer {
  readonly app: FastifyInstance;
  readonly url: string;
}

export async function startTestServer(
  service: ServiceDefinition,
  db: Db,
  options: { env?: Record<string, string>; services?: readonly ServiceDefinition[]; port?: number; logger?: Logger } = {},
): Promise<TestServer> {
  const config: Config = loadConfig({ LOG_LEVEL: 'silent', ...options.env });
  const app = await createServer(service, { config, db, logger: options.logger ?? createLogger('silent'), services: options.services ?? [service] });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  onCleanup(() => app.close());
  return { app, url: `http://127.0.0.1:${port}` };
}
