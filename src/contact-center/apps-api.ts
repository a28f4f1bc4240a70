/**
 * The Apps API (seed 003): authentication and the rate limit for every
 * route, then one plugin per area. An area's plugin owns its routes, their
 * validation and its error catalogue.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../platform/http/service.ts';
import { agentStatusRoutes } from './agent-statuses/agent-status-routes.ts';
import { callRoutes } from './calls/call-routes.ts';
import { campaignRoutes } from './campaigns/campaign-routes.ts';
import { ccDb } from './db/cc-database.ts';
import { contactListsRoutes } from './contact-lists/contact-lists-routes.ts';
import { queueSettingsRoutes } from './queue-settings/queue-settings-routes.ts';
import { chatRoutes } from './chats/chat-routes.ts';
import { smsRoutes } from './chats/sms/sms-routes.ts';
import { dncRoutes } from './dnc/dnc-routes.ts';
import { endUsersRoutes } from './end-users/end-users-routes.ts';
import { appsApiAuthentication } from './http/authenticate.ts';
import { queueRoutes } from './queue-status/queue-routes.ts';
import { bulkUserRoutes } from './bulk-users/bulk-user-routes.ts';
import { contactDataRoutes } from './crm/contact-data-routes.ts';
import { usersRoutes } from './users/users-routes.ts';

export const appsApi: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);
  app.addHook('onRequest', appsApiAuthentication(db, context.config));
  const release = async (request: FastifyRequest) => request.centerSlot?.release();
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
  const areas: readonly FastifyPluginAsync<ServiceContext>[] = [
    endUsersRoutes,
    dncRoutes,
    campaignRoutes,
    contactListsRoutes,
    queueSettingsRoutes,
    callRoutes,
    queueRoutes,
    chatRoutes,
    smsRoutes,
    agentStatusRoutes,
    usersRoutes,
    bulkUserRoutes,
    contactDataRoutes,
  ];
  // Not `context` itself: it carries the prefix this plugin was registered with, which the areas would add again.
  const areaContext: ServiceContext = { config: context.config, db: context.db, logger: context.logger, services: context.services };
  for (const area of areas) await app.register(area, areaContext);
};
