/**
 * The contact center: the "Apps API" (calls, chats, SMS, queues,
 * agents, campaigns, DNC…), its own port. Its routes are still to come;
 * today it serves the platform's health routes and an index.
 *
 * Errors use the Apps API body (docs/architecture.md, "The three services"):
 * `{"message": "..."}`.
 */
import type { ServiceDefinition } from '../platform/http/service.ts';

export const contactCenterService: ServiceDefinition = {
  id: 'contact-center',
  title: 'Contact center',
  summary: 'Apps API: calls, chats, SMS, queues, agents, campaigns, DNC.',
  port: (config) => config.contactCenterPort,
  portVariable: 'CONTACT_CENTER_PORT',
  formatError: (error) => ({ message: error.message }),
  plugin: async (app) => {
    app.get('/', async () => ({ service: 'contact-center', api: 'Apps API' }));
  },
};
