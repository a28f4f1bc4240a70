/**
 * Reading a `POST /calls` body (seed 003, "Calls Endpoints", the parameter
 * tables of the outbound, inbound and scheduled calls) into a request with
 * every field checked for its shape. What needs the center's data (menus,
 * agents, tickets, numbers) is checked by create-call.ts.
 */
import { ContactCenterErrors } from '../cc-errors.ts';
import { objectBody, optionalId, optionalString } from '../http/inputs.ts';
import { CallErrors } from './call-errors.ts';
import type { CallType, RecordingPermission } from './call-tables.ts';

/** The current names and the deprecated ones the seed still accepts. */
const CALL_TYPES: Readonly<Record<string, CallType>> = {
  'Voice Outbound (API)': 'Voice Outbound (API)',
  OutboundCall: 'Voice Outbound (API)',
  'Voice Inbound (API)': 'Voice Inbound (API)',
  IncomingCall: 'Voice Inbound (API)',
  'Voice Scheduled (API)': 'Voice Scheduled (API)',
  ScheduledCall: 'Voice Scheduled (API)',
};

/** The request's values "recording_permission_…"; the call object shows them without the prefix (seed: "not_asked"). */
const RECORDING_PERMISSIONS: Readonly<Record<string, RecordingPermission>> = {
  recording_permission_not_asked: 'not_asked',
  recording_permission_granted: 'granted',
  recording_permission_denied: 'denied',
};

export interface CallRequest {
  readonly callType: CallType;
  readonly menuId: string | undefined;
  readonly agentEmail: string | undefined;
  readonly ticketId: string | undefined;
  readonly endUserNumber: string | undefined;
  readonly outboundNumber: string | undefined;
  readonly lang: string;
  readonly recordingPermission: RecordingPermission;
  readonly scheduledAt: Date | undefined;
  readonly parentCallId: string | undefined;
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** An ISO 639-1 code: two lowercase letters that name a language. */
export function isIso6391(code: string): boolean {
  return /^[a-z]{2}$/.test(code) && LANGUAGE_NAMES.of(code) !== undefined;
}

/** ISO 8601 with a zone; a time without one is refused rather than read in the server's zone. */
export function parseIsoTime(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function readCallRequest(body: unknown, now = new Date()): CallRequest {
  const record = objectBody(body);
  const rawType = record.call_type;
  if (rawType === undefined || rawType === null || rawType === '' || typeof rawType !== 'string') throw CallErrors.CC_CALL_TYPE_MISSING();
  const callType = Object.hasOwn(CALL_TYPES, rawType) ? CALL_TYPES[rawType] : undefined;
  if (!callType) throw CallErrors.CC_CALL_TYPE_INVALID();

  const menuId = optionalId(record.menu_id);
  if (menuId === false) throw CallErrors.CC_CALL_MENU_MALFORMED();
  const parentCallId = optionalId(record.call_id);
  // A malformed call_id can name no call: the same answer as another center's call.
  if (parentCallId === false) throw ContactCenterErrors.CC_NOT_FOUND();

  const lang = optionalString(record, 'lang', 35)?.trim() ?? 'en';
  if (!isIso6391(lang)) throw CallErrors.CC_CALL_LANGUAGE_UNKNOWN([lang.slice(0, 35)]);

  const rawPermission = optionalString(record, 'recording_permission', 64);
  const recordingPermission = rawPermission === undefined ? 'not_asked' : Object.hasOwn(RECORDING_PERMISSIONS, rawPermission) ? RECORDING_PERMISSIONS[rawPermission]! : undefined;
  if (!recordingPermission) throw CallErrors.CC_CALL_RECORDING_PERMISSION_INVALID();

  const rawTicket = record.ticket_id;
  const ticketId = typeof rawTicket === 'number' && Number.isSafeInteger(rawTicket) ? String(rawTicket) : optionalString(record, 'ticket_id', 255)?.trim() || undefined;
  const endUserNumber = typeof record.end_user_number === 'number' ? String(record.end_user_number) : optionalString(record, 'end_user_number', 40);

  let scheduledAt: Date | undefined;
  if (callType === 'Voice Scheduled (API)') {
    const raw = optionalString(record, 'scheduled_at', 64);
    if (raw === undefined) throw CallErrors.CC_CALL_SCHEDULED_AT_REQUIRED();
    scheduledAt = parseIsoTime(raw);
    if (!scheduledAt || scheduledAt.getTime() <= now.getTime()) throw CallErrors.CC_CALL_SCHEDULED_AT_INVALID();
  }

  return {
    callType,
    menuId,
    agentEmail: optionalString(record, 'agent_email', 320)?.trim() || undefined,
    ticketId,
    endUserNumber,
    outboundNumber: optionalString(record, 'outbound_number', 40),
    lang,
    recordingPermission,
    scheduledAt,
    parentCallId,
  };
}
