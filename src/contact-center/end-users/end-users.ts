/**
 * End users: the people who call and chat, known to the center by the
 * integrator's `identifier` (seed 003, "End Users": "Creates or updates an
 * end user based on a given identifier").
 */
import type { CcDb } from '../db/cc-database.ts';

export interface EndUserInput {
  readonly identifier: string;
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
}

/**
 * Upserts on identifier. Fields left out keep their values; the phone of an
 * end user who has one is kept unless `overwritePhone` (the mid-session
 * endpoints: "If a phone number is already set, providing a phone parameter
 * will not update the phone number").
 */
export async function upsertEndUser(db: CcDb, tenantId: string, input: EndUserInput, options: { overwritePhone: boolean } = { overwritePhone: true }) {
  return db
    .insertInto('cc_end_users')
    .values({ tenant_id: tenantId, identifier: input.identifier, name: input.name ?? null, email: input.email ?? null, phone: input.phone ?? null })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'identifier']).doUpdateSet((eb) => ({
        name: eb.fn.coalesce(eb.val(input.name ?? null), eb.ref('cc_end_users.name')),
        email: eb.fn.coalesce(eb.val(input.email ?? null), eb.ref('cc_end_users.email')),
        phone: options.overwritePhone
          ? eb.fn.coalesce(eb.val(input.phone ?? null), eb.ref('cc_end_users.phone'))
          : eb.fn.coalesce(eb.ref('cc_end_users.phone'), eb.val(input.phone ?? null)),
        updated_at: new Date(),
      })),
    )
    .returning(['id', 'identifier'])
    .executeTakeFirstOrThrow();
}

export async function findEndUser(db: CcDb, tenantId: string, by: { id: string } | { identifier: string }) {
  let query = db.selectFrom('cc_end_users').select(['id', 'identifier', 'name', 'email', 'phone', 'out_contact_id']).where('tenant_id', '=', tenantId);
  query = 'id' in by ? query.where('id', '=', by.id) : query.where('identifier', '=', by.identifier);
  return query.executeTakeFirst();
}

/** Seed 003: the answer of both end-user endpoints, `{id, identifier}`. */
export const endUserView = (row: { id: string; identifier: string }) => ({ id: Number(row.id), identifier: row.identifier });
