/**
 * Calls: `POST /calls` (seed 003, "Calls Endpoints") and, inferred for
 * integrators and the hub's connector, `GET /calls/:id`, `GET /calls`
 * (changed since, stable order), `GET /calls/:id/transcript` and
 * `GET /calls/:id/recording`; the session data of calls
 * (session-data-routes.ts) is served for them too.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../platform/http/service.ts';
import { ContactCenterErrors } from '../cc-errors.ts';
import { ccDb, type CcDb } from '../db/cc-database.ts';
import { defaultRegion } from '../directory/phone-numbers.ts';
import { centerOf } from '../http/authenticate.ts';
import { pathId } from '../http/inputs.ts';
import { sessionDataRoutes, type SessionKind } from '../session-data/session-data-routes.ts';
import { centerSettings } from '../simulation/center-settings.ts';
import { CallErrors } from './call-errors.ts';
import { readCallListQuery } from './call-list-query.ts';
import { readCallRequest } from './call-request.ts';
import { callViews, ENDED_CALL_STATUSES, hasRecording, transcriptSoFar } from './call-view.ts';
import { createCall } from './create-call.ts';
import { recordingWav } from './recording-wav.ts';

export const CALLS_SESSION: SessionKind = { path: 'calls', table: 'cc_calls', noun: 'Call', endedStatuses: ENDED_CALL_STATUSES };

const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

async function findCall(db: CcDb, tenantId: string, id: string | undefined) {
  const row = await db.selectFrom('cc_calls').selectAll().where('tenant_id', '=', tenantId).where('id', '=', pathId(id)).executeTakeFirst();
  if (!row) throw ContactCenterErrors.CC_NOT_FOUND();
  return row;
}

export const callRoutes: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);
  const region = defaultRegion(context.config.phoneDefaultRegion);

  app.post('/calls', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const { tenantId } = centerOf(request);
    const input = readCallRequest(request.body);
    const settings = await centerSettings(db, tenantId, context.config);
    // The answer is the call as created, read in the creating transaction: the simulation may move it on
    // the moment that commits.
    const { manual, view } = await db.transaction().execute(async (trx) => {
      const created = await createCall(trx, tenantId, input, settings, region);
      const [view] = await callViews(trx, tenantId, [await findCall(trx, tenantId, created.id)], origin(request));
      return { manual: created.manual, view };
    });
    return reply.code(manual ? 202 : 201).send(view);
  });

  app.get<{ Querystring: Record<string, unknown> }>('/calls', async (request) => {
    const { tenantId } = centerOf(request);
    const query = readCallListQuery(request.query);
    let select = db.selectFrom('cc_calls').selectAll().where('tenant_id', '=', tenantId);
    if (query.updatedSince) select = select.where('updated_at', '>=', query.updatedSince);
    if (query.status) select = select.where('status', '=', query.status);
    const rows = await select.orderBy('updated_at').orderBy('id').limit(query.per).offset((query.page - 1) * query.per).execute();
    return callViews(db, tenantId, rows, origin(request));
  });

  app.get<{ Params: { id: string } }>('/calls/:id', async (request) => {
    const { tenantId } = centerOf(request);
    const [view] = await callViews(db, tenantId, [await findCall(db, tenantId, request.params.id)], origin(request));
    return view;
  });

  app.get<{ Params: { id: string } }>('/calls/:id/transcript', async (request) => {
    const { tenantId } = centerOf(request);
    const call = await findCall(db, tenantId, request.params.id);
    const transcript = transcriptSoFar(call, (await centerSettings(db, tenantId, context.config)).timeScale);
    if (!transcript) throw CallErrors.CC_CALL_NO_TRANSCRIPT();
    return { call_id: Number(call.id), lang: call.lang, connected_at: call.connected_at?.toISOString() ?? null, call_duration: call.status === 'connected' ? null : call.call_duration, scenario: transcript.scenario, turns: transcript.turns };
  });

  app.get<{ Params: { id: string } }>('/calls/:id/recording', async (request, reply) => {
    const call = await findCall(db, centerOf(request).tenantId, request.params.id);
    if (!hasRecording(call)) throw CallErrors.CC_CALL_NO_RECORDING();
    return reply.type('audio/wav').header('content-disposition', `inline; filename="call-${call.id}.wav"`).send(recordingWav(call.call_duration, call.transcript!.turns));
  });

  await app.register(sessionDataRoutes(CALLS_SESSION), context);
};
