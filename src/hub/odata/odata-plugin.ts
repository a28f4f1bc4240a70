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
import type { QueryOptionsNode } from './ast/index.ts';
import { ODataErrors } from './odata-errors.ts';
import { parseOptions, readRoutes } from './read/read-routes.ts';
import { asksForJson, ODATA_JSON } from './response/media-type.ts';

// Built once: the model does not change while the process runs.
const METADATA_XML = csdlXml();
const METADATA_JSON = JSON.stringify(csdlJson());

/**
 * The query options of the service document and `$metadata` (Protocol 4.01 §11.1.1, §11.1.2): read by
 * the parser of data requests, so a repeated or malformed option is the same 400; `$format`,
 * `$schemaversion` (ignored, as on data requests) and custom options apply, any other option is a 400.
 */
function documentOptions(request: FastifyRequest, document: string): QueryOptionsNode {
  const url = request.raw.url ?? '';
  const options = parseOptions(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
  const aliases = Object.keys(options.aliases);
  if (aliases.length > 0) throw ODataErrors.ODATA_INVALID_QUERY([`${document} takes no parameter aliases (${aliases[0]})`]);
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || NOT_OPTIONS.has(name) || DOCUMENT_OPTIONS.has(name)) continue;
    throw ODataErrors.ODATA_INVALID_QUERY([`$${name} does not apply to ${document}; it takes only $format`], { target: `$${name}` });
  }
  return options;
}

const NOT_OPTIONS: ReadonlySet<string> = new Set(['kind', 'position', 'aliases', 'custom']);
const DOCUMENT_OPTIONS: ReadonlySet<string> = new Set(['format', 'schemaversion']);

/** CSDL JSON or XML (Protocol 4.01 §11.1.2): `$format` decides, else the Accept header; other formats are 406. */
function wantsJson(request: FastifyRequest, options: QueryOptionsNode): boolean {
  const format = options.format;
  if (format !== undefined) {
    if (asksForJson(format)) return true;
    if (/^(xml|application\/xml)\b/i.test(format)) return false;
    throw ODataErrors.ODATA_NOT_ACCEPTABLE([format.slice(0, 100)]);
  }
  const accept = request.headers.accept ?? '';
  return /application\/json/i.test(accept) && !/application\/xml/i.test(accept);
}

function odataHeaders(reply: FastifyReply, version: '4.0' | '4.01') {
  reply.header('odata-version', version);
}

export const odataPlugin: FastifyPluginAsync<ServiceContext & { authenticator: Authenticator }> = async (app, { config, authenticator, ...rest }) => {
  const auth = { preHandler: authenticator.requireToken({ scope: 'api:read', allowBasic: true }) };

  app.get('/odata', auth, async (request, reply) => {
    const { format } = documentOptions(request, 'the service document');
    if (format !== undefined && !asksForJson(format)) throw ODataErrors.ODATA_NOT_ACCEPTABLE([format.slice(0, 100)]);
    odataHeaders(reply, '4.01');
    return reply.header('content-type', ODATA_JSON).send(Buffer.from(JSON.stringify(serviceDocument(config.publicUrl))));
  });

  app.get('/odata/$metadata', auth, async (request, reply) => {
    const json = wantsJson(request, documentOptions(request, '$metadata'));
    odataHeaders(reply, '4.0');
    if (json) return reply.type('application/json').send(METADATA_JSON);
    return reply.type('application/xml').send(METADATA_XML);
  });

  await app.register(readRoutes, { config, authenticator, ...rest });
};
