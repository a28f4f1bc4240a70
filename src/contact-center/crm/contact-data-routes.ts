/**
 * `POST /crm/contact_data` (seed 003; the path from the public
 * documentation, whose parameter table was copied from wait times by
 * mistake): an outbound dialer hands the center the CRM contact of a call
 * it placed, `{call_id, agent_id, lcm_key, dnis, org_id, contact{...},
 * pacing_mode, call_type}`. The data is kept with the call, replacing what
 * an earlier request gave, and the agent console shows it beside the call.
 * The answer is what was kept.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServiceContext } from '../../platform/http/service.ts';
import { ContactCenterErrors } from '../cc-errors.ts';
import { ccDb } from '../db/cc-database.ts';
import { centerOf } from '../http/authenticate.ts';
import { objectBody, optionalId } from '../http/inputs.ts';
import { ContactDataErrors } from './contact-data-errors.ts';

const TEXT_FIELDS = ['lcm_key', 'dnis', 'org_id', 'pacing_mode', 'call_type'] as const;
const MAX_TEXT = 255;
const MAX_CONTACT_FIELDS = 50;

function text(body: Record<string, unknown>, name: string): string | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') throw ContactDataErrors.CC_CONTACT_DATA_INVALID([`${name} must be a string`]);
  const result = String(value);
  if (result.length > MAX_TEXT) throw ContactDataErrors.CC_CONTACT_DATA_INVALID([`${name} is longer than ${MAX_TEXT} characters`]);
  return result;
}

/** The contact: at most MAX_CONTACT_FIELDS named fields, each a string (empty allowed), a number, a boolean or null. */
function readContact(value: unknown): Record<string, string | number | boolean | null> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw ContactDataErrors.CC_CONTACT_DATA_INVALID(['contact is required: an object of the contact\'s fields, such as first_name, last_name, account_no, crm_id']);
  const entries = Object.entries(value);
  if (entries.length > MAX_CONTACT_FIELDS) throw ContactDataErrors.CC_CONTACT_DATA_INVALID([`contact has more than ${MAX_CONTACT_FIELDS} fields`]);
  for (const [key, field] of entries) {
    if (key.length === 0 || key.length > 64) throw ContactDataErrors.CC_CONTACT_DATA_INVALID(['contact field names are 1 to 64 characters']);
    const ok = field === null || typeof field === 'boolean' || (typeof field === 'number' && Number.isFinite(field)) || (typeof field === 'string' && field.length <= MAX_TEXT);
    if (!ok) throw ContactDataErrors.CC_CONTACT_DATA_INVALID([`contact.${key.slice(0, 64)} must be a string of at most ${MAX_TEXT} characters, a number, a boolean or null`]);
  }
  return Object.fromEntries(entries) as Record<string, string | number | boolean | null>;
}

export const contactDataRoutes: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);

  app.post('/crm/contact_data', { bodyLimit: 16 * 1024 }, async (request) => {
    const { tenantId } = centerOf(request);
    const body = objectBody(request.body);
    const callId = optionalId(body.call_id);
    if (callId === undefined) throw ContactDataErrors.CC_CONTACT_DATA_INVALID(['call_id is required']);
    if (callId === false) throw ContactDataErrors.CC_CONTACT_DATA_INVALID(['call_id is not well formed']);
    const agentId = optionalId(body.agent_id);
    if (agentId === false) throw ContactDataErrors.CC_CONTACT_DATA_INVALID(['agent_id is not well formed']);
    const fields = Object.fromEntries(TEXT_FIELDS.map((name) => [name, text(body, name)]));
    const contact = readContact(body.contact);
    return db.transaction().execute(async (trx) => {
      const call = await trx.selectFrom('cc_calls').select(['id', 'agent_id']).where('tenant_id', '=', tenantId).where('id', '=', callId).forUpdate().executeTakeFirst();
      if (!call) throw ContactCenterErrors.CC_NOT_FOUND();
      if (agentId !== undefined && call.agent_id !== agentId) throw ContactDataErrors.CC_CONTACT_DATA_AGENT([agentId, callId]);
      const kept = { call_id: Number(call.id), agent_id: call.agent_id === null ? null : Number(call.agent_id), ...fields, contact, updated_at: new Date().toISOString() };
      await trx.updateTable('cc_calls').set({ crm_contact_data: JSON.stringify(kept) }).where('tenant_id', '=', tenantId).where('id', '=', callId).execute();
      return kept;
    });
  });
};
