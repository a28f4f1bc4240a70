/**
 * A workspace's contact center: enabled once with a subdomain, which is the
 * Apps API's Basic-auth username and the leftmost label of its host
 * (seed 003, "Basic Authentication").
 */
import { randomBytes } from 'node:crypto';
import type { CcDb } from '../db/cc-database.ts';
import { ContactCenterErrors } from '../cc-errors.ts';
import { isUuid } from '../../platform/tenancy/tenancy.ts';
import { TenancyErrors } from '../../platform/tenancy/tenancy-errors.ts';

export interface Center {
  readonly tenantId: string;
  readonly subdomain: string;
}

/** RFC 1035 §2.3.1 label, lowercase: what a browser and DNS accept as `{subdomain}.{domain}`. */
const SUBDOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function checkSubdomain(value: string): string {
  if (!SUBDOMAIN.test(value)) throw ContactCenterErrors.CC_INVALID_SUBDOMAIN([JSON.stringify(value.slice(0, 80))]);
  return value;
}

/** Creates the workspace's center with the configuration a new center starts with: "Available", the system statuses. */
export async function enableCenter(db: CcDb, input: { tenantId: string; subdomain: string }): Promise<Center> {
  const subdomain = checkSubdomain(input.subdomain);
  if (!isUuid(input.tenantId) || !(await db.selectFrom('tenants').select('id').where('id', '=', input.tenantId).executeTakeFirst())) {
    throw TenancyErrors.TENANCY_TENANT_NOT_FOUND([input.tenantId]);
  }
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('cc_centers').select('subdomain').where('tenant_id', '=', input.tenantId).forUpdate().executeTakeFirst();
    if (existing) throw ContactCenterErrors.CC_ALREADY_ENABLED([existing.subdomain]);
    const inserted = await trx
      .insertInto('cc_centers')
      .values({ tenant_id: input.tenantId, subdomain, company_secret: randomBytes(32).toString('base64url') })
      .onConflict((oc) => oc.column('subdomain').doNothing())
      .returning('tenant_id')
      .executeTakeFirst();
    if (!inserted) throw ContactCenterErrors.CC_SUBDOMAIN_TAKEN([subdomain]);
    await trx
      .insertInto('cc_statuses')
      .values(STARTING_STATUSES.map(([name, kind]) => ({ tenant_id: input.tenantId, name, kind })))
      .execute();
    return { tenantId: input.tenantId, subdomain };
  });
}

/**
 * The statuses every center has. "Available" takes work; the system's are set
 * by the platform only (seed 003, "Agent Status Endpoint": transitions to and
 * from them through the API are refused).
 */
export const STARTING_STATUSES: readonly (readonly [string, 'available' | 'custom' | 'system'])[] = [
  ['Available', 'available'],
  ['Break', 'custom'],
  ['Lunch', 'custom'],
  ['Meeting', 'custom'],
  ['Offline', 'system'],
  ['In-Call', 'system'],
  ['In-Chat', 'system'],
  ['Wrap-Up', 'system'],
];

export async function findCenter(db: CcDb, tenantId: string): Promise<Center & { companySecret: string }> {
  const row = isUuid(tenantId)
    ? await db.selectFrom('cc_centers').select(['tenant_id', 'subdomain', 'company_secret']).where('tenant_id', '=', tenantId).executeTakeFirst()
    : undefined;
  if (!row) throw ContactCenterErrors.CC_NOT_ENABLED([tenantId]);
  return { tenantId: row.tenant_id, subdomain: row.subdomain, companySecret: row.company_secret };
}

export async function centerBySubdomain(db: CcDb, subdomain: string): Promise<Center | undefined> {
  if (!SUBDOMAIN.test(subdomain)) return undefined;
  const row = await db.selectFrom('cc_centers').select(['tenant_id', 'subdomain']).where('subdomain', '=', subdomain).executeTakeFirst();
  return row && { tenantId: row.tenant_id, subdomain: row.subdomain };
}
