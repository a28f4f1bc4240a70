/**
 * `POST /sms` (seed 003, "SMS"): an outbound SMS opens an SMS session, a chat
 * of channel `sms` whose first message is the one sent. chat_type
 * "Messaging (API)", "Messaging (SMS)" (the examples) and the deprecated
 * "SMS" are accepted and echoed. With `agentId` or `agentEmail` the agent
 * is claimed at once (status `assigned`); without, the session is
 * `selecting` until the simulation queues it for an agent. The end user is
 * found by phone, or created with the number as identifier.
 */
import type { FastifyPluginAsync } from 'fastify';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ServiceContext } from '../../../platform/http/service.ts';
import { ccDb, type CcDb } from '../../db/cc-database.ts';
import { defaultRegion, toE164 } from '../../directory/phone-numbers.ts';
import { centerOf } from '../../http/authenticate.ts';
import { objectBody, optionalId, optionalString } from '../../http/inputs.ts';
import { claimAgent } from '../../simulation/agent-routing.ts';
import { between } from '../../simulation/sim-random.ts';
import { scheduleStep } from '../../simulation/steps.ts';
import { chatView } from '../chat-view.ts';
import { DISMISSED_STATUSES, ENDED_STATUSES, addMessage, chatSettings, joinParticipant, lockChat } from '../chats.ts';
import { refuseNul } from '../refuse-nul.ts';
import { SmsErrors } from './sms-errors.ts';

export const SMS_CHAT_TYPES = ['Messaging (API)', 'Messaging (SMS)', 'SMS'] as const;
/** Ten concatenated SMS segments of 160 characters. */
export const MAX_SMS_LENGTH = 1600;

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

function usNumber(raw: unknown, region: ReturnType<typeof defaultRegion>, errors: { required: () => Error; invalid: () => Error }): string {
  if (!present(raw)) throw errors.required();
  const number = typeof raw === 'string' ? toE164(raw, region) : undefined;
  if (!number) throw errors.invalid();
  return number;
}

async function endUserFor(trx: CcDb, tenantId: string, number: string, ticketId: string | null): Promise<string> {
  if (ticketId !== null) {
    const ticket = await trx.selectFrom('cc_tickets').select('end_user_id').where('tenant_id', '=', tenantId).where('id', '=', ticketId).executeTakeFirst();
    if (ticket?.end_user_id) return ticket.end_user_id;
  }
  const known = await trx.selectFrom('cc_end_users').select('id').where('tenant_id', '=', tenantId).where('phone', '=', number).orderBy('id').limit(1).executeTakeFirst();
  if (known) return known.id;
  const created = await trx
    .insertInto('cc_end_users')
    .values({ tenant_id: tenantId, identifier: number, phone: number })
    .onConflict((oc) => oc.columns(['tenant_id', 'identifier']).doUpdateSet({ phone: number }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}

export const smsRoutes: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);
  const region = defaultRegion(context.config.phoneDefaultRegion);
  app.addHook('preHandler', refuseNul);

  app.post('/sms', { bodyLimit: 32 * 1024 }, async (request) => {
    const { tenantId } = centerOf(request);
    const body = objectBody(request.body);
    if (!present(body.chat_type)) throw SmsErrors.CC_SMS_CHAT_TYPE_REQUIRED();
    const chatType = SMS_CHAT_TYPES.find((type) => type === body.chat_type);
    if (!chatType) throw SmsErrors.CC_SMS_CHAT_TYPE_INVALID();
    const center = await db.selectFrom('cc_centers').select('sms_enabled').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    if (!center.sms_enabled) throw SmsErrors.CC_SMS_DISABLED();
    const endUserNumber = usNumber(body.end_user_number, region, { required: SmsErrors.CC_SMS_END_USER_NUMBER_REQUIRED, invalid: SmsErrors.CC_SMS_END_USER_NUMBER_INVALID });
    if (parsePhoneNumberFromString(endUserNumber)?.country !== 'US') throw SmsErrors.CC_SMS_NON_US();
    const outbound = usNumber(body.outbound_number, region, { required: SmsErrors.CC_SMS_OUTBOUND_REQUIRED, invalid: SmsErrors.CC_SMS_OUTBOUND_INVALID });
    if (!present(body.message) || (typeof body.message === 'string' && body.message.trim() === '')) throw SmsErrors.CC_SMS_MESSAGE_REQUIRED();
    const message = optionalString(body, 'message', MAX_SMS_LENGTH)!;
    const ticketId = optionalString(body, 'ticket_id', 100) ?? null;
    const agentId = optionalId(body.agentId);
    if (agentId === false) throw SmsErrors.CC_SMS_AGENT_INVALID(['id']);
    const agentEmail = optionalString(body, 'agentEmail', 320);

    return db.transaction().execute(async (trx) => {
      const number = await trx.selectFrom('cc_phone_numbers').select('number').where('tenant_id', '=', tenantId).where('number', '=', outbound).where('sms_enabled', '=', true).executeTakeFirst();
      if (!number) throw SmsErrors.CC_SMS_OUTBOUND_NOT_FOUND();
      // One active session per consumer: concurrent requests of the center wait here for each other. No key
      // update, so inserts that reference the center (its chats, ...) are not held up.
      await trx.selectFrom('cc_centers').select('tenant_id').where('tenant_id', '=', tenantId).forNoKeyUpdate().execute();
      const active = await trx.selectFrom('cc_chats').select('id').where('tenant_id', '=', tenantId).where('channel', '=', 'sms').where('end_user_number', '=', endUserNumber)
        .where('status', 'not in', [...ENDED_STATUSES, ...DISMISSED_STATUSES]).limit(1).executeTakeFirst();
      if (active) throw SmsErrors.CC_SMS_ACTIVE_SESSION();
      let wanted: string | undefined = agentId || undefined;
      if (agentEmail !== undefined) {
        const agent = await trx.selectFrom('cc_agents').select('id').where('tenant_id', '=', tenantId).where((eb) => eb(eb.fn('lower', ['email']), '=', agentEmail.toLowerCase())).executeTakeFirst();
        if (!agent || (wanted !== undefined && wanted !== agent.id)) throw SmsErrors.CC_SMS_AGENT_INVALID(['email']);
        wanted = agent.id;
      } else if (wanted !== undefined) {
        const agent = await trx.selectFrom('cc_agents').select('id').where('tenant_id', '=', tenantId).where('id', '=', wanted).executeTakeFirst();
        if (!agent) throw SmsErrors.CC_SMS_AGENT_INVALID(['id']);
      }
      const agent = wanted === undefined ? undefined : await claimAgent(trx, tenantId, { channel: 'chat', agentId: wanted });
      if (wanted !== undefined && !agent) throw SmsErrors.CC_SMS_AGENT_UNAVAILABLE();
      const endUserId = await endUserFor(trx, tenantId, endUserNumber, ticketId);
      const settings = await chatSettings(trx, tenantId, context.config);
      const row = await trx
        .insertInto('cc_chats')
        .values({
          tenant_id: tenantId,
          channel: 'sms',
          chat_type: chatType,
          status: agent ? 'assigned' : 'selecting',
          end_user_id: endUserId,
          end_user_number: endUserNumber,
          outbound_number: outbound,
          ticket_id: ticketId,
          agent_id: agent?.id ?? null,
          assigned_at: agent ? new Date() : null,
          agent_turns: agent ? Math.max(1, between(settings.seed, `sms:${endUserNumber}:${Date.now()}:turns`, settings.chatTurns)) : 0,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.insertInto('cc_chat_participants').values({ tenant_id: tenantId, chat_id: row.id, kind: 'end_user', status: 'active' }).execute();
      if (agent) await joinParticipant(trx, row, 'agent', agent.id);
      await addMessage(trx, row, { sender: 'agent', agentId: agent?.id ?? null, type: 'text', content: message });
      const step = agent ? 'assigned' : 'selecting';
      const seconds = between(settings.seed, `chat:${row.id}:${step}`, agent ? settings.connectingSeconds : settings.selectingSeconds);
      await scheduleStep(trx, settings, { tenantId, kind: 'chat', id: row.id, from: step }, seconds);
      return chatView(trx, await lockChat(trx, tenantId, row.id));
    });
  });
};
