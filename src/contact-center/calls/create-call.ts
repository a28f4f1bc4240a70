/**
 * `POST /calls` once the body has its shape (call-request.ts): the checks
 * that need the center's data, in the order a client fixes them (agent,
 * menu, language, number, DNC, outbound number, availability), then the row
 * and its first simulated step, in one transaction: a refused call writes
 * nothing, and an agent is held only by a call that exists.
 *
 * The three kinds (seed 003, "Calls Endpoints"):
 * - outbound: the agent named by agent_email is taken at once (201
 *   "assigned"), or the call is refused when they cannot take it;
 * - inbound: the caller lands in the menu ("queued" at a leaf, "selecting"
 *   above one), or is deflected after hours or over capacity;
 * - scheduled: waits in "scheduled" until scheduled_at, then queues.
 */
import { sql } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import { ContactCenterErrors } from '../cc-errors.ts';
import type { CcDb } from '../db/cc-database.ts';
import { isEmergencyNumber, toE164 } from '../directory/phone-numbers.ts';
import { isLeaf, loadMenus, type MenuRow } from '../directory/menus.ts';
import { isOnDnc } from '../dnc/dnc.ts';
import { menuDeflection } from './call-deflection.ts';
import { claimAgent } from '../simulation/agent-routing.ts';
import type { SimulationSettings } from '../simulation/sim-settings.ts';
import { between } from '../simulation/sim-random.ts';
import { scheduleStep } from '../simulation/steps.ts';
import { CallErrors } from './call-errors.ts';
import type { CallRequest } from './call-request.ts';
import type { CallDeflection, CallStatus } from './call-tables.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface CreatedCall {
  readonly id: string;
  /** 202: an agent must act in the widget before the call can go out (no outbound number to call from). */
  readonly manual: boolean;
}

export async function createCall(trx: CcDb, tenantId: string, request: CallRequest, settings: SimulationSettings, region: CountryCode): Promise<CreatedCall> {
  const outbound = request.callType === 'Voice Outbound (API)';
  const inbound = request.callType === 'Voice Inbound (API)';
  const scheduled = request.callType === 'Voice Scheduled (API)';

  if (outbound && !request.agentEmail) throw CallErrors.CC_CALL_AGENT_EMAIL_REQUIRED();
  if (outbound && !EMAIL.test(request.agentEmail!)) throw CallErrors.CC_CALL_AGENT_EMAIL_INVALID();

  const parent = request.parentCallId === undefined
    ? undefined
    : await trx.selectFrom('cc_calls').select(['id', 'menu_id', 'end_user_number', 'end_user_id']).where('tenant_id', '=', tenantId).where('id', '=', request.parentCallId).executeTakeFirst();
  if (request.parentCallId !== undefined && !parent) throw ContactCenterErrors.CC_NOT_FOUND();

  const tree = await loadMenus(trx, tenantId);
  let menu: MenuRow | undefined;
  if (request.menuId !== undefined) {
    menu = tree.byId.get(request.menuId);
    if (!menu || menu.deleted) throw CallErrors.CC_CALL_MENU_NOT_FOUND([request.menuId]);
    if (inbound && menu.menu_type === 'web_menu') throw CallErrors.CC_CALL_INBOUND_MENU_TYPE();
    if (scheduled && menu.menu_type === 'ivr_menu') throw CallErrors.CC_CALL_SCHEDULED_MENU_TYPE();
  } else if (scheduled && parent?.menu_id) {
    // "When call ID is being used, menu_id can be optional": the parent call's menu, whatever its type.
    menu = tree.byId.get(parent.menu_id);
  }
  if (!menu && (inbound || scheduled)) throw CallErrors.CC_CALL_MENU_REQUIRED();
  if (menu && !menu.languages.includes(request.lang)) throw CallErrors.CC_CALL_LANGUAGE_UNAVAILABLE([request.lang]);
  if (menu && !outbound && menu.manual_redirection) throw CallErrors.CC_CALL_MANUAL_REDIRECTION();

  const party = await endUserParty(trx, tenantId, request, parent, region);
  if (!inbound && (await isOnDnc(trx, tenantId, party.number))) throw CallErrors.CC_CALL_DNC([party.number]);
  const outboundNumber = await pickOutboundNumber(trx, tenantId, request.outboundNumber, menu, region, outbound);

  let agentId: string | null = null;
  if (outbound) {
    const agent = await trx.selectFrom('cc_agents').select('id').where('tenant_id', '=', tenantId).where(sql`lower(email)`, '=', request.agentEmail!.toLowerCase()).where('deactivated_at', 'is', null).executeTakeFirst();
    if (!agent) throw CallErrors.CC_CALL_AGENT_EMAIL_INVALID();
    const claimed = await claimAgent(trx, tenantId, { channel: 'call', agentId: agent.id });
    if (!claimed) throw CallErrors.CC_CALL_AGENT_UNAVAILABLE();
    agentId = claimed.id;
  }

  const now = new Date();
  let status: CallStatus = outbound ? 'assigned' : scheduled ? 'scheduled' : 'queued';
  let deflection: CallDeflection = 'no_deflection';
  if (inbound && menu) {
    const state = await menuDeflection(trx, tenantId, menu, now);
    if (state === 'closed') throw CallErrors.CC_CALL_AFTER_HOURS();
    deflection = state;
    status = deflection !== 'no_deflection' ? 'deflected' : isLeaf(tree, menu) ? 'queued' : 'selecting';
  }
  const row = await trx
    .insertInto('cc_calls')
    .values({
      tenant_id: tenantId,
      parent_id: parent?.id ?? null,
      call_type: request.callType,
      status,
      lang: request.lang,
      menu_id: menu?.id ?? null,
      agent_id: agentId,
      end_user_number: party.number,
      outbound_number: outboundNumber ?? null,
      recording_permission: request.recordingPermission,
      recorded: request.recordingPermission === 'granted',
      deflection,
      scheduled_at: request.scheduledAt ?? null,
      queued_at: status === 'queued' ? now : null,
      assigned_at: status === 'assigned' ? now : null,
      end_user_id: party.endUserId,
      ticket_id: request.ticketId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const step = { tenantId, kind: 'call', id: row.id, from: status };
  const key = `call:${row.id}`;
  if (status === 'assigned') await scheduleStep(trx, settings, step, between(settings.seed, `${key}:ring`, settings.ringSeconds));
  else if (status === 'queued' || status === 'deflected') await scheduleStep(trx, settings, step, 0);
  else if (status === 'selecting') await scheduleStep(trx, settings, step, between(settings.seed, `${key}:selecting`, settings.selectingSeconds));
  // scheduled_at is a wall-clock time the integrator chose: it is not compressed by the time scale.
  else await scheduleStep(trx, settings, step, ((request.scheduledAt!.getTime() - now.getTime()) / 1000) * settings.timeScale);
  return { id: row.id, manual: outbound && outboundNumber === undefined };
}

/** The number to dial and the end user: a ticket's have precedence over end_user_number (seed 003). */
async function endUserParty(trx: CcDb, tenantId: string, request: CallRequest, parent: { end_user_number: string | null; end_user_id: string | null } | undefined, region: CountryCode) {
  if (request.ticketId !== undefined) {
    const ticket = await trx.selectFrom('cc_tickets').select(['phone', 'end_user_id']).where('tenant_id', '=', tenantId).where('id', '=', request.ticketId).executeTakeFirst();
    const number = ticket?.phone ? toE164(ticket.phone, region) : undefined;
    if (!ticket || !number) throw CallErrors.CC_CALL_CONTACT_NOT_FOUND();
    return { number, endUserId: ticket.end_user_id ?? (await endUserByPhone(trx, tenantId, number)) };
  }
  if (request.endUserNumber !== undefined) {
    const number = isEmergencyNumber(request.endUserNumber) ? undefined : toE164(request.endUserNumber, region);
    if (!number) throw CallErrors.CC_CALL_NUMBER_INVALID();
    return { number, endUserId: await endUserByPhone(trx, tenantId, number) };
  }
  if (parent?.end_user_number) return { number: parent.end_user_number, endUserId: parent.end_user_id };
  throw CallErrors.CC_CALL_NUMBER_REQUIRED();
}

async function endUserByPhone(trx: CcDb, tenantId: string, number: string): Promise<string | null> {
  const row = await trx.selectFrom('cc_end_users').select('id').where('tenant_id', '=', tenantId).where('phone', '=', number).orderBy('id').limit(1).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * The number the call goes out from: the one asked for when it is the
 * center's or the menu's; when none is asked, the menu's first, else the
 * center's default. An outbound call asking for an unknown number is
 * refused; inbound and scheduled calls fall back ("The default global
 * outbound phone number will be used if input is not passed in or invalid").
 */
async function pickOutboundNumber(trx: CcDb, tenantId: string, asked: string | undefined, menu: MenuRow | undefined, region: CountryCode, strict: boolean): Promise<string | undefined> {
  const numbers = await trx.selectFrom('cc_phone_numbers').select(['number', 'is_default']).where('tenant_id', '=', tenantId).execute();
  if (asked !== undefined) {
    const e164 = toE164(asked, region);
    if (e164 && (numbers.some((n) => n.number === e164) || menu?.outbound_numbers.includes(e164))) return e164;
    if (strict) throw CallErrors.CC_CALL_OUTBOUND_NUMBER_INVALID();
  }
  return menu?.outbound_numbers[0] ?? numbers.find((n) => n.is_default)?.number;
}
