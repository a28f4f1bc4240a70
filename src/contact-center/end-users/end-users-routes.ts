/**
 * `POST /end_users` (upsert on identifier) and `GET /end_users?id=|identifier=`
 * (seed 003, "End Users"), both answering `{id, identifier}`.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServiceContext } from '../../platform/http/service.ts';
import { ccDb } from '../db/cc-database.ts';
import { centerOf } from '../http/authenticate.ts';
import { objectBody, optionalId, optionalString } from '../http/inputs.ts';
import { EndUserErrors } from './end-users-errors.ts';
import { endUserView, findEndUser, upsertEndUser, type EndUserInput } from './end-users.ts';

/** The seed's end-user body; `identifier` is required ("param is missing or the value is empty: identifier"). */
export function readEndUser(body: unknown): EndUserInput {
  const record = objectBody(body);
  const identifier = optionalString(record, 'identifier', 255)?.trim();
  if (!identifier) throw EndUserErrors.CC_END_USER_PARAM_MISSING(['identifier']);
  return {
    identifier,
    name: optionalString(record, 'name', 255),
    email: optionalString(record, 'email', 320),
    phone: optionalString(record, 'phone', 40),
  };
}

export const endUsersRoutes: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);

  app.post('/end_users', { bodyLimit: 16 * 1024 }, async (request) => {
    const { tenantId } = centerOf(request);
    return endUserView(await upsertEndUser(db, tenantId, readEndUser(request.body)));
  });

  app.get<{ Querystring: Record<string, unknown> }>('/end_users', async (request) => {
    const { tenantId } = centerOf(request);
    const { id, identifier } = request.query;
    if ((id === undefined) === (identifier === undefined) || Array.isArray(id) || Array.isArray(identifier)) throw EndUserErrors.CC_END_USER_LOOKUP();
    let row;
    if (id !== undefined) {
      const parsed = optionalId(id);
      row = parsed ? await findEndUser(db, tenantId, { id: parsed }) : undefined;
    } else if (typeof identifier === 'string' && identifier !== '' && identifier.length <= 255) {
      row = await findEndUser(db, tenantId, { identifier });
    }
    if (!row) throw EndUserErrors.CC_END_USER_NOT_FOUND();
    return endUserView(row);
  });
};
