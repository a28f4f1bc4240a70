/**
 * The hub's OData API under /odata: the service document, `$metadata`, and
 * (as the engine grows) the entity sets. Every route needs a token with the
 * `api:read` scope; HTTP Basic with a personal access token as password is
 * accepted for BI tools (Power BI, Excel) that cannot run a code flow.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../platform/http/service.ts';
import type { Authenticator } from '../identity/authenticate.ts';
import { csdlJson } from './metadata/csdl-json.ts';
import { csdlXml } from './metadata/csdl-xml.ts';
import { serviceDocument } from './metadata/service-document.ts';
import { readRoutes } from './read/read-routes.ts';
import { ODATA_JSON } from './response/media-type.ts';

// Built once: the model does not change while the process runs.
const METADATA_XML = csdlXml();
const METADATA_JSON = JSON.stringify(csdlJson());

/** `$format` as sent, from the raw query (option names are case-insensitive, `$` optional: URL Conventions §5). */
function formatOption(request: FastifyRequest): string | undefined {
  const query = request.raw.url?.split('?')[1] ?? '';
  for (const [name, value] of new URLSearchParams(query)) if (/^\$?format$/i.test(name)) return value.toLowerCase();
  return undefined;
}

function wantsJson(request: FastifyRequest): boolean {
  const format = formatOption(request);
  if (format !== undefined) return format === 'json' || format.startsWith('application/json');
  const accept = request.headers.accept ?? '';
  return /application\/json/i.test(accept) && !/application\/xml/i.test(accept);
}

function odataHeaders(reply: FastifyReply, version: '4.0' | '4.01') {
  reply.header('odata-version', version);
}

export const odataPlugin: FastifyPluginAsync<ServiceContext & { authenticator: Authenticator }> = async (app, { config, authenticator, ...rest }) => {
  const auth = { preHandler: authenticator.requireToken({ scope: 'api:read', allowBasic: true }) };

  app.get('/odata', auth, async (_request, reply) => {
    odataHeaders(reply, '4.01');
    return reply.header('content-type', ODATA_JSON).send(Buffer.from(JSON.stringify(serviceDocument(config.publicUrl))));
  });

  app.get('/odata/$metadata', auth, async (request, reply) => {
    odataHeaders(reply, '4.0');
    if (wantsJson(request)) return reply.type('application/json').send(METADATA_JSON);
    return reply.type('application/xml').send(METADATA_XML);
  });

  await app.register(readRoutes, { config, authenticator, ...rest });
};
