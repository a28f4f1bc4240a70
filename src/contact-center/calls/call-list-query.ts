/**
 * `GET /calls` (inferred: the seed has no list; the hub's connector imports
 * calls as conversations): `updated_since` (ISO 8601), `status`, `page` (from
 * 1) and `per` (1 to 1,000, default 100). The order is (updated_at, id), so a
 * client that pages with the last updated_at it saw misses nothing.
 */
import { CallErrors } from './call-errors.ts';
import { parseIsoTime } from './call-request.ts';
import type { CallStatus } from './call-tables.ts';

export const MAX_CALLS_PER_PAGE = 1000;
const MAX_OFFSET = 100_000;

const STATUSES: readonly CallStatus[] = ['selecting', 'queued', 'assigned', 'connecting', 'connected', 'finished', 'failed', 'switching', 'recovered', 'scheduled', 'deflected', 'voicemail', 'voicemail_received', 'voicemail_read'];

export interface CallListQuery {
  readonly updatedSince: Date | undefined;
  readonly status: CallStatus | undefined;
  readonly page: number;
  readonly per: number;
}

function whole(query: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'string' && /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1 && value <= max)) throw CallErrors.CC_CALL_QUERY_INVALID([`${name} must be a whole number from 1 to ${max}`]);
  return value;
}

export function readCallListQuery(query: Record<string, unknown>): CallListQuery {
  const since = query.updated_since;
  let updatedSince: Date | undefined;
  if (since !== undefined && since !== '') {
    updatedSince = typeof since === 'string' ? parseIsoTime(since) : undefined;
    if (!updatedSince) throw CallErrors.CC_CALL_QUERY_INVALID(['updated_since must be an ISO 8601 time with a zone, such as 2026-12-03T08:00:00Z']);
  }
  const status = query.status;
  if (status !== undefined && status !== '' && !STATUSES.includes(status as CallStatus)) throw CallErrors.CC_CALL_QUERY_INVALID([`status must be one of ${STATUSES.join(', ')}`]);
  const per = whole(query, 'per', 100, MAX_CALLS_PER_PAGE);
  // Deep offsets cost a scan of every row before them: past MAX_OFFSET, a client pages with updated_since.
  const page = whole(query, 'page', 1, Math.floor(MAX_OFFSET / per) + 1);
  return { updatedSince, status: status === undefined || status === '' ? undefined : (status as CallStatus), page, per };
}
