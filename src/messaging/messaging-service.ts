/**
 * The messaging platform: the Web1on1 v2 API, its own port. Its
 * routes are still to come; today it serves the platform's health routes
 * and an index.
 *
 * Errors use the Web1on1 body (docs/architecture.md, "The three services"), whose SDK
 * reads `body.error.message`: `{"error": {"message": "..."}}`.
 */
import type { ServiceDefinition } from '../platform/http/service.ts';

export const messagingService: ServiceDefinition = {
  id: 'messaging',
  title: 'Messaging',
  summary: 'Web1on1 v2 API: conversations, contacts, channels and bots.',
  port: (config) => config.messagingPort,
  portVariable: 'MESSAGING_PORT',
  formatError: (error) => ({ error: { message: error.message } }),
  plugin: async (app) => {
    app.get('/', async () => ({ service: 'messaging', api: 'Web1on1 v2' }));
  },
};
