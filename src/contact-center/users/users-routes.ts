/** `GET /users` (seed 003, "Users"): the center's agents as the seed's user object, by page or by one filter. */
import type { FastifyPluginAsync } from 'fastify';
import type { ServiceContext } from '../../platform/http/service.ts';
import { ccDb } from '../db/cc-database.ts';
import { userObject } from '../directory/agents.ts';
import { centerOf } from '../http/authenticate.ts';
import { readUsersQuery } from './users-query.ts';

const COLUMN = { last_login_time: 'last_login_at', status_updated_at: 'status_updated_at', agent_number: 'agent_number', location: 'location', online: 'online', wrap_up: 'wrap_up', id: 'id' } as const;

export const usersRoutes: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);

  app.get<{ Querystring: Record<string, unknown> }>('/users', async (request) => {
    const { tenantId } = centerOf(request);
    const filter = readUsersQuery(request.query);
    let query = db.selectFrom('cc_agents').selectAll().where('tenant_id', '=', tenantId);
    if (filter.kind === 'page') query = query.offset(filter.offset).limit(filter.limit);
    if (filter.kind === 'time') {
      if (filter.from) query = query.where(COLUMN[filter.field], '>=', filter.from);
      if (filter.to) query = query.where(COLUMN[filter.field], '<=', filter.to);
    }
    if (filter.kind === 'list') {
      if (filter.field === 'status_id') {
        const names = db.selectFrom('cc_statuses').select('name').where('tenant_id', '=', tenantId).where('id', 'in', filter.values);
        query = query.where('status', 'in', names);
      } else if (filter.field === 'online' || filter.field === 'wrap_up') {
        query = query.where(COLUMN[filter.field], 'in', filter.values.map((v) => v === 'true'));
      } else if (filter.field === 'location') {
        query = query.where((eb) => eb(eb.fn('lower', ['location']), 'in', filter.values.map((v) => v.toLowerCase())));
      } else {
        query = query.where(COLUMN[filter.field], 'in', filter.values);
      }
    }
    const agents = await query.orderBy('id').execute();
    const memberships = agents.length === 0 ? [] : await db
      .selectFrom('cc_agent_teams as m')
      .innerJoin('cc_teams as t', (join) => join.onRef('t.tenant_id', '=', 'm.tenant_id').onRef('t.id', '=', 'm.team_id'))
      .select(['m.agent_id', 't.name'])
      .where('m.tenant_id', '=', tenantId)
      .where('m.agent_id', 'in', agents.map((a) => a.id))
      .orderBy('t.name')
      .execute();
    return agents.map((agent) => userObject(agent, memberships.filter((m) => m.agent_id === agent.id).map((m) => m.name)));
  });
};
