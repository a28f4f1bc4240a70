/** Row type of calls (migration 0027). */
import type { ColumnType } from 'kysely';

type Bigint = ColumnType<string, string | number, string | number>;
type Json<T> = ColumnType<T, string | undefined, string>;

export type CallType = 'Voice Outbound (API)' | 'Voice Inbound (API)' | 'Voice Scheduled (API)';

/** Seed 003, "The status field can be in any of the following states" (lowercase snake, as the public API sends them). */
export type CallStatus =
  | 'selecting' | 'queued' | 'assigned' | 'connecting' | 'connected' | 'finished' | 'failed' | 'switching'
  | 'recovered' | 'scheduled' | 'deflected' | 'voicemail' | 'voicemail_received' | 'voicemail_read';

export type RecordingPermission = 'not_asked' | 'granted' | 'denied';
export type CallDeflection = 'no_deflection' | 'after_hours' | 'over_capacity';

/** One speaker turn of a transcript; offsets in milliseconds from connected_at. */
export interface TranscriptTurn {
  readonly speaker: 'agent' | 'end_user';
  readonly name: string;
  readonly start_ms: number;
  readonly end_ms: number;
  readonly text: string;
}

export interface StoredTranscript {
  readonly scenario: string;
  readonly turns: readonly TranscriptTurn[];
}

export interface CcCallsTable {
  tenant_id: string;
  id: ColumnType<string, never, never>;
  parent_id: Bigint | null;
  call_type: CallType;
  status: CallStatus;
  lang: string;
  menu_id: Bigint | null;
  agent_id: Bigint | null;
  end_user_number: string | null;
  outbound_number: string | null;
  recording_permission: ColumnType<RecordingPermission, RecordingPermission | undefined, RecordingPermission>;
  voip_provider: ColumnType<string, string | undefined, string>;
  deflection: ColumnType<CallDeflection, CallDeflection | undefined, CallDeflection>;
  voicemail_reason: ColumnType<string, string | undefined, string>;
  disconnected_by: ColumnType<string, string | undefined, string>;
  fail_reason: ColumnType<string, string | undefined, string>;
  fail_details: string | null;
  scheduled_at: Date | null;
  queued_at: Date | null;
  assigned_at: Date | null;
  connected_at: Date | null;
  ends_at: Date | null;
  wait_duration: ColumnType<number, number | undefined, number>;
  call_duration: ColumnType<number, number | undefined, number>;
  hold_duration: ColumnType<number, number | undefined, number>;
  transcript: ColumnType<StoredTranscript | null, string | null | undefined, string | null>;
  recorded: ColumnType<boolean, boolean | undefined, boolean>;
  customer_flags: Json<Record<string, unknown>>;
  custom_data: Json<Record<string, unknown>>;
  end_user_id: Bigint | null;
  end_user_updated_at: Date | null;
  ticket_id: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  crm_contact_data: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

export type CallTables = { cc_calls: CcCallsTable };

export const CALL_COLUMNS: { readonly [T in keyof CallTables]: readonly (keyof CallTables[T])[] } = {
  cc_calls: [
    'tenant_id', 'id', 'parent_id', 'call_type', 'status', 'lang', 'menu_id', 'agent_id', 'end_user_number', 'outbound_number',
    'recording_permission', 'voip_provider', 'deflection', 'voicemail_reason', 'disconnected_by', 'fail_reason', 'fail_details',
    'scheduled_at', 'queued_at', 'assigned_at', 'connected_at', 'ends_at', 'wait_duration', 'call_duration', 'hold_duration',
    'transcript', 'recorded', 'customer_flags', 'custom_data', 'end_user_id', 'end_user_updated_at', 'ticket_id',
    'created_at', 'updated_at', 'crm_contact_data',
  ],
};
