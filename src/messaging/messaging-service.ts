/**
 * The messaging platform: the Web1on1 v2 API of seed 004, its own port. Its
 * routes arrive with its issue; today it serves the platform's health routes
 * and an index.
 *
 * Errors use the Web1on1 body (reference/messaging-web1on1.md), whose SDK
 * reads `body.error.message`: `{"error": {"message": "..."}}`.
 */
import type { ServiceDefinition } from '../platform/http/service.ts';

export const messagingService: ServiceDefinition = {
  id: 'messaging',
  title: 'Messaging',
  summary: 'Web1on1 v2 API: conversations, contacts, channels and bots (seed 004).',
  port: (config) => config.messagingPort,
  portVariable: 'MESSAGING_PORT',
  formatError: (error) => ({ error: { message: error.message } }),
  plugin: async (app) => {
    app.get('/', async () => ({ service: 'messaging', api: 'Web1on1 v2' }));
  },
};
