/**
 * Serves the project's Markdown documentation as plain text at `/docs/<file>`,
 * so the links on the landing page work without network access. Only the
 * files listed here are reachable: no path is built from the URL.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import { PlatformErrors } from '../../platform/errors/platform-errors.ts';

const DOCS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs');

export const DOCS: readonly { file: string; title: string }[] = [
  { file: 'architecture.md', title: 'Architecture: services, contexts and data flow' },
  { file: 'oauth.md', title: 'Connecting applications: OAuth clients, tokens, /odata/me' },
  { file: 'odata.md', title: 'The OData API: entity sets, properties, query options' },
  { file: 'importer.md', title: 'The CRM importer: CSV uploads, fields, data types, jobs; tracker import' },
  { file: 'processing.md', title: 'Conversation processing: CRM matching and the stages after it' },
  { file: 'mcp.md', title: 'The MCP server: connecting AI agents, tools, search, limits' },
  { file: 'webhooks.md', title: 'Webhooks: events, signatures, retries, receivers' },
  { file: 'processing.md', title: 'Conversation processing: analyzers, embeddings, insights, topics' },
  { file: 'operations.md', title: 'Operations: configuration, external PostgreSQL, scale-out' },
  { file: 'cli.md', title: 'Command-line interface' },
  { file: 'errors.md', title: 'Error codes' },
];

export const docsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { file: string } }>('/docs/:file', async (request, reply) => {
    const doc = DOCS.find((d) => d.file === request.params.file);
    if (!doc) throw PlatformErrors.PLATFORM_ROUTE_NOT_FOUND(['GET', request.url]);
    reply.type('text/markdown; charset=utf-8');
    return readFile(path.join(DOCS_DIR, doc.file), 'utf8');
  });
};
