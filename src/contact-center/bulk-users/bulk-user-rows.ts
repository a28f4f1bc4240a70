/**
 * The rows of a bulk user file, checked against seed 003's validation table
 * ("Bulk User Management"): each error names its row (from 1) and column.
 * The check runs twice: when the file is uploaded (the scheme check, whose
 * errors make the job invalid_scheme) and again as each row is applied,
 * because the center's teams and locations may have changed in between.
 *
 * What a field left out means: the user keeps what they have. An empty
 * value (or null) means the same for status, max_chat_limit, the flags and
 * role and team values; for location and agent_number it clears them.
 */
import { isEmailAddress } from '../../platform/tenancy/tenancy.ts';
import { AGENT_ROLES } from '../directory/agents.ts';
import { containsNul } from '../http/inputs.ts';
import { BulkUserErrors } from './bulk-user-errors.ts';
import type { SchemeError } from './bulk-user-tables.ts';

export const MAX_BULK_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_BULK_ROWS = 10_000;
const MAX_TEXT = 255;

export const BULK_COLUMNS = ['email', 'new_email', 'agent_number', 'first_name', 'last_name', 'status', 'location', 'max_chat_limit', 'max_chat_limit_enabled', 'roles', 'teams'] as const;

/** What the rows are checked against: the center's locations and teams by lowercase name, and its chat limit. */
export interface BulkDirectory {
  readonly locations: ReadonlyMap<string, string>;
  readonly teams: ReadonlyMap<string, { readonly id: string; readonly name: string }>;
  readonly maxChatLimit: number;
}

export interface BulkUserRow {
  readonly row: number;
  readonly email: string;
  readonly newEmail?: string;
  /** null clears it. */
  readonly agentNumber?: string | null;
  readonly firstName: string;
  readonly lastName: string;
  readonly active?: boolean;
  /** null clears it; otherwise the center's spelling. */
  readonly location?: string | null;
  readonly maxChatLimit?: number;
  readonly maxChatLimitEnabled?: boolean;
  /** Role name → whether the user has it; roles left out or empty are kept as they are. */
  readonly roles: ReadonlyMap<string, boolean>;
  /** Team id → whether the user is in it. */
  readonly teams: ReadonlyMap<string, boolean>;
}

/** The file's records, or a 400 at upload: it is not JSON, not an array, empty, or longer than MAX_BULK_ROWS. */
export function readBulkFile(bytes: Buffer): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw BulkUserErrors.CC_BULK_USERS_FILE([MAX_BULK_ROWS, `it is not JSON (${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'})`]);
  }
  if (!Array.isArray(parsed)) throw BulkUserErrors.CC_BULK_USERS_FILE([MAX_BULK_ROWS, 'it is not an array']);
  if (parsed.length === 0) throw BulkUserErrors.CC_BULK_USERS_FILE([MAX_BULK_ROWS, 'it has no rows']);
  if (parsed.length > MAX_BULK_ROWS) throw BulkUserErrors.CC_BULK_USERS_FILE([MAX_BULK_ROWS, `it has ${parsed.length} rows`]);
  return parsed;
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/** 0, 1, "0", "1" as a boolean; empty as undefined; anything else as null, which is an error. */
function flag(value: unknown): boolean | undefined | null {
  if (isEmpty(value)) return undefined;
  if (value === 0 || value === '0') return false;
  if (value === 1 || value === '1') return true;
  return null;
}

const FLAG_MESSAGE = 'Must be 0, 1 or empty';

/** Checks one record; errors go to `errors`, and the row is returned only if it has none. */
export function checkRow(record: unknown, row: number, directory: BulkDirectory, errors: SchemeError[]): BulkUserRow | undefined {
  const before = errors.length;
  const fail = (column: string | null, message: string) => errors.push({ message, column, row });
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    fail(null, `Must be an object of user fields (${BULK_COLUMNS.join(', ')})`);
    return undefined;
  }
  if (containsNul(record)) {
    fail(null, 'Text cannot contain the NUL character (\\u0000)');
    return undefined;
  }
  const fields = record as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!(BULK_COLUMNS as readonly string[]).includes(key)) fail(key.slice(0, MAX_TEXT).toWellFormed(), `Unknown column: the columns are ${BULK_COLUMNS.join(', ')}`);
  }

  const email = typeof fields.email === 'string' ? fields.email.trim() : '';
  if (!isEmailAddress(email)) fail('email', 'Must be a valid email');
  let newEmail: string | undefined;
  if (!isEmpty(fields.new_email)) {
    newEmail = typeof fields.new_email === 'string' ? fields.new_email.trim() : '';
    if (!isEmailAddress(newEmail)) fail('new_email', 'Must be a valid email');
  }

  let agentNumber: string | null | undefined;
  if (fields.agent_number === null || fields.agent_number === '') agentNumber = null;
  else if (typeof fields.agent_number === 'string' || (typeof fields.agent_number === 'number' && Number.isFinite(fields.agent_number))) {
    agentNumber = String(fields.agent_number);
    if (agentNumber.length > MAX_TEXT) fail('agent_number', `Must be at most ${MAX_TEXT} characters`);
  } else if (fields.agent_number !== undefined) fail('agent_number', 'Must be a string');

  const name = (column: 'first_name' | 'last_name') => {
    const value = typeof fields[column] === 'string' ? (fields[column] as string).trim() : '';
    if (value === '') fail(column, 'Must be a non-empty string');
    else if (value.length > MAX_TEXT) fail(column, `Must be at most ${MAX_TEXT} characters`);
    return value;
  };
  const firstName = name('first_name');
  const lastName = name('last_name');

  let active: boolean | undefined;
  if (fields.status === 'Active') active = true;
  else if (fields.status === 'Inactive') active = false;
  else if (!isEmpty(fields.status)) fail('status', 'Must be "Active", "Inactive", or empty');

  let location: string | null | undefined;
  if (isEmpty(fields.location)) location = fields.location === undefined ? undefined : null;
  else {
    location = typeof fields.location === 'string' ? directory.locations.get(fields.location.toLowerCase()) : undefined;
    if (location === undefined) fail('location', 'Must exactly match one of the existing locations (case-insensitive), or Null, or empty');
  }

  let maxChatLimit: number | undefined;
  if (!isEmpty(fields.max_chat_limit)) {
    const value = typeof fields.max_chat_limit === 'string' && /^\d{1,3}$/.test(fields.max_chat_limit.trim()) ? Number(fields.max_chat_limit) : fields.max_chat_limit;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= directory.maxChatLimit) maxChatLimit = value;
    else fail('max_chat_limit', `Must be 1 to ${directory.maxChatLimit} (inclusively), or empty`);
  }
  const enabled = flag(fields.max_chat_limit_enabled);
  if (enabled === null) fail('max_chat_limit_enabled', FLAG_MESSAGE);

  const roles = memberships(fields.roles, 'roles', (n) => AGENT_ROLES.find((role) => role.toLowerCase() === n.toLowerCase()), `one of the roles ${AGENT_ROLES.join(', ')}`, fail);
  const teams = memberships(fields.teams, 'teams', (n) => directory.teams.get(n.toLowerCase())?.id, "one of the center's teams", fail);

  if (errors.length > before) return undefined;
  return {
    row,
    email,
    ...(newEmail !== undefined ? { newEmail } : {}),
    ...(agentNumber !== undefined ? { agentNumber } : {}),
    firstName,
    lastName,
    ...(active !== undefined ? { active } : {}),
    ...(location !== undefined ? { location } : {}),
    ...(maxChatLimit !== undefined ? { maxChatLimit } : {}),
    ...(enabled !== undefined && enabled !== null ? { maxChatLimitEnabled: enabled } : {}),
    roles,
    teams,
  };
}

/** `[{name, value}]`: each name resolved by `find` (once per row), each value 0, 1 or empty. */
function memberships(value: unknown, column: 'roles' | 'teams', find: (name: string) => string | undefined, what: string, fail: (column: string, message: string) => void): Map<string, boolean> {
  const result = new Map<string, boolean>();
  if (isEmpty(value)) return result;
  if (!Array.isArray(value)) {
    fail(column, `Must be a list of {"name", "value"}: name ${what}, value 0, 1 or empty`);
    return result;
  }
  for (const entry of value) {
    const entryName = typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string' ? (entry as { name: string }).name : undefined;
    if (entryName === undefined) {
      fail(column, `Must be a list of {"name", "value"}: name ${what}, value 0, 1 or empty`);
      continue;
    }
    const key = find(entryName);
    if (key === undefined) {
      fail(column, `${JSON.stringify(entryName.slice(0, MAX_TEXT))} is not ${what}`);
      continue;
    }
    if (result.has(key)) {
      fail(column, `${JSON.stringify(entryName.slice(0, MAX_TEXT))} is named twice`);
      continue;
    }
    const member = flag((entry as { value?: unknown }).value);
    if (member === null) fail(column, `${FLAG_MESSAGE} (${JSON.stringify(entryName.slice(0, MAX_TEXT))})`);
    else if (member !== undefined) result.set(key, member);
  }
  return result;
}

/** The scheme check of a whole file: every row alone, then email and new_email unique within the file. */
export function checkFile(records: readonly unknown[], directory: BulkDirectory): { rows: BulkUserRow[]; errors: SchemeError[] } {
  const errors: SchemeError[] = [];
  const rows: BulkUserRow[] = [];
  records.forEach((record, index) => {
    const row = checkRow(record, index + 1, directory, errors);
    if (row) rows.push(row);
  });
  for (const column of ['email', 'new_email'] as const) {
    const first = new Map<string, number>();
    records.forEach((record, index) => {
      const value = typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[column] : undefined;
      if (typeof value !== 'string' || value.trim() === '') return;
      const key = value.trim().toLowerCase();
      const seen = first.get(key);
      if (seen === undefined) first.set(key, index + 1);
      else errors.push({ message: `Must be unique within the file: row ${seen} has the same ${column}`, column, row: index + 1 });
    });
  }
  errors.sort((a, b) => a.row - b.row);
  return { rows: errors.length === 0 ? rows : [], errors };
}
