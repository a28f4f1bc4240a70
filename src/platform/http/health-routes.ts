/**
 * `GET /healthz`: the process is alive (no I/O, for liveness probes).
 * `GET /readyz`: the database is reachable and migrated (for load balancers),
 * asked on a connection of its own (database.ts probeOf).
 * Same paths and bodies on every service.
 */
import type { FastifyPluginAsync } from 'fastify';
import { probeOf, type Db } from '../db/database.ts';
import { checkReadiness } from './readiness.ts';

export const healthRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  app.get('/healthz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });

  app.get('/readyz', async (_request, reply) => {
    const readiness = await checkReadiness(probeOf(db));
    reply.header('cache-control', 'no-store').code(readiness.ready ? 200 : 503);
    const { ready, ...detail } = readiness;
    return { status: ready ? 'ready' : 'not_ready', ...detail };
  });
};
