/**
 * Custom data sent into a call or chat (seed 003, "Send custom data"):
 * `{signed: false, data: {key: {label, value}}}`, or `{signed: true,
 * signed_data}` where signed_data is `JWT.encode({custom_data, exp, iat},
 * company_secret, 'HS256')`. The `reserved_*` keys set the customer flags;
 * the rest is kept as the session's custom data.
 */
import { errors as joseErrors, jwtVerify } from 'jose';
import { SessionDataErrors } from './session-data-errors.ts';
import type { CustomerFlagPatch, CustomerFlags } from './customer-flags.ts';

export interface CustomField {
  readonly label: string | null;
  readonly value: string | number | boolean | null;
}

export interface CustomData {
  readonly fields: Readonly<Record<string, CustomField>>;
  readonly flags: CustomerFlagPatch;
}

export const MAX_CUSTOM_FIELDS = 50;
const MAX_SIGNED_DATA = 16 * 1024;
const MAX_VALUE = 2000;
const KEY = /^[A-Za-z0-9_.-]{1,64}$/;

const RESERVED: Readonly<Record<string, keyof CustomerFlags>> = {
  reserved_verified_customer: 'verified_customer',
  reserved_bad_actor: 'bad_actor',
  reserved_repeat_customer: 'repeat_customer',
};

const invalid = (why: string) => SessionDataErrors.CC_CUSTOM_DATA_INVALID([why]);

export async function readCustomData(body: unknown, companySecret: string): Promise<CustomData> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The body must be a JSON object with "signed" and "data" or "signed_data"');
  const record = body as Record<string, unknown>;
  if (record.signed === true) return readFields(await verifiedPayload(record.signed_data, companySecret));
  if (record.signed === false || record.signed === undefined) return readFields(record.data);
  throw invalid('signed must be true or false');
}

/** RFC 7519 §7.2 through jose: HS256 only (no `none`, no algorithm the token picks), `exp` required. */
async function verifiedPayload(token: unknown, companySecret: string): Promise<unknown> {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_SIGNED_DATA) throw SessionDataErrors.CC_SIGNED_DATA_INVALID();
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(companySecret), { algorithms: ['HS256'], requiredClaims: ['exp'], clockTolerance: 30 });
    return payload.custom_data;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw SessionDataErrors.CC_SIGNED_DATA_EXPIRED();
    throw SessionDataErrors.CC_SIGNED_DATA_INVALID();
  }
}

function readFields(data: unknown): CustomData {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw invalid('data must be an object of {"label", "value"} fields');
  const entries = Object.entries(data);
  if (entries.length === 0 || entries.length > MAX_CUSTOM_FIELDS) throw invalid(`data must hold 1 to ${MAX_CUSTOM_FIELDS} fields`);
  const fields: Record<string, CustomField> = {};
  const flags: Partial<Record<keyof CustomerFlags, boolean>> = {};
  for (const [key, field] of entries) {
    if (!KEY.test(key)) throw invalid(`field names are 1 to 64 letters, digits, "_", "." or "-", got ${JSON.stringify(key.slice(0, 70))}`);
    if (typeof field !== 'object' || field === null || Array.isArray(field)) throw invalid(`${key} must be {"label", "value"}`);
    const { label, value } = field as Record<string, unknown>;
    if (label !== undefined && label !== null && (typeof label !== 'string' || label.length > 255)) throw invalid(`${key}.label must be a string of at most 255 characters`);
    const flag = RESERVED[key];
    if (flag) {
      if (typeof value !== 'boolean') throw invalid(`${key}.value must be true or false`);
      flags[flag] = value;
      continue;
    }
    const scalar = value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= MAX_VALUE);
    if (!scalar) throw invalid(`${key}.value must be a string of at most ${MAX_VALUE} characters, a number, true, false or null`);
    fields[key] = { label: (label as string | null | undefined) ?? null, value: value as CustomField['value'] };
  }
  return { fields, flags };
}
