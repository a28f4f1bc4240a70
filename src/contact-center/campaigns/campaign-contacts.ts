/**
 * Campaign contacts (seed 003, "Campaign Endpoints"): added one at a time or
 * by import, updated and removed while they are not on a call. The seed's
 * request bodies say `external_unique_id`, its contact object `unique_id`:
 * both name the integrator's id, unique within a campaign.
 */
import { sql, type Selectable } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import { ContactCenterErrors } from '../cc-errors.ts';
import type { CcDb } from '../db/cc-database.ts';
import { toE164 } from '../directory/phone-numbers.ts';
import { optionalId } from '../http/inputs.ts';
import { CampaignErrors } from './campaign-errors.ts';
import type { CampaignTables, ContactStatus } from './campaign-tables.ts';

export type ContactRow = Selectable<CampaignTables['cc_campaign_contacts']>;

export const MAX_CONTACTS_PER_CAMPAIGN = 100_000;

/** Statuses of a contact whose call is under way: it cannot be edited or removed until the call ends. */
export const BUSY_STATUSES: readonly ContactStatus[] = ['Dialing', 'Queued', 'Connected', 'Transferred'];

export interface ContactInput {
  readonly name?: string | null;
  readonly email?: string | null;
  readonly phone_number?: string;
  readonly outbound_number?: string | null;
  readonly unique_id?: string | null;
  readonly priority?: number | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function text(record: Record<string, unknown>, name: string, max: number): string | null | undefined {
  const value = record[name];
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (typeof value !== 'string' && typeof value !== 'number') throw CampaignErrors.CC_CAMPAIGN_FIELD_INVALID([`${name} must be a string`]);
  const string = String(value).trim();
  if (string.length > max) throw CampaignErrors.CC_CAMPAIGN_FIELD_INVALID([`${name} is longer than ${max} characters`]);
  return string === '' ? null : string;
}

/**
 * A contact's fields from a request or an import row. A phone number that
 * cannot be dialled is kept as given (the dialer marks it "Invalid Number",
 * as the seed's statuses say); a malformed outbound number is refused, since
 * it is the center's own configuration.
 */
export function readContact(record: Record<string, unknown>, region: CountryCode, options: { requirePhone: boolean }): ContactInput {
  const phone = text(record, 'phone_number', 40);
  if (options.requirePhone && !phone) throw CampaignErrors.CC_CAMPAIGN_PHONE_REQUIRED();
  if (phone === null) throw CampaignErrors.CC_CAMPAIGN_PHONE_REQUIRED();
  const email = text(record, 'email', 320);
  if (email && !EMAIL.test(email)) throw CampaignErrors.CC_CAMPAIGN_FIELD_INVALID(['email is not a valid email address']);
  const outbound = text(record, 'outbound_number', 40);
  let outboundNumber: string | null | undefined = outbound;
  if (outbound) {
    outboundNumber = toE164(outbound, region);
    if (!outboundNumber) throw CampaignErrors.CC_CAMPAIGN_FIELD_INVALID(['outbound_number is not well formed']);
  }
  const priority = record.priority;
  if (priority !== undefined && priority !== null && priority !== '' && !(Number.isInteger(Number(priority)) && Number(priority) >= 0 && Number(priority) <= 1000)) {
    throw CampaignErrors.CC_CAMPAIGN_FIELD_INVALID(['priority must be an integer from 0 to 1000']);
  }
  return {
    name: text(record, 'name', 255),
    email,
    phone_number: phone === undefined ? undefined : (toE164(phone, region) ?? phone),
    outbound_number: outboundNumber,
    unique_id: text(record, record.external_unique_id !== undefined ? 'external_unique_id' : 'unique_id', 255),
    priority: priority === undefined ? undefined : priority === null || priority === '' ? null : Number(priority),
  };
}

/** Seed 003's contact object, with the contact's own name, email and number beside it. */
export function contactView(row: ContactRow) {
  return {
    assigned_call_id: row.assigned_call_id === null ? null : Number(row.assigned_call_id),
    assigned_participant_id: row.assigned_participant_id === null ? null : Number(row.assigned_participant_id),
    campaign_id: Number(row.campaign_id),
    created_at: row.created_at.toISOString(),
    id: Number(row.id),
    name: row.name,
    email: row.email,
    phone_number: row.phone_number,
    outbound_number: row.outbound_number,
    priority: row.priority,
    status: row.status,
    unique_id: row.unique_id,
    attempts: row.attempts,
    updated_at: row.updated_at.toISOString(),
  };
}

export async function lockedCampaign(trx: CcDb, tenantId: string, campaignId: string) {
  const campaign = await trx.selectFrom('cc_campaigns').select(['id', 'status']).where('tenant_id', '=', tenantId).where('id', '=', campaignId).forUpdate().executeTakeFirst();
  if (!campaign) throw ContactCenterErrors.CC_NOT_FOUND();
  return campaign;
}

async function assertUniqueId(trx: CcDb, tenantId: string, campaignId: string, uniqueId: string | null | undefined, except?: string) {
  if (!uniqueId) return;
  let query = trx.selectFrom('cc_campaign_contacts').select('id').where('tenant_id', '=', tenantId).where('campaign_id', '=', campaignId).where('unique_id', '=', uniqueId);
  if (except) query = query.where('id', '!=', except);
  if (await query.executeTakeFirst()) throw CampaignErrors.CC_CAMPAIGN_DUPLICATE_UNIQUE_ID([uniqueId]);
}

async function contactCount(trx: CcDb, tenantId: string, campaignId: string): Promise<number> {
  const row = await trx.selectFrom('cc_campaign_contacts').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).where('campaign_id', '=', campaignId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts contacts already read; the campaign row is locked by the caller, so the count and unique ids hold. */
export async function insertContacts(trx: CcDb, tenantId: string, campaignId: string, contacts: readonly ContactInput[]): Promise<ContactRow[]> {
  if (contacts.length === 0) return [];
  if ((await contactCount(trx, tenantId, campaignId)) + contacts.length > MAX_CONTACTS_PER_CAMPAIGN) throw CampaignErrors.CC_CAMPAIGN_FULL([MAX_CONTACTS_PER_CAMPAIGN]);
  return trx
    .insertInto('cc_campaign_contacts')
    .values(contacts.map((c) => ({
      tenant_id: tenantId,
      campaign_id: campaignId,
      name: c.name ?? null,
      email: c.email ?? null,
      phone_number: c.phone_number!,
      outbound_number: c.outbound_number ?? null,
      unique_id: c.unique_id ?? null,
      priority: c.priority ?? null,
    })))
    .returningAll()
    .execute();
}

export async function addContact(db: CcDb, tenantId: string, campaignId: string, input: ContactInput): Promise<ContactRow> {
  return db.transaction().execute(async (trx) => {
    await lockedCampaign(trx, tenantId, campaignId);
    await assertUniqueId(trx, tenantId, campaignId, input.unique_id);
    const [row] = await insertContacts(trx, tenantId, campaignId, [input]);
    return row!;
  });
}

/** The contact a PATCH or DELETE names: by contact_id, else by external_unique_id, else by phone number; the other keys given must agree. */
async function namedContact(trx: CcDb, tenantId: string, campaignId: string, record: Record<string, unknown>, key: { contactId: string | undefined; uniqueId?: string | null; phone?: string }) {
  let query = trx.selectFrom('cc_campaign_contacts').selectAll().where('tenant_id', '=', tenantId).where('campaign_id', '=', campaignId);
  if (key.contactId) query = query.where('id', '=', key.contactId);
  if (key.uniqueId) query = query.where('unique_id', '=', key.uniqueId);
  if (key.phone) query = query.where('phone_number', '=', key.phone);
  const rows = await query.orderBy('id').limit(2).forUpdate().execute();
  // Two contacts share the number and nothing else tells them apart: removing one at random would surprise.
  if (rows.length !== 1) {
    if (rows.length > 1) throw CampaignErrors.CC_CAMPAIGN_FIELD_INVALID([`${String(record.phone_number)} is the number of several contacts: send contact_id or external_unique_id`]);
    throw ContactCenterErrors.CC_NOT_FOUND();
  }
  const row = rows[0]!;
  if (BUSY_STATUSES.includes(row.status)) throw CampaignErrors.CC_CAMPAIGN_CONTACT_BUSY([row.id, row.status]);
  return row;
}

export async function updateContact(db: CcDb, tenantId: string, campaignId: string, record: Record<string, unknown>, region: CountryCode): Promise<ContactRow> {
  const contactId = optionalId(record.contact_id);
  if (!contactId) throw CampaignErrors.CC_CAMPAIGN_CONTACT_ID_REQUIRED();
  const input = readContact(record, region, { requirePhone: false });
  return db.transaction().execute(async (trx) => {
    await lockedCampaign(trx, tenantId, campaignId);
    const row = await namedContact(trx, tenantId, campaignId, record, { contactId });
    await assertUniqueId(trx, tenantId, campaignId, input.unique_id, row.id);
    // A contact whose number or outbound number was fixed is dialled again: its terminal status came from the old one.
    const redial = (input.phone_number !== undefined && input.phone_number !== row.phone_number) || (input.outbound_number !== undefined && input.outbound_number !== row.outbound_number);
    return trx
      .updateTable('cc_campaign_contacts')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        ...(input.phone_number !== undefined ? { phone_number: input.phone_number } : {}),
        ...(input.outbound_number !== undefined ? { outbound_number: input.outbound_number } : {}),
        ...(input.unique_id !== undefined ? { unique_id: input.unique_id } : {}),
        ...(input.priority !== undefined ? { priority: input.priority } : {}),
        ...(redial ? { status: 'Upcoming' as const, attempts: 0, next_dial_at: null } : {}),
        updated_at: new Date(),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function deleteContact(db: CcDb, tenantId: string, campaignId: string, record: Record<string, unknown>, region: CountryCode): Promise<ContactRow> {
  const contactId = optionalId(record.contact_id);
  if (contactId === false) throw CampaignErrors.CC_CAMPAIGN_FIELD_INVALID(['contact_id must be an integer']);
  const input = readContact(record, region, { requirePhone: false });
  if (!contactId && !input.unique_id && !input.phone_number) throw CampaignErrors.CC_CAMPAIGN_CONTACT_KEY_REQUIRED();
  return db.transaction().execute(async (trx) => {
    await lockedCampaign(trx, tenantId, campaignId);
    const row = await namedContact(trx, tenantId, campaignId, record, { contactId, uniqueId: input.unique_id, phone: input.phone_number });
    await trx.deleteFrom('cc_campaign_contacts').where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
    return row;
  });
}

export async function listContacts(db: CcDb, tenantId: string, campaignId: string, page: { offset: number; limit: number; status?: ContactStatus }) {
  let query = db.selectFrom('cc_campaign_contacts').selectAll().where('tenant_id', '=', tenantId).where('campaign_id', '=', campaignId);
  if (page.status) query = query.where('status', '=', page.status);
  return query.orderBy('id').offset(page.offset).limit(page.limit).execute();
}

/** Contacts per status, for the campaign object's `contact_stats`. */
export async function contactStats(db: CcDb, tenantId: string, campaignIds: readonly string[]): Promise<Map<string, Record<string, number>>> {
  const stats = new Map<string, Record<string, number>>();
  if (campaignIds.length === 0) return stats;
  const rows = await db
    .selectFrom('cc_campaign_contacts')
    .select(['campaign_id', 'status', sql<string>`count(*)`.as('n')])
    .where('tenant_id', '=', tenantId)
    .where('campaign_id', 'in', campaignIds)
    .groupBy(['campaign_id', 'status'])
    .execute();
  for (const id of campaignIds) stats.set(id, { total: 0 });
  for (const row of rows) {
    const entry = stats.get(row.campaign_id)!;
    entry[row.status] = Number(row.n);
    entry.total! += Number(row.n);
  }
  return stats;
}
