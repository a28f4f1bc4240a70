/**
 * `POST /import/trackers` (docs/importer.md, "Tracker import"): tracker
 * projects, issues and comments from a JSON body, written at once and in
 * one transaction, answered with what was created and updated.
 *
 * Synchronous, unlike the CRM importer's CSV uploads: a body is bounded by
 * BODY_LIMIT_BYTES and MAX_TRACKER_RECORDS, and writing ten thousand
 * records takes well under a second, so a job would only add a poll. It is
 * a plugin of its own because importer-plugin.ts removes every body parser
 * in its scope to stream uploads; here Fastify's JSON parser reads the
 * body, and only `application/json` is accepted (text/plain's parser is
 * removed, so anything else is 415).
 *
 * The token (scope `import`) is checked before the body is read, so an
 * unauthorised request learns nothing from how its body is judged.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServiceContext } from '../../platform/http/service.ts';
import type { Authenticator } from '../identity/authenticate.ts';
import { applyTrackerImport } from './apply-tracker-import.ts';
import { readTrackerImport } from './tracker-input.ts';

export const trackerImportRoute: FastifyPluginAsync<ServiceContext & { authenticator: Authenticator }> = async (app, { db, authenticator }) => {
  app.removeContentTypeParser('text/plain');
  const requireImport = authenticator.requireToken({ scope: 'import' });
  app.addHook('onRequest', async (request, reply) => {
    await requireImport.call(app, request, reply);
  });

  app.post('/import/trackers', async (request, reply) => {
    const input = readTrackerImport(request.body);
    const result = await applyTrackerImport(db, request.principal!.tenantId, input);
    return reply.code(200).send(result);
  });
};
