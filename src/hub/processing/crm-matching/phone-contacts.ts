/**
 * Contacts found by phone number: the digit variants of each wanted number
 * through the contacts_phone_digits_idx lookup, then each candidate's own
 * number read as E.164 and kept only when it is one of the wanted numbers.
 * Of several contacts with one number, the most recently updated wins (then
 * the smallest id), as for emails (match-statement.ts). Each comes with its
 * account when that account exists, so the matching statement need not look
 * the contact up again.
 */
import { sql, type Kysely } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import type { Database } from '../../../platform/db/schema.ts';
import { digitVariants, toE164 } from './phone-numbers.ts';

export interface PhoneContact {
  readonly id: string;
  /** The contact's account, when that account exists. */
  readonly account_id: string | null;
}

/** E.164 number → contact, for the numbers some contact of the tenant has. */
export async function contactsByPhone(trx: Kysely<Database>, tenantId: string, numbers: ReadonlySet<string>, region: CountryCode | undefined): Promise<Map<string, PhoneContact>> {
  const found = new Map<string, PhoneContact>();
  if (numbers.size === 0) return found;
  const digits = [...new Set([...numbers].flatMap((number) => digitVariants(number, region)))];
  const { rows } = await sql<{ id: string; phone: string; account_id: string | null }>`
    select c.id, c.phone, a.id as account_id from contacts c
    left join accounts a on a.tenant_id = c.tenant_id and a.id = c.account_id
    where c.tenant_id = ${tenantId}::uuid and crm_phone_digits(c.phone) = any(${digits}::text[])
    order by c.updated desc, c.id`.execute(trx);
  for (const row of rows) {
    const number = toE164(row.phone, region);
    if (number && numbers.has(number) && !found.has(number)) found.set(number, { id: row.id, account_id: row.account_id });
  }
  return found;
}
