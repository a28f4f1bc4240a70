/**
 * The simulated outbound dialer (seed 003, "Campaign Endpoints": a campaign
 * "sequentially reaches out to a list of contacts, initiates outbound calls,
 * and connects each contact to an available agent"). Two kinds of step
 * (simulation/steps.ts):
 *
 * - `campaign`: a tick per running campaign, every TICK_SECONDS simulated
 *   seconds. It opens lines: in preview and progressive mode one per agent it
 *   can reserve before dialling; in predictive mode `dial_ratio` lines per
 *   available agent, back to one while the campaign's abandonment is above
 *   `max_abandonment_percent`.
 * - `dial`: one contact's line: Dialing → Connected, or one of the seed's
 *   failure statuses; unanswered contacts are redialled up to
 *   `max_redial_count` times, `redial_interval_minutes` apart. An answered
 *   dial becomes a call (`assigned_call_id`), which plays the conversation
 *   and, when it ends, makes the contact Finished (call-steps.ts).
 *
 * Before a line is opened the contact is checked: a number that is not a
 * valid phone number is "Invalid Number", one of another country than the
 * center's region "Blocked Phone Number", a number on the company DNC list
 * "Do Not Call", an outbound number the center does not own "Invalid
 * Outbound Number".
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { sql } from 'kysely';
import type { CcDb } from '../db/cc-database.ts';
import { defaultRegion } from '../directory/phone-numbers.ts';
import { isOnDnc } from '../dnc/dnc.ts';
import { endUserLegId } from '../calls/call-view.ts';
import { claimAgent, countAvailableAgents, releaseAgent } from '../simulation/agent-routing.ts';
import { connectCall } from '../simulation/call-steps.ts';
import { between, chance } from '../simulation/sim-random.ts';
import { centerSettings } from '../simulation/center-settings.ts';
import { realDelayMs, type SimulationSettings } from '../simulation/sim-settings.ts';
import { scheduleStep, type StepHandler, type StepPayload } from '../simulation/steps.ts';
import type { ContactStatus } from './campaign-tables.ts';
import type { ContactRow } from './campaign-contacts.ts';

export const TICK_SECONDS = 5;
/** Real time between ticks at least, so a high time scale does not turn the ticks into a busy loop. */
const MIN_TICK_MS = 250;
/** Seed 003, "Abandoned by Contact": the end user hangs up within 5 seconds of being connected (no call is kept). */
const CONTACT_ABANDON_RATE = 0.03;
const PREVIEW_SKIP_RATE = 0.05;
/** Lines one tick opens at most, so one campaign's tick stays a short transaction. */
const MAX_LINES_PER_TICK = 50;

const IN_FLIGHT: readonly ContactStatus[] = ['Dialing', 'Queued', 'Connected'];
const ANSWERED: readonly ContactStatus[] = ['Connected', 'Finished', 'Abandoned by Dialer', 'Abandoned by Contact'];

/** Starts the ticks of a campaign set running, in the caller's transaction. */
export async function scheduleTick(trx: CcDb, settings: Pick<SimulationSettings, 'timeScale'>, tenantId: string, campaignId: string, afterSeconds = 0): Promise<void> {
  await scheduleStep(trx, settings, { tenantId, kind: 'campaign', id: campaignId, from: 'running' }, afterSeconds);
}

async function setContact(trx: CcDb, tenantId: string, id: string, status: ContactStatus, extra: Partial<Record<'agent_id' | 'next_dial_at' | 'connected_at' | 'ended_at' | 'dialed_at' | 'assigned_call_id' | 'assigned_participant_id', unknown>> = {}) {
  await trx
    .updateTable('cc_campaign_contacts')
    .set({ status, updated_at: new Date(), ...(extra as object) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** The status a contact gets without being dialled, or undefined when its line may open. */
async function refusal(trx: CcDb, tenantId: string, contact: ContactRow, outbound: string | null, region: CountryCode): Promise<ContactStatus | undefined> {
  const number = parsePhoneNumberFromString(contact.phone_number);
  if (!number?.isValid()) return 'Invalid Number';
  if (number.country !== region) return 'Blocked Phone Number';
  if (await isOnDnc(trx, tenantId, number.number)) return 'Do Not Call';
  if (outbound) {
    const owned = await trx.selectFrom('cc_phone_numbers').select('number').where('tenant_id', '=', tenantId).where('number', '=', outbound).executeTakeFirst();
    if (!owned) return 'Invalid Outbound Number';
  }
  return undefined;
}

async function nextContact(trx: CcDb, tenantId: string, campaignId: string): Promise<ContactRow | undefined> {
  return trx
    .selectFrom('cc_campaign_contacts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('campaign_id', '=', campaignId)
    .where((eb) => eb.or([eb('status', 'in', ['Upcoming', 'Skipped']), eb.and([eb('status', '=', 'Redial Scheduled'), eb('next_dial_at', '<=', new Date())])]))
    .orderBy(sql`priority desc nulls last`)
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

async function counts(trx: CcDb, tenantId: string, campaignId: string) {
  const row = await trx
    .selectFrom('cc_campaign_contacts')
    .select([
      sql<string>`count(*) filter (where status in (${sql.join(IN_FLIGHT)}))`.as('in_flight'),
      sql<string>`count(*) filter (where status in (${sql.join(IN_FLIGHT)}) and agent_id is null)`.as('unassigned'),
      sql<string>`count(*) filter (where status in ('Upcoming', 'Skipped', 'Redial Scheduled'))`.as('waiting'),
      sql<string>`count(*) filter (where status in (${sql.join(ANSWERED)}))`.as('answered'),
      sql<string>`count(*) filter (where status = 'Abandoned by Dialer')`.as('abandoned'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
  return { inFlight: Number(row.in_flight), unassigned: Number(row.unassigned), waiting: Number(row.waiting), answered: Number(row.answered), abandoned: Number(row.abandoned) };
}

const tick: StepHandler = async (context, step) => {
  const { db } = context;
  await db.transaction().execute(async (trx) => {
    const campaign = await trx.selectFrom('cc_campaigns').selectAll().where('tenant_id', '=', step.tenantId).where('id', '=', step.id).forUpdate().executeTakeFirst();
    if (!campaign || campaign.status !== 'running') return;
    const settings = await centerSettings(trx, step.tenantId, context.config);
    const before = await counts(trx, step.tenantId, campaign.id);
    const routing = { channel: 'call' as const, menuId: campaign.menu_id };
    let lines: number;
    if (campaign.mode === 'predictive') {
      const abandonment = before.answered === 0 ? 0 : (100 * before.abandoned) / before.answered;
      const ratio = abandonment > Number(campaign.max_abandonment_percent) ? 1 : Number(campaign.dial_ratio);
      lines = Math.floor((await countAvailableAgents(trx, step.tenantId, routing)) * ratio) - before.unassigned;
    } else {
      lines = MAX_LINES_PER_TICK;
    }
    const outboundDefault = campaign.outbound_number;
    for (let opened = 0; opened < Math.min(lines, MAX_LINES_PER_TICK); ) {
      const contact = await nextContact(trx, step.tenantId, campaign.id);
      if (!contact) break;
      const refused = await refusal(trx, step.tenantId, contact, contact.outbound_number ?? outboundDefault, defaultRegion(context.config.phoneDefaultRegion));
      if (refused) {
        await setContact(trx, step.tenantId, contact.id, refused, { ended_at: new Date() });
        continue;
      }
      let agentId: string | null = null;
      if (campaign.mode !== 'predictive') {
        const agent = await claimAgent(trx, step.tenantId, routing);
        if (!agent) break;
        agentId = agent.id;
      }
      await trx
        .updateTable('cc_campaign_contacts')
        .set({ status: 'Dialing', agent_id: agentId, attempts: sql`attempts + 1`, dialed_at: new Date(), connected_at: null, ended_at: null, next_dial_at: null, updated_at: new Date() })
        .where('tenant_id', '=', step.tenantId)
        .where('id', '=', contact.id)
        .execute();
      await scheduleStep(trx, settings, dialStep(step.tenantId, contact.id, 'Dialing'), between(settings.seed, `dial:${contact.id}:${contact.attempts + 1}:ring`, settings.ringSeconds));
      opened++;
    }
    const after = await counts(trx, step.tenantId, campaign.id);
    if (after.inFlight === 0 && after.waiting === 0) {
      await trx.updateTable('cc_campaigns').set({ status: 'completed', updated_at: new Date() }).where('tenant_id', '=', step.tenantId).where('id', '=', campaign.id).execute();
      return;
    }
    await scheduleTick(trx, settings, step.tenantId, campaign.id, Math.max(TICK_SECONDS, (settings.timeScale * MIN_TICK_MS) / 1000));
  });
};

const dialStep = (tenantId: string, id: string, from: ContactStatus): StepPayload => ({ tenantId, kind: 'dial', id, from });

const dial: StepHandler = async (context, step) => {
  const { db } = context;
  await db.transaction().execute(async (trx) => {
    const contact = await trx.selectFrom('cc_campaign_contacts').selectAll().where('tenant_id', '=', step.tenantId).where('id', '=', step.id).forUpdate().executeTakeFirst();
    if (!contact || contact.status !== step.from) return;
    const campaign = await trx.selectFrom('cc_campaigns').selectAll().where('tenant_id', '=', step.tenantId).where('id', '=', contact.campaign_id).executeTakeFirstOrThrow();
    const settings = await centerSettings(trx, step.tenantId, context.config);
    const key = `dial:${contact.id}:${contact.attempts}`;
    const release = async () => {
      if (contact.agent_id !== null) await releaseAgent(trx, step.tenantId, contact.agent_id, 'call');
    };
    const end = async (status: ContactStatus) => {
      await release();
      await setContact(trx, step.tenantId, contact.id, status, { ended_at: new Date() });
    };

    // A contact connected before answered dials became calls: its own step ends it.
    if (contact.status === 'Connected' && contact.assigned_call_id === null) return end('Finished');
    if (contact.status !== 'Dialing') return;

    if (campaign.mode === 'preview' && contact.agent_id !== null && chance(settings.seed, `${key}:skip`, PREVIEW_SKIP_RATE)) {
      await release();
      return setContact(trx, step.tenantId, contact.id, 'Skipped', { agent_id: null });
    }
    if (chance(settings.seed, `${key}:carrier`, settings.providerFailureRate)) return end('Carrier Error');
    if (!chance(settings.seed, `${key}:answer`, settings.answerRate)) {
      const machine = campaign.mode === 'predictive' && chance(settings.seed, `${key}:machine`, settings.voicemailRate);
      if (contact.attempts <= campaign.max_redial_count) {
        await release();
        const next = new Date(Date.now() + realDelayMs(settings, campaign.redial_interval_minutes * 60));
        return setContact(trx, step.tenantId, contact.id, 'Redial Scheduled', { agent_id: null, next_dial_at: next, ended_at: new Date() });
      }
      return end(machine ? 'Voicemail Hung Up' : 'Not Picked Up');
    }
    let agentId = contact.agent_id;
    if (agentId === null) {
      agentId = (await claimAgent(trx, step.tenantId, { channel: 'call', menuId: campaign.menu_id }))?.id ?? null;
      if (agentId === null) return end('Abandoned by Dialer');
    }
    if (chance(settings.seed, `${key}:hangup`, CONTACT_ABANDON_RATE)) {
      await releaseAgent(trx, step.tenantId, agentId, 'call');
      return setContact(trx, step.tenantId, contact.id, 'Abandoned by Contact', { agent_id: agentId, connected_at: new Date(), ended_at: new Date() });
    }
    // The answered dial is a call from here on: the call's lifecycle plays the conversation and ends the contact with it.
    const call = await trx
      .insertInto('cc_calls')
      .values({
        tenant_id: step.tenantId,
        parent_id: null,
        call_type: 'Voice Outbound (API)',
        status: 'connecting',
        lang: 'en',
        menu_id: campaign.menu_id,
        agent_id: agentId,
        end_user_number: contact.phone_number,
        outbound_number: contact.outbound_number ?? campaign.outbound_number,
        assigned_at: contact.dialed_at ?? new Date(),
        fail_details: null,
        scheduled_at: null,
        queued_at: null,
        connected_at: null,
        ends_at: null,
        end_user_id: null,
        end_user_updated_at: null,
        ticket_id: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await setContact(trx, step.tenantId, contact.id, 'Connected', { agent_id: agentId, connected_at: new Date(), assigned_call_id: call.id, assigned_participant_id: endUserLegId(call.id) });
    await connectCall(trx, settings, call);
  });
};

export const DIALER_HANDLERS: Readonly<Record<string, StepHandler>> = { campaign: tick, dial };
