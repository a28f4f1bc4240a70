/**
 * `GET /odata/me` (docs/oauth.md): the user and tenant a token acts for, in the
 * exact shape of Four/Four's documentation. Any valid token may ask, whatever its scopes, so an
 * import-only token can be checked too.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServiceContext } from '../../platform/http/service.ts';
import type { Authenticator } from './authenticate.ts';

export const meRoute: FastifyPluginAsync<ServiceContext & { authenticator: Authenticator }> = async (app, { db, config, authenticator }) => {
  app.get('/odata/me', { preHandler: authenticator.requireToken({ allowBasic: true }) }, async (request, reply) => {
    const { userId, tenantId } = request.principal!;
    const row = await db
      .selectFrom('users as u')
      .innerJoin('memberships as m', 'm.user_id', 'u.id')
      .innerJoin('tenants as t', 't.id', 'm.tenant_id')
      .select(['u.id as user_id', 'u.name as user_name', 'u.email as user_email', 't.id as tenant_id', 't.name as tenant_name'])
      .where('u.id', '=', userId)
      .where('t.id', '=', tenantId)
      .executeTakeFirstOrThrow();
    reply.header('cache-control', 'no-store').header('odata-version', '4.01');
    return { '@context': `${config.publicUrl}/odata/$metadata#me`, ...row };
  });
};
