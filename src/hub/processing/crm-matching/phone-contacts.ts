/**
 * Contacts found by phone number: the digit variants of each wanted number
 * through the contacts_phone_digits_idx lookup, then each candidate's own
 * number read as E.164 and kept only when it is one of the wanted numbers.
 * Of several contacts with one number, the most recently updated wins (then
 * the smallest id), as for emails (match-statement.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import type { Database } from '../../../platform/db/schema.ts';
import { digitVariants, toE164 } from './phone-numbers.ts';

/** E.164 number → contact id, for the numbers some contact of the tenant has. */
export async function contactsByPhone(trx: Kysely<Database>, tenantId: string, numbers: ReadonlySet<string>, region: CountryCode | undefined): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (numbers.size === 0) return found;
  const digits = [...new Set([...numbers].flatMap((number) => digitVariants(number, region)))];
  const { rows } = await sql<{ id: string; phone: string }>`
    select c.id, c.phone from contacts c
    where c.tenant_id = ${tenantId}::uuid and crm_phone_digits(c.phone) = any(${digits}::text[])
    order by c.updated desc, c.id`.execute(trx);
  for (const row of rows) {
    const number = toE164(row.phone, region);
    if (number && numbers.has(number) && !found.has(number)) found.set(number, row.id);
  }
  return found;
}
