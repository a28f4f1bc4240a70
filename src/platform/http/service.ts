/**
 * A service is one HTTP API on its own port (hub, contact center, messaging).
 * Each brings its routes as a Fastify plugin and its documented error body;
 * the platform gives all of them request ids, logging, limits, health routes
 * and graceful shutdown (create-server.ts).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppError } from '../errors/app-error.ts';

export interface ServiceContext {
  readonly config: Config;
  readonly db: Db;
  readonly logger: Logger;
  /** Every service of this process, for pages that link them. */
  readonly services: readonly ServiceDefinition[];
}

export interface ServiceDefinition {
  readonly id: 'hub' | 'contact-center' | 'messaging';
  readonly title: string;
  readonly summary: string;
  readonly port: (config: Config) => number;
  /** The variable that sets the port, named when the port is taken. */
  readonly portVariable: string;
  /** The service's documented error body for an error a client may see. */
  /** `request` is absent for errors found before a request exists (a malformed request line). */
  readonly formatError: (error: AppError, request?: FastifyRequest) => unknown;
  readonly plugin: FastifyPluginAsync<ServiceContext>;
}

/** The hub is at PUBLIC_URL; the other services at the same host on their own ports. */
export function serviceUrl(service: ServiceDefinition, config: Config): string {
  if (service.id === 'hub') return config.publicUrl;
  const url = new URL(config.publicUrl);
  url.port = String(service.port(config));
  url.pathname = '';
  return url.toString().replace(/\/$/, '');
}
