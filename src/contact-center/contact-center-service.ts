/**
 * The contact center: seed 003's "Apps API" on its own port, under
 * `/apps/api/v1`, authenticated per center (http/authenticate.ts). Each area
 * of the API is a plugin registered in apps-api.ts.
 *
 * Errors use the Apps API body (docs/architecture.md, "The three services"):
 * `{"message": "..."}`.
 */
import type { ServiceDefinition } from '../platform/http/service.ts';
import { appsApi } from './apps-api.ts';
import { uploadRoute } from './chats/media/upload-route.ts';
import { webPlugin } from './web/web-plugin.ts';

export const contactCenterService: ServiceDefinition = {
  id: 'contact-center',
  title: 'Contact center',
  summary: 'Apps API: calls, chats, SMS, queues, agents, campaigns, DNC.',
  port: (config) => config.contactCenterPort,
  portVariable: 'CONTACT_CENTER_PORT',
  formatError: (error) => ({ message: error.message }),
  plugin: async (app, context) => {
    app.get('/', async () => ({ service: 'contact-center', api: 'Apps API', base_path: '/apps/api/v1', sign_in: '/login', docs: 'docs/contact-center.md' }));
    await app.register(appsApi, { ...context, prefix: '/apps/api/v1' });
    await app.register(webPlugin(contactCenterService), context);
    // Presigned media uploads: the signed policy is the credential, so no Basic auth (chats/media/upload-route.ts).
    await app.register(uploadRoute, context);
  },
};
