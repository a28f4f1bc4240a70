/**
 * The company Do-Not-Call list (seed 003, "Company Do Not Call List"): it
 * blocks API outbound and scheduled calls and campaign dials. Entries are
 * E.164 numbers with an optional expiry; an expired entry no longer blocks
 * and is replaced by the next add.
 */
import { sql } from 'kysely';
import type { CcDb } from '../db/cc-database.ts';
import { isEmergencyNumber, toE164 } from '../directory/phone-numbers.ts';
import type { CountryCode } from 'libphonenumber-js';

export interface DncAddResult {
  readonly phone_number: string;
  readonly expires_at?: string | null;
  readonly status: 'created' | 'updated' | 'failed';
  readonly error?: string;
}

export interface DncContactInput {
  readonly phone_number: unknown;
  readonly expires_at?: unknown;
}

/**
 * The public documentation's form "2022-10-29 00:00:00 UTC", or ISO 8601 with
 * a zone; a time without a zone is refused rather than guessed.
 */
export function parseExpiry(value: string): Date | undefined {
  const spaced = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/.exec(value);
  const text = spaced ? `${spaced[1]}T${spaced[2]}Z` : value;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The documentation's form back: "2022-10-29 00:00:00 UTC". */
export function formatExpiry(date: Date | null): string | null {
  return date === null ? null : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Adds or updates each contact on its own: one bad entry fails alone (its `error` says why), the others are stored. */
export async function addToDnc(db: CcDb, tenantId: string, contacts: readonly DncContactInput[], region: CountryCode): Promise<DncAddResult[]> {
  const results: DncAddResult[] = [];
  const now = Date.now();
  await db.transaction().execute(async (trx) => {
    for (const contact of contacts) {
      const raw = typeof contact.phone_number === 'string' ? contact.phone_number : typeof contact.phone_number === 'number' ? String(contact.phone_number) : '';
      const shown = raw.slice(0, 40);
      if (isEmergencyNumber(raw)) {
        results.push({ phone_number: shown, status: 'failed', error: 'emergency phone number is not allowed' });
        continue;
      }
      const number = toE164(raw, region);
      if (!number) {
        results.push({ phone_number: shown, status: 'failed', error: 'phone_number is invalid' });
        continue;
      }
      let expiresAt: Date | null = null;
      if (contact.expires_at !== undefined && contact.expires_at !== null && contact.expires_at !== '') {
        const parsed = typeof contact.expires_at === 'string' ? parseExpiry(contact.expires_at) : undefined;
        if (!parsed) {
          results.push({ phone_number: number, status: 'failed', error: 'expires_at is invalid: use "2022-10-29 00:00:00 UTC" or ISO 8601 with a zone' });
          continue;
        }
        if (parsed.getTime() <= now) {
          results.push({ phone_number: number, status: 'failed', error: 'expires_at cannot be past date/time' });
          continue;
        }
        expiresAt = parsed;
      }
      const row = await trx
        .insertInto('cc_dnc_numbers')
        .values({ tenant_id: tenantId, phone_number: number, expires_at: expiresAt })
        .onConflict((oc) => oc.columns(['tenant_id', 'phone_number']).doUpdateSet({ expires_at: expiresAt, updated_at: new Date() }))
        .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
        .executeTakeFirstOrThrow();
      results.push({ phone_number: number, ...(expiresAt ? { expires_at: formatExpiry(expiresAt) } : {}), status: row.inserted ? 'created' : 'updated' });
    }
  });
  return results;
}

export async function removeFromDnc(db: CcDb, tenantId: string, numbers: readonly unknown[], region: CountryCode) {
  const results: { phone_number: string; status: 'removed' | 'not_found' | 'failed'; error?: string }[] = [];
  await db.transaction().execute(async (trx) => {
    for (const value of numbers) {
      const raw = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
      const number = toE164(raw, region);
      if (!number) {
        results.push({ phone_number: raw.slice(0, 40), status: 'failed', error: 'phone_number is invalid' });
        continue;
      }
      const removed = await trx.deleteFrom('cc_dnc_numbers').where('tenant_id', '=', tenantId).where('phone_number', '=', number).executeTakeFirst();
      results.push({ phone_number: number, status: removed.numDeletedRows > 0n ? 'removed' : 'not_found' });
    }
  });
  return results;
}

/** The live entry for an E.164 number, if any; what blocks calls and dials. */
export async function dncEntry(db: CcDb, tenantId: string, e164: string): Promise<{ expires_at: Date | null } | undefined> {
  return db
    .selectFrom('cc_dnc_numbers')
    .select('expires_at')
    .where('tenant_id', '=', tenantId)
    .where('phone_number', '=', e164)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
    .executeTakeFirst();
}

export async function isOnDnc(db: CcDb, tenantId: string, e164: string): Promise<boolean> {
  return (await dncEntry(db, tenantId, e164)) !== undefined;
}
