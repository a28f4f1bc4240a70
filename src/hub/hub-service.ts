/**
 * The hub: the Four/Four-compatible API (OAuth, OData, importer, webhooks,
 * MCP) and its pages. Each context under src/hub/ is a plugin registered here.
 *
 * Errors use the OData JSON error body (OData 4.01 JSON Format §21), which
 * existing Four/Four clients parse on every hub endpoint:
 * `{"error": {"code", "message", "target"?, "details"?}}`.
 */
import type { ServiceDefinition } from '../platform/http/service.ts';
import { docsRoutes } from './landing/docs-routes.ts';
import { landingPage } from './landing/landing-page.ts';

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
    await app.register(landingPage, context);
    await app.register(docsRoutes);
  },
};
