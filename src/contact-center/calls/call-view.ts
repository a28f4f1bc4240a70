/**
 * The call object of seed 003 ("Calls Endpoints"): every key the seed shows,
 * of the type it shows, null where the simulation knows nothing (rating,
 * out_ticket_url). Calls are built in batches so a page of the list costs
 * three queries, not three per call.
 */
import type { Selectable } from 'kysely';
import type { CcDb } from '../db/cc-database.ts';
import { agentInfo } from '../directory/agents.ts';
import { loadMenus, menuPath, selectedMenu } from '../directory/menus.ts';
import { transcriptAt } from '../simulation/transcripts.ts';
import type { CcCallsTable, CallStatus, StoredTranscript } from './call-tables.ts';

export type CallRow = Selectable<CcCallsTable>;

/** Statuses after which nothing happens to a call any more. */
export const ENDED_CALL_STATUSES: readonly CallStatus[] = ['finished', 'failed', 'recovered', 'deflected', 'voicemail_received', 'voicemail_read'];

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** The recording's address, under the Apps API the client called (the URL it reached the service by). */
export function recordingPath(call: Pick<CallRow, 'id'>): string {
  return `/apps/api/v1/calls/${call.id}/recording`;
}

/** A recording exists once the call has ended: a connected call's conversation is still being had. */
export function hasRecording(call: Pick<CallRow, 'recorded' | 'transcript' | 'status'>): boolean {
  return call.recorded && call.transcript !== null && ENDED_CALL_STATUSES.includes(call.status);
}

/**
 * The transcript as far as the conversation has got: all of it once the
 * call has ended, while connected the turns said by now (the call's
 * conversation is planned at connect and plays out at the center's time scale).
 */
export function transcriptSoFar(call: Pick<CallRow, 'transcript' | 'status' | 'connected_at'>, timeScale: number, now = new Date()): StoredTranscript | null {
  if (call.transcript === null || call.connected_at === null) return null;
  if (call.status !== 'connected') return call.transcript;
  return transcriptAt(call.transcript, Math.max(0, (now.getTime() - call.connected_at.getTime()) * timeScale));
}

/** The ids of a call's two legs (seed 003's participants), derived from the call's: the end user's, then the agent's. */
export const endUserLegId = (callId: string | number) => Number(callId) * 10 + 1;
const agentLegId = (callId: string | number) => Number(callId) * 10 + 2;

function participantStatus(status: CallStatus, connected: boolean): string {
  if (status === 'connected') return 'connected';
  if (ENDED_CALL_STATUSES.includes(status)) return connected ? 'finished' : 'failed';
  return 'waiting';
}

export async function callViews(db: CcDb, tenantId: string, calls: readonly CallRow[], origin: string) {
  if (calls.length === 0) return [];
  const tree = await loadMenus(db, tenantId);
  const agentIds = [...new Set(calls.flatMap((c) => (c.agent_id === null ? [] : [c.agent_id])))];
  const endUserIds = [...new Set(calls.flatMap((c) => (c.end_user_id === null ? [] : [c.end_user_id])))];
  const agents = new Map(
    agentIds.length === 0 ? [] : (await db.selectFrom('cc_agents').select(['id', 'first_name', 'last_name', 'agent_number']).where('tenant_id', '=', tenantId).where('id', 'in', agentIds).execute()).map((a) => [a.id, a]),
  );
  const endUsers = new Map(
    endUserIds.length === 0 ? [] : (await db.selectFrom('cc_end_users').select(['id', 'identifier', 'out_contact_id']).where('tenant_id', '=', tenantId).where('id', 'in', endUserIds).execute()).map((u) => [u.id, u]),
  );
  return calls.map((call) => {
    const menu = call.menu_id === null ? undefined : tree.byId.get(call.menu_id);
    const agent = call.agent_id === null ? undefined : agents.get(call.agent_id);
    const endUser = call.end_user_id === null ? undefined : endUsers.get(call.end_user_id);
    const connected = call.connected_at !== null;
    const leg = (id: number, type: 'end_user' | 'agent') => ({
      id,
      type,
      status: participantStatus(call.status, connected),
      call_id: Number(call.id),
      user_id: type === 'agent' && agent ? Number(agent.id) : null,
      end_user_id: type === 'end_user' && endUser ? Number(endUser.id) : null,
      call_duration: call.call_duration,
      hold_duration: call.hold_duration,
      connected_at: iso(call.connected_at),
      ended_at: connected ? iso(call.ends_at) : null,
      fail_reason: call.fail_reason,
    });
    return {
      id: Number(call.id),
      parent_id: call.parent_id === null ? null : Number(call.parent_id),
      lang: call.lang,
      call_type: call.call_type,
      status: call.status,
      created_at: iso(call.created_at),
      queued_at: iso(call.queued_at),
      assigned_at: iso(call.assigned_at),
      connected_at: iso(call.connected_at),
      ends_at: iso(call.ends_at),
      scheduled_at: iso(call.scheduled_at),
      updated_at: iso(call.updated_at),
      wait_duration: call.wait_duration,
      call_duration: call.call_duration,
      hold_duration: call.hold_duration,
      rating: null,
      has_feedback: false,
      voip_provider: call.voip_provider,
      out_ticket_id: call.ticket_id,
      out_ticket_url: null,
      verified: call.customer_flags.verified_customer === true,
      recording_url: hasRecording(call) ? `${origin}${recordingPath(call)}` : null,
      recording_permission: call.recording_permission,
      voicemail_reason: call.voicemail_reason,
      deflection: call.deflection,
      disconnected_by: call.disconnected_by,
      fail_details: call.fail_details,
      fail_reason: call.fail_reason,
      support_number: call.outbound_number,
      outbound_number: call.outbound_number,
      selected_menu: menu ? selectedMenu(menu) : null,
      menu_path: menu ? menuPath(tree, menu) : null,
      agent_info: agent ? agentInfo(agent) : null,
      end_user: endUser ? { id: Number(endUser.id), identifier: endUser.identifier, out_contact_id: endUser.out_contact_id ?? '' } : null,
      photos: [],
      videos: [],
      transfers: [],
      participants: [leg(endUserLegId(call.id), 'end_user'), ...(agent ? [leg(agentLegId(call.id), 'agent')] : [])],
    };
  });
}

export type CallView = Awaited<ReturnType<typeof callViews>>[number];
