/**
 * The hub: the Four/Four-compatible API (OAuth, OData, importer, webhooks,
 * MCP) and its pages. Each context under src/hub/ is a plugin registered here.
 *
 * Errors use the OData JSON error body (OData 4.01 JSON Format §21), which
 * existing Four/Four clients parse on every hub endpoint:
 * `{"error": {"code", "message", "target"?, "details"?}}`. Pages render
 * HTML errors instead (pages-plugin.ts).
 */
import type { ServiceDefinition } from '../platform/http/service.ts';
import { hubAuthenticators } from './identity/authenticate.ts';
import { meRoute } from './identity/me-route.ts';
import { mcpPlugin } from './mcp/mcp-plugin.ts';
import { importerPlugin } from './importer/importer-plugin.ts';
import { createUploads } from './importer/uploads.ts';
import { trackerImportRoute } from './importer/tracker-import-route.ts';
import { docsRoutes } from './landing/docs-routes.ts';
import { odataPlugin } from './odata/odata-plugin.ts';
import { oauthPlugin } from './oauth/oauth-plugin.ts';
import { createOAuthProvider } from './oauth/provider.ts';
import { pagesPlugin } from './pages/pages-plugin.ts';
import { topicModelsApi } from './processing/topics/topic-models-api.ts';
import { webhooksApi } from './webhooks/webhooks-api.ts';

export const hubService: ServiceDefinition = {
  id: 'hub',
  title: 'Hub',
  summary: 'OAuth2, OData 4.01 API, CRM importer, webhooks and MCP server (Four/Four compatible).',
  port: (config) => config.port,
  portVariable: 'PORT',
  formatError: (error) => ({
    error: {
      code: error.code,
      message: error.message,
      ...(error.target === undefined ? {} : { target: error.target }),
      ...(error.details.length === 0 ? {} : { details: error.details }),
    },
  }),
  plugin: async (app, context) => {
    const provider = await createOAuthProvider(context.config, context.db);
    const { api: authenticator, mcp: mcpAuthenticator } = hubAuthenticators(app, context, provider);
    const uploads = await createUploads(context.db, context.config);
    await app.register(oauthPlugin, { provider, config: context.config, db: context.db });
    await app.register(docsRoutes);
    await app.register(pagesPlugin, { ...context, provider, uploads, secureCookies: context.config.publicUrl.startsWith('https:') });
    await app.register(meRoute, { ...context, authenticator });
    await app.register(odataPlugin, { ...context, authenticator });
    await app.register(webhooksApi, { ...context, authenticator });
    await app.register(importerPlugin, { ...context, authenticator, uploads });
    await app.register(trackerImportRoute, { ...context, authenticator });
    await app.register(topicModelsApi, { ...context, authenticator });
    await app.register(mcpPlugin, { ...context, authenticator: mcpAuthenticator, apiAuthenticator: authenticator });
  },
};
