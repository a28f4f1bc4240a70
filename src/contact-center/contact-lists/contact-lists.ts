/**
 * Contact lists (seed 003, "Contact Lists"): one global list per center,
 * created on first use, which cannot be renamed or deleted (the product's
 * pages), and custom lists the API creates, renames and deletes; entries
 * (name, E.164 phone number, email) on both kinds.
 *
 * Writes take the center's row lock first, so the bounds (lists per center,
 * contacts per list) and the unique names hold under concurrent requests,
 * and a duplicate is a precise 400 rather than a constraint error.
 */
import { sql } from 'kysely';
import type { CcDb } from '../db/cc-database.ts';
import { ContactCenterErrors } from '../cc-errors.ts';
import type { ContactFields } from './contact-input.ts';
import { ContactListErrors } from './contact-lists-errors.ts';

export const MAX_CONTACT_LISTS = 100;
export const MAX_CONTACTS_PER_LIST = 10_000;
export const GLOBAL_LIST_NAME = 'Global';

export interface ContactListView {
  readonly id: number;
  readonly name: string;
  readonly type: 'global' | 'custom';
  readonly contacts_count: number;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface ContactView {
  readonly id: number;
  readonly contact_list_id: number;
  readonly name: string;
  readonly phone_number: string;
  readonly email: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

/** Serializes a center's list and contact writes (and queue-settings imports, which replace the lists). */
export async function lockCenter(trx: CcDb, tenantId: string): Promise<void> {
  await trx.selectFrom('cc_centers').select('tenant_id').where('tenant_id', '=', tenantId).forUpdate().executeTakeFirstOrThrow();
}

/** The center's global list, made on first use. */
export async function ensureGlobalList(db: CcDb, tenantId: string): Promise<void> {
  await db.insertInto('cc_contact_lists').values({ tenant_id: tenantId, name: GLOBAL_LIST_NAME, kind: 'global' }).onConflict((oc) => oc.doNothing()).execute();
}

function listQuery(db: CcDb, tenantId: string) {
  return db
    .selectFrom('cc_contact_lists as l')
    .select(['l.id', 'l.name', 'l.kind', 'l.created_at', 'l.updated_at'])
    .select((eb) => eb.selectFrom('cc_contacts as c').select(eb.fn.countAll<string>().as('n')).where('c.tenant_id', '=', tenantId).whereRef('c.contact_list_id', '=', 'l.id').as('contacts_count'))
    .where('l.tenant_id', '=', tenantId);
}

type ListRow = { id: string; name: string; kind: 'global' | 'custom'; created_at: Date; updated_at: Date; contacts_count: string | null };

const listView = (row: ListRow): ContactListView => ({
  id: Number(row.id),
  name: row.name,
  type: row.kind,
  contacts_count: Number(row.contacts_count ?? 0),
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
});

export const contactView = (row: { id: string; contact_list_id: string; name: string; phone_number: string; email: string | null; created_at: Date; updated_at: Date }): ContactView => ({
  id: Number(row.id),
  contact_list_id: Number(row.contact_list_id),
  name: row.name,
  phone_number: row.phone_number,
  email: row.email,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
});

/** The global list first, then custom lists in the order they were made. */
export async function listContactLists(db: CcDb, tenantId: string): Promise<ContactListView[]> {
  await ensureGlobalList(db, tenantId);
  const rows = await listQuery(db, tenantId).orderBy(sql`l.kind = 'global'`, 'desc').orderBy('l.id').execute();
  return rows.map(listView);
}

export async function findContactList(db: CcDb, tenantId: string, id: string): Promise<ContactListView> {
  await ensureGlobalList(db, tenantId);
  return readList(db, tenantId, id);
}

async function readList(db: CcDb, tenantId: string, id: string): Promise<ContactListView> {
  const row = await listQuery(db, tenantId).where('l.id', '=', id).executeTakeFirst();
  if (!row) throw ContactCenterErrors.CC_NOT_FOUND();
  return listView(row);
}

async function checkNameFree(trx: CcDb, tenantId: string, name: string, exceptId?: string): Promise<void> {
  let query = trx.selectFrom('cc_contact_lists').select('id').where('tenant_id', '=', tenantId).where(sql`lower(name)`, '=', name.toLowerCase());
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw ContactListErrors.CC_CONTACT_LIST_NAME_TAKEN();
}

/**
 * Writes answer with the list as they left it, read inside their own
 * transaction: a queue-settings import committed just after may replace it.
 */
export async function createContactList(db: CcDb, tenantId: string, name: string): Promise<ContactListView> {
  return db.transaction().execute(async (trx) => {
    await lockCenter(trx, tenantId);
    await ensureGlobalList(trx, tenantId);
    const count = await trx.selectFrom('cc_contact_lists').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_CONTACT_LISTS) throw ContactListErrors.CC_CONTACT_LIST_LIMIT([MAX_CONTACT_LISTS]);
    await checkNameFree(trx, tenantId, name);
    const { id } = await trx.insertInto('cc_contact_lists').values({ tenant_id: tenantId, name, kind: 'custom' }).returning('id').executeTakeFirstOrThrow();
    return readList(trx, tenantId, id);
  });
}

/** A custom list of this center, locked for the change; the global list is refused. */
async function customList(trx: CcDb, tenantId: string, id: string): Promise<void> {
  const row = await trx.selectFrom('cc_contact_lists').select('kind').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw ContactCenterErrors.CC_NOT_FOUND();
  if (row.kind === 'global') throw ContactListErrors.CC_CONTACT_LIST_GLOBAL();
}

export async function renameContactList(db: CcDb, tenantId: string, id: string, name: string): Promise<ContactListView> {
  return db.transaction().execute(async (trx) => {
    await lockCenter(trx, tenantId);
    await customList(trx, tenantId, id);
    await checkNameFree(trx, tenantId, name, id);
    await trx.updateTable('cc_contact_lists').set({ name, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    return readList(trx, tenantId, id);
  });
}

/** Deletes a custom list and its contacts; answers what it was. */
export async function deleteContactList(db: CcDb, tenantId: string, id: string): Promise<ContactListView> {
  return db.transaction().execute(async (trx) => {
    await lockCenter(trx, tenantId);
    await customList(trx, tenantId, id);
    const before = await readList(trx, tenantId, id);
    await trx.deleteFrom('cc_contact_lists').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    return before;
  });
}

export async function listContacts(db: CcDb, tenantId: string, listId: string, page: { offset: number; perPage: number }): Promise<{ contacts: ContactView[]; total: number }> {
  const list = await findContactList(db, tenantId, listId);
  const rows = await db
    .selectFrom('cc_contacts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('contact_list_id', '=', listId)
    .orderBy('id')
    .offset(page.offset)
    .limit(page.perPage)
    .execute();
  return { contacts: rows.map(contactView), total: list.contacts_count };
}

async function checkPhoneFree(trx: CcDb, tenantId: string, listId: string, phone: string, exceptId?: string): Promise<void> {
  let query = trx.selectFrom('cc_contacts').select('id').where('tenant_id', '=', tenantId).where('contact_list_id', '=', listId).where('phone_number', '=', phone);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw ContactListErrors.CC_CONTACT_PHONE_TAKEN();
}

export async function addContact(db: CcDb, tenantId: string, listId: string, contact: ContactFields): Promise<ContactView> {
  await findContactList(db, tenantId, listId);
  return db.transaction().execute(async (trx) => {
    await lockCenter(trx, tenantId);
    const list = await trx.selectFrom('cc_contact_lists').select('id').where('tenant_id', '=', tenantId).where('id', '=', listId).executeTakeFirst();
    if (!list) throw ContactCenterErrors.CC_NOT_FOUND();
    const count = await trx.selectFrom('cc_contacts').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).where('contact_list_id', '=', listId).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_CONTACTS_PER_LIST) throw ContactListErrors.CC_CONTACT_LIST_FULL([MAX_CONTACTS_PER_LIST]);
    await checkPhoneFree(trx, tenantId, listId, contact.phone_number);
    const row = await trx.insertInto('cc_contacts').values({ tenant_id: tenantId, contact_list_id: listId, ...contact }).returningAll().executeTakeFirstOrThrow();
    return contactView(row);
  });
}

export async function updateContact(db: CcDb, tenantId: string, listId: string, id: string, changes: Partial<ContactFields>): Promise<ContactView> {
  return db.transaction().execute(async (trx) => {
    await lockCenter(trx, tenantId);
    if (changes.phone_number !== undefined) await checkPhoneFree(trx, tenantId, listId, changes.phone_number, id);
    const row = await trx
      .updateTable('cc_contacts')
      .set({ ...changes, updated_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('contact_list_id', '=', listId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw ContactCenterErrors.CC_NOT_FOUND();
    return contactView(row);
  });
}

export async function deleteContact(db: CcDb, tenantId: string, listId: string, id: string): Promise<ContactView> {
  const row = await db.deleteFrom('cc_contacts').where('tenant_id', '=', tenantId).where('contact_list_id', '=', listId).where('id', '=', id).returningAll().executeTakeFirst();
  if (!row) throw ContactCenterErrors.CC_NOT_FOUND();
  return contactView(row);
}
