/**
 * The simulated lifecycle of a call (docs/contact-center.md, "Call
 * lifecycle"), one move per step (steps.ts), each under the call's row lock:
 *
 *   inbound    selecting → queued → assigned → connecting → connected → finished
 *   outbound   assigned → connecting → connected | failed (no answer) → finished
 *   scheduled  scheduled → (at scheduled_at) queued → ... as inbound
 *   queued     → failed (abandoned) | voicemail → voicemail_received, past the caller's patience
 *   deflected  → voicemail → voicemail_received, or stays deflected
 *   connecting → switching (provider failure) → connected | failed; a failed
 *              inbound call may get a callback, a child call that ends
 *              "recovered" instead of "finished"
 *
 * Durations are simulated seconds: the real time elapsed times the center's
 * time scale. The agent of a finished call stays "Wrap-Up" for
 * wrapUpSeconds (the call's last step, `from: "wrap_up"`), then is
 * Available; the agent of a failed call is released at once. A freed agent
 * is offered to the longest-waiting queued call they may take.
 */
import type { CcDb } from '../db/cc-database.ts';
import { isLeaf, loadMenus, subtree } from '../directory/menus.ts';
import type { CallRow } from '../calls/call-view.ts';
import type { CallStatus, CcCallsTable } from '../calls/call-tables.ts';
import { menuDeflection } from '../calls/call-deflection.ts';
import type { Updateable } from 'kysely';
import { claimAgent, endWrapUp, moreAgentsThan, offerAgent, releaseAgent, type RoutingRequest } from './agent-routing.ts';
import { centerSettings } from './center-settings.ts';
import type { SimulationSettings } from './sim-settings.ts';
import { between, chance, pick } from './sim-random.ts';
import { scheduleStep, type StepHandler } from './steps.ts';
import { makeTranscript, retimed, transcriptAt } from './transcripts.ts';

export const WRAP_UP_STEP = 'wrap_up';

/** Simulated seconds between two looks for an agent, for a queued caller (at least a quarter of a real second). */
const QUEUE_POLL_SECONDS = 5;
/** Callers ahead counted at most: a caller further back waits for agents to free up, however many. */
const MAX_AHEAD_COUNTED = 1000;

interface Move {
  readonly trx: CcDb;
  readonly call: CallRow;
  readonly settings: SimulationSettings;
  readonly now: Date;
  readonly key: string;
}

type Transition = (move: Move) => Promise<void>;

const simulatedSince = (move: Move, at: Date | null) => (at === null ? 0 : Math.max(0, Math.round(((move.now.getTime() - at.getTime()) / 1000) * move.settings.timeScale)));

async function update(move: Move, values: Updateable<CcCallsTable>): Promise<void> {
  await move.trx.updateTable('cc_calls').set({ ...values, updated_at: move.now }).where('tenant_id', '=', move.call.tenant_id).where('id', '=', move.call.id).execute();
}

function next(move: Move, from: CallStatus | typeof WRAP_UP_STEP, afterSeconds: number): Promise<void> {
  return scheduleStep(move.trx, move.settings, { tenantId: move.call.tenant_id, kind: 'call', id: move.call.id, from }, afterSeconds);
}

/** A call that ends before it connected: its agent, if it had one, is free at once. */
async function fail(move: Move, failReason: string, values: Updateable<CcCallsTable> = {}): Promise<void> {
  await update(move, { status: 'failed', fail_reason: failReason, ends_at: move.now, ...values });
  if (move.call.agent_id === null) return;
  await releaseAgent(move.trx, move.call.tenant_id, move.call.agent_id, 'call');
  await offerAgent(move.trx, move.settings, move.call.tenant_id, move.call.agent_id);
}

async function enqueue(move: Move, menuId: string | null): Promise<void> {
  await update(move, { status: 'queued', queued_at: move.now, menu_id: menuId });
  await next(move, 'queued', 0);
}

const TRANSITIONS: Readonly<Partial<Record<CallStatus, Transition>>> = {
  // The caller goes through the IVR to a leaf of the menu in the call's language.
  selecting: async (move) => {
    const { trx, call } = move;
    const tree = await loadMenus(trx, call.tenant_id);
    const menu = call.menu_id === null ? undefined : tree.byId.get(call.menu_id);
    const leaves = menu ? subtree(tree, menu).filter((m) => !m.deleted && isLeaf(tree, m) && m.languages.includes(call.lang)) : [];
    const leaf = leaves.length > 0 ? pick(move.settings.seed, `${move.key}:leaf`, leaves) : menu;
    const state = leaf ? await menuDeflection(trx, call.tenant_id, leaf, move.now) : 'no_deflection';
    if (state === 'closed') return fail(move, 'after_hours', { menu_id: leaf?.id ?? null });
    if (state !== 'no_deflection') {
      await update(move, { status: 'deflected', deflection: state, menu_id: leaf?.id ?? null });
      return next(move, 'deflected', 0);
    }
    return enqueue(move, leaf?.id ?? call.menu_id);
  },

  scheduled: (move) => enqueue(move, move.call.menu_id),

  queued: async (move) => {
    const { trx, call, settings, key } = move;
    // First come, first served within a menu: a caller takes an agent only when there are agents for those ahead too.
    const routing = { channel: 'call' as const, menuId: call.menu_id, simulatedOnly: true };
    const agent = (await agentsForThoseAhead(trx, call, routing)) ? await claimAgent(trx, call.tenant_id, routing) : undefined;
    const waited = simulatedSince(move, call.queued_at);
    if (agent) return assign(move, agent.id);
    const patience = between(settings.seed, `${key}:patience`, settings.patienceSeconds);
    if (waited >= patience) {
      if (chance(settings.seed, `${key}:abandon`, settings.abandonRate)) return fail(move, 'abandoned', { wait_duration: waited, disconnected_by: 'disconnected_by_end_user' });
      if (chance(settings.seed, `${key}:voicemail`, settings.voicemailRate)) {
        await update(move, { status: 'voicemail', voicemail_reason: 'queue_timeout', wait_duration: waited });
        return next(move, 'voicemail', between(settings.seed, `${key}:voicemail-length`, settings.voicemailSeconds));
      }
    }
    // Patient callers wait for an agent as long as it takes; the others are looked at again by their patience at the latest.
    const poll = Math.max(QUEUE_POLL_SECONDS, settings.timeScale / 4);
    return next(move, 'queued', waited < patience ? Math.min(poll, patience - waited) : poll);
  },

  assigned: async (move) => {
    const { trx, call, settings, key } = move;
    if (call.outbound_number === null) {
      // The 202 case: no number to call from. The simulated agent takes the default number if one was added since, else gives up.
      const fallback = await trx.selectFrom('cc_phone_numbers').select('number').where('tenant_id', '=', call.tenant_id).where('is_default', '=', true).executeTakeFirst();
      if (!fallback) return fail(move, 'no_outbound_number', { fail_details: 'No outbound number was chosen in the widget' });
      await update(move, { outbound_number: fallback.number });
    }
    await update(move, { status: 'connecting' });
    return next(move, 'connecting', between(settings.seed, `${key}:connecting`, settings.connectingSeconds));
  },

  connecting: async (move) => {
    const { call, settings, key } = move;
    if (chance(settings.seed, `${key}:provider-failure`, settings.providerFailureRate)) {
      await update(move, { status: 'switching' });
      return next(move, 'switching', between(settings.seed, `${key}:switching`, settings.connectingSeconds));
    }
    // We call the end user on outbound and scheduled calls: they may not pick up.
    if (call.call_type !== 'Voice Inbound (API)' && !chance(settings.seed, `${key}:answered`, settings.answerRate)) return fail(move, 'no_answer', { disconnected_by: 'disconnected_by_end_user' });
    return connect(move, call.voip_provider);
  },

  switching: async (move) => {
    const { call, settings, key } = move;
    if (chance(settings.seed, `${key}:switched`, settings.switchSuccessRate)) return connect(move, 'voip_provider_nexmo');
    await fail(move, 'voip_provider_failure', { fail_details: 'Both VoIP providers failed to connect the call' });
    // A callback that fails too is not called back again: one retry, never a chain.
    if (call.call_type === 'Voice Inbound (API)' && call.parent_id === null && chance(settings.seed, `${key}:callback`, settings.answerRate)) await callBack(move);
  },

  connected: async (move) => {
    const { trx, call, settings, key } = move;
    const duration = simulatedSince(move, call.connected_at);
    const hold = chance(settings.seed, `${key}:hold`, 0.25) ? Math.min(between(settings.seed, `${key}:hold-length`, [10, 90]), Math.floor(duration / 4)) : 0;
    const parent = call.parent_id === null ? undefined : await trx.selectFrom('cc_calls').select('status').where('tenant_id', '=', call.tenant_id).where('id', '=', call.parent_id).executeTakeFirst();
    // The conversation was planned at connect for the talk time drawn then: retimed to a call that lasted longer, cut at an earlier hang-up.
    const planned = call.transcript?.turns.at(-1)?.end_ms ?? 0;
    const transcript = !call.transcript
      ? makeTranscript(settings.seed, key, await parties(trx, call), duration, await menuName(trx, call))
      : duration * 1000 < planned ? transcriptAt(call.transcript, duration * 1000) : retimed(call.transcript, Math.max(1000, duration * 1000));
    await update(move, {
      status: parent?.status === 'failed' ? 'recovered' : 'finished',
      ends_at: move.now,
      call_duration: duration,
      hold_duration: hold,
      transcript: JSON.stringify(transcript),
      disconnected_by: pick(settings.seed, `${key}:disconnected-by`, ['disconnected_by_end_user', 'disconnected_by_agent']),
    });
    // A campaign's contact whose dial became this call is done when the call is.
    await trx
      .updateTable('cc_campaign_contacts')
      .set({ status: 'Finished', ended_at: move.now, updated_at: move.now })
      .where('tenant_id', '=', call.tenant_id)
      .where('assigned_call_id', '=', call.id)
      .where('status', '=', 'Connected')
      .execute();
    if (call.agent_id !== null) {
      await trx.updateTable('cc_agents').set({ status: 'Wrap-Up', wrap_up: true, status_updated_at: move.now }).where('tenant_id', '=', call.tenant_id).where('id', '=', call.agent_id).where('status', '=', 'In-Call').execute();
      await releaseAgent(trx, call.tenant_id, call.agent_id, 'call');
      await next(move, WRAP_UP_STEP, between(settings.seed, `${key}:wrap-up`, settings.wrapUpSeconds));
    }
  },

  deflected: async (move) => {
    const { call, settings, key } = move;
    if (chance(settings.seed, `${key}:voicemail`, settings.voicemailRate)) {
      await update(move, { status: 'voicemail', voicemail_reason: call.deflection });
      return next(move, 'voicemail', between(settings.seed, `${key}:voicemail-length`, settings.voicemailSeconds));
    }
    await update(move, { ends_at: move.now, disconnected_by: 'disconnected_by_end_user' });
  },

  voicemail: (move) => update(move, { status: 'voicemail_received', ends_at: move.now, call_duration: simulatedSince(move, move.call.updated_at) }),
};

async function assign(move: Move, agentId: string): Promise<void> {
  await update(move, { status: 'assigned', agent_id: agentId, assigned_at: move.now, wait_duration: simulatedSince(move, move.call.queued_at) });
  return next(move, 'assigned', between(move.settings.seed, `${move.key}:ring`, move.settings.ringSeconds));
}

const moveOf = (trx: CcDb, settings: SimulationSettings, call: CallRow): Move => ({ trx, call, settings, now: new Date(), key: `call:${call.id}` });

/** A queued call, locked by the caller, goes to an agent claimAgent gave it: as routing does, for the agent console's "Take next". */
export function assignCall(trx: CcDb, settings: SimulationSettings, call: CallRow, agentId: string): Promise<void> {
  return assign(moveOf(trx, settings, call), agentId);
}

/** A call the caller has just written, its end user already on the line (a campaign dial answered), connects. */
export function connectCall(trx: CcDb, settings: SimulationSettings, call: CallRow): Promise<void> {
  return connect(moveOf(trx, settings, call), call.voip_provider);
}

/** A connected call, locked by the caller, ends now: the agent console's "End call". */
export function hangUp(trx: CcDb, settings: SimulationSettings, call: CallRow): Promise<void> {
  return TRANSITIONS.connected!(moveOf(trx, settings, call));
}

/**
 * Whether the caller may take an agent: more agents are free than callers
 * are ahead of it in its menu's queue. With agents to spare every caller is
 * routed at its own step, at once; with too few, those who queued first get
 * them. The callers ahead are counted up to MAX_AHEAD_COUNTED, and the free
 * agents no further than needed.
 */
async function agentsForThoseAhead(trx: CcDb, call: CallRow, routing: RoutingRequest): Promise<boolean> {
  if (call.menu_id === null || call.queued_at === null) return true;
  const queuedAt = call.queued_at;
  const ahead = await trx
    .selectFrom((db) =>
      db
        .selectFrom('cc_calls')
        .select('id')
        .where('tenant_id', '=', call.tenant_id)
        .where('menu_id', '=', call.menu_id!)
        .where('status', '=', 'queued')
        .where((eb) => eb.or([eb('queued_at', '<', queuedAt), eb.and([eb('queued_at', '=', queuedAt), eb('id', '<', call.id)])]))
        .limit(MAX_AHEAD_COUNTED)
        .as('ahead'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const count = Number(ahead.n);
  // Nobody ahead: claimAgent itself finds whether an agent is free.
  return count === 0 || moreAgentsThan(trx, call.tenant_id, routing, count);
}

/** The call connects with its conversation planned for the talk time drawn, so its transcript can be followed live (transcriptAt). */
async function connect(move: Move, provider: string): Promise<void> {
  const talk = between(move.settings.seed, `${move.key}:talk`, move.settings.talkSeconds);
  const transcript = makeTranscript(move.settings.seed, move.key, await parties(move.trx, move.call), talk, await menuName(move.trx, move.call));
  await update(move, { status: 'connected', connected_at: move.now, voip_provider: provider, transcript: JSON.stringify(transcript) });
  return next(move, 'connected', talk);
}

/** Seed 003, "Recovered": the failed call is called back, as a child of it. */
async function callBack(move: Move): Promise<void> {
  const { trx, call } = move;
  const child = await trx
    .insertInto('cc_calls')
    .values({
      tenant_id: call.tenant_id, parent_id: call.id, call_type: call.call_type, status: 'queued', lang: call.lang, menu_id: call.menu_id,
      end_user_number: call.end_user_number, outbound_number: call.outbound_number, recording_permission: call.recording_permission,
      recorded: call.recorded, end_user_id: call.end_user_id, ticket_id: call.ticket_id, queued_at: move.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await scheduleStep(trx, move.settings, { tenantId: call.tenant_id, kind: 'call', id: child.id, from: 'queued' }, 0);
}

const CALLER_NAMES = ['Alex Morgan', 'Priya Natarajan', 'Daniel Kim', 'Fatima Haddad', 'Lucas Silva', 'Emma Schultz', 'Noah Williams', 'Aisha Bello'];

async function parties(trx: CcDb, call: CallRow) {
  const agent = call.agent_id === null ? undefined : await trx.selectFrom('cc_agents').select(['first_name', 'last_name']).where('tenant_id', '=', call.tenant_id).where('id', '=', call.agent_id).executeTakeFirst();
  const endUser = call.end_user_id === null ? undefined : await trx.selectFrom('cc_end_users').select('name').where('tenant_id', '=', call.tenant_id).where('id', '=', call.end_user_id).executeTakeFirst();
  const ticket = call.ticket_id === null ? undefined : await trx.selectFrom('cc_tickets').select('name').where('tenant_id', '=', call.tenant_id).where('id', '=', call.ticket_id).executeTakeFirst();
  const tenant = await trx.selectFrom('tenants').select('name').where('id', '=', call.tenant_id).executeTakeFirst();
  return {
    agentName: agent ? agent.first_name : 'the agent',
    customerName: endUser?.name ?? ticket?.name ?? pick('callers', call.id, CALLER_NAMES),
    company: tenant?.name ?? 'our company',
  };
}

async function menuName(trx: CcDb, call: CallRow): Promise<string> {
  if (call.menu_id === null) return '';
  const menu = await trx.selectFrom('cc_menus').select('name').where('tenant_id', '=', call.tenant_id).where('id', '=', call.menu_id).executeTakeFirst();
  return menu?.name ?? '';
}

/** Whether the call is its agent's latest: an earlier call's wrap-up timer must not end a later call's wrap-up. */
async function lastCallOfAgent(trx: CcDb, call: CallRow): Promise<boolean> {
  const later = await trx
    .selectFrom('cc_calls')
    .select('id')
    .where('tenant_id', '=', call.tenant_id)
    .where('agent_id', '=', call.agent_id)
    .where('assigned_at', '>', call.assigned_at ?? call.created_at)
    .limit(1)
    .executeTakeFirst();
  return later === undefined;
}

export const callStep: StepHandler = async (context, step) => {
  await context.db.transaction().execute(async (trx) => {
    const call = await trx.selectFrom('cc_calls').selectAll().where('tenant_id', '=', step.tenantId).where('id', '=', step.id).forUpdate().executeTakeFirst();
    if (!call) return;
    const settings = await centerSettings(trx, step.tenantId, context.config);
    if (step.from === WRAP_UP_STEP) return call.agent_id === null || !(await lastCallOfAgent(trx, call)) ? undefined : void (await endWrapUp(trx, settings, call.tenant_id, call.agent_id));
    // A step that lost a race, or one the call has moved past, does nothing.
    const transition = TRANSITIONS[step.from as CallStatus];
    if (call.status !== step.from || !transition) return;
    await transition(moveOf(trx, settings, call));
  });
};
