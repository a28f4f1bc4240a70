/**
 * The fields of a contact list and of a contact, read strictly: unknown
 * parameters, wrong types and oversized values are a 400 naming the field.
 * Phone numbers are kept in E.164 (directory/phone-numbers.ts); emergency
 * short codes are refused as the DNC list refuses them.
 */
import type { CountryCode } from 'libphonenumber-js';
import { isEmergencyNumber, toE164 } from '../directory/phone-numbers.ts';
import { ContactListErrors } from './contact-lists-errors.ts';

export const NAME_CHARS = 100;
export const CONTACT_NAME_CHARS = 255;
export const EMAIL_CHARS = 320;

const CONTROL = /[\u0000-\u001f\u007f]/;
// The practical shape (a local part, @, a dotted domain); deliverability is the mail system's business.
const EMAIL = /^[^\s@"<>]+@[^\s@"<>]+\.[^\s@"<>.]+$/;

export function rejectUnknown(record: Record<string, unknown>, accepted: readonly string[]): void {
  const unknown = Object.keys(record).find((key) => !accepted.includes(key));
  if (unknown !== undefined) throw ContactListErrors.CC_CONTACT_UNKNOWN_PARAM([JSON.stringify(unknown.slice(0, 40)), accepted.join(', ')]);
}

/** A required display name: a string, trimmed, 1 to `max` characters without control characters. */
export function requiredName(value: unknown, field: string, max: number): string {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) throw ContactListErrors.CC_CONTACT_PARAM_MISSING([field]);
  if (typeof value !== 'string') throw ContactListErrors.CC_CONTACT_PARAM_INVALID([`${field} must be a string`]);
  const name = value.trim();
  if (name.length > max || CONTROL.test(name)) throw ContactListErrors.CC_CONTACT_PARAM_INVALID([`${field} must be at most ${max} characters, without control characters`]);
  return name;
}

/** E.164, or the DNC list's errors. */
export function contactPhone(value: unknown, region: CountryCode): string {
  if (value === undefined || value === null || value === '') throw ContactListErrors.CC_CONTACT_PARAM_MISSING(['phone_number']);
  const raw = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  if (isEmergencyNumber(raw)) throw ContactListErrors.CC_CONTACT_PHONE_EMERGENCY();
  const number = toE164(raw, region);
  if (!number) throw ContactListErrors.CC_CONTACT_PHONE_INVALID();
  return number;
}

/** An optional email: null clears it. */
export function contactEmail(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > EMAIL_CHARS || !EMAIL.test(value.trim())) throw ContactListErrors.CC_CONTACT_PARAM_INVALID(['email is invalid']);
  return value.trim();
}

export interface ContactFields {
  readonly name: string;
  readonly phone_number: string;
  readonly email: string | null;
}

const CONTACT_PARAMS = ['name', 'phone_number', 'email'] as const;

export function readContact(record: Record<string, unknown>, region: CountryCode): ContactFields {
  rejectUnknown(record, CONTACT_PARAMS);
  return { name: requiredName(record.name, 'name', CONTACT_NAME_CHARS), phone_number: contactPhone(record.phone_number, region), email: contactEmail(record.email) };
}

/** A PATCH: only the fields given change; at least one must be. */
export function readContactChanges(record: Record<string, unknown>, region: CountryCode): Partial<ContactFields> {
  rejectUnknown(record, CONTACT_PARAMS);
  if (!CONTACT_PARAMS.some((key) => key in record)) throw ContactListErrors.CC_CONTACT_PARAM_MISSING([CONTACT_PARAMS.join(' or ')]);
  return {
    ...('name' in record ? { name: requiredName(record.name, 'name', CONTACT_NAME_CHARS) } : {}),
    ...('phone_number' in record ? { phone_number: contactPhone(record.phone_number, region) } : {}),
    ...('email' in record ? { email: contactEmail(record.email) } : {}),
  };
}
