/**
 * A serving process (`commontime start`): database, migrations, job workers
 * and every service's HTTP server; and the reverse on shutdown, in the order
 * that loses nothing: stop accepting and drain HTTP, let running jobs finish,
 * close the pool, stop the embedded database.
 */
import type { FastifyInstance } from 'fastify';
import type { ParsedCronItem, TaskList } from 'graphile-worker';
import type { Db } from '../db/database.ts';
import type { Config } from '../config/config.ts';
import { connect, type Connection } from '../db/connect.ts';
import { createServer } from '../http/create-server.ts';
import { serviceUrl, type ServiceDefinition } from '../http/service.ts';
import type { Logger } from '../logging/logger.ts';
import { migrate } from '../migrations/migrator.ts';
import { startWorker, type RunningWorker } from '../jobs/worker.ts';

export interface ServeOptions {
  readonly services: readonly ServiceDefinition[];
  readonly tasks: (db: Db, config: Config) => TaskList;
  readonly schedule?: readonly ParsedCronItem[];
  /** Run job workers in this process (default true). */
  readonly workers?: boolean;
  /** Called once everything listens, e.g. to print first-run help. */
  readonly onReady?: (running: RunningPlatform) => Promise<void>;
}

export interface RunningPlatform {
  readonly connection: Connection;
  readonly servers: readonly { service: ServiceDefinition; app: FastifyInstance; url: string }[];
  stop(): Promise<void>;
}

export async function serve(config: Config, logger: Logger, options: ServeOptions): Promise<RunningPlatform> {
  const connection = await connect(config, logger, 'serve', { poolSize: 10 + (options.workers === false ? 0 : config.workerConcurrency) });
  const servers: { service: ServiceDefinition; app: FastifyInstance; url: string }[] = [];
  let worker: RunningWorker | undefined;

  const stop = async () => {
    await Promise.allSettled(servers.map(({ app }) => app.close()));
    await worker?.stop();
    await connection.close();
  };

  try {
    await migrate(connection, logger);
    if (options.workers !== false) {
      worker = await startWorker(connection, logger, options.tasks(connection.db, config), { concurrency: config.workerConcurrency, pollIntervalMs: config.workerPollIntervalMs, schedule: options.schedule });
    }
    for (const service of options.services) {
      const app = await createServer(service, { config, db: connection.db, logger, services: options.services });
      await listen(app, service, config);
      const url = serviceUrl(service, config);
      servers.push({ service, app, url });
      logger.info({ service: service.id, url }, `${service.title} listening`);
    }
  } catch (error) {
    await stop().catch((stopError: unknown) => logger.error({ err: stopError }, 'cleanup after a failed start failed'));
    throw error;
  }

  const running: RunningPlatform = { connection, servers, stop };
  await options.onReady?.(running);
  return running;
}

export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

async function listen(app: FastifyInstance, service: ServiceDefinition, config: Config): Promise<void> {
  const port = service.port(config);
  try {
    await app.listen({ port, host: config.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new StartupError(`${service.title} cannot listen on ${config.host}:${port}: the port is in use. Stop what uses it or set ${service.portVariable} to a free port.`, { cause: error });
    }
    if (code === 'EADDRNOTAVAIL' || code === 'EACCES') {
      throw new StartupError(`${service.title} cannot listen on ${config.host}:${port} (${code}). Check HOST and ${service.portVariable}.`, { cause: error });
    }
    throw error;
  }
}
