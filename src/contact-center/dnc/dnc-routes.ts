/**
 * `/outbound_dialer/dnc` (seed 003, "Company Do Not Call List"; paths in
 * docs/contact-center.md): add with expiry, check, remove.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServiceContext } from '../../platform/http/service.ts';
import { ccDb } from '../db/cc-database.ts';
import { defaultRegion, toE164 } from '../directory/phone-numbers.ts';
import { centerOf } from '../http/authenticate.ts';
import { objectBody } from '../http/inputs.ts';
import { addToDnc, dncEntry, formatExpiry, removeFromDnc } from './dnc.ts';
import { DncErrors } from './dnc-errors.ts';

/** Numbers in one request: the list is managed in batches, and a batch is one transaction. */
export const MAX_DNC_BATCH = 1000;

export const dncRoutes: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);
  const region = defaultRegion(context.config.phoneDefaultRegion);

  app.post('/outbound_dialer/dnc', { bodyLimit: 256 * 1024 }, async (request) => {
    const { contacts } = objectBody(request.body);
    if (!Array.isArray(contacts) || contacts.length === 0 || contacts.length > MAX_DNC_BATCH || !contacts.every((c) => typeof c === 'object' && c !== null && !Array.isArray(c))) {
      throw DncErrors.CC_DNC_CONTACTS_REQUIRED([MAX_DNC_BATCH]);
    }
    return addToDnc(db, centerOf(request).tenantId, contacts, region);
  });

  app.post('/outbound_dialer/dnc/remove', { bodyLimit: 64 * 1024 }, async (request) => {
    const { phone_numbers: numbers } = objectBody(request.body);
    if (!Array.isArray(numbers) || numbers.length === 0 || numbers.length > MAX_DNC_BATCH) throw DncErrors.CC_DNC_NUMBERS_REQUIRED([MAX_DNC_BATCH]);
    return removeFromDnc(db, centerOf(request).tenantId, numbers, region);
  });

  app.get<{ Querystring: Record<string, unknown> }>('/outbound_dialer/dnc', async (request) => {
    const raw = request.query.phone_number;
    if (raw === undefined || raw === '') throw DncErrors.CC_DNC_PHONE_REQUIRED();
    const number = typeof raw === 'string' ? toE164(raw, region) : undefined;
    if (!number) throw DncErrors.CC_DNC_PHONE_INVALID();
    const entry = await dncEntry(db, centerOf(request).tenantId, number);
    return { phone_number: number, dnc: entry !== undefined, expires_at: entry ? formatExpiry(entry.expires_at) : null };
  });
};
