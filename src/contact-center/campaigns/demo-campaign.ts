/**
 * The demo center's campaign: a progressive renewals campaign on the first
 * IVR leaf, paused, with contacts to dial (one of them on no phone network,
 * so the dialer's "Invalid Number" shows). `cc campaign start` runs it.
 */
import type { CcDb } from '../db/cc-database.ts';
import { isLeaf, loadMenus } from '../directory/menus.ts';
import { insertContacts } from './campaign-contacts.ts';
import { createCampaign } from './campaigns.ts';

const CONTACTS = [
  { name: 'Avery Chen', email: 'avery.chen@example.org', phone_number: '+14155550101', unique_id: 'CRM-1001' },
  { name: 'Sam Okafor', email: 'sam.okafor@example.org', phone_number: '+14155550102', unique_id: 'CRM-1002' },
  { name: 'Riley Novak', email: 'riley.novak@example.org', phone_number: '+14155550103', unique_id: 'CRM-1003' },
  { name: 'Morgan Diaz', email: 'morgan.diaz@example.org', phone_number: '+14155550104', unique_id: 'CRM-1004' },
  { name: 'Casey Lindqvist', email: 'casey.lindqvist@example.org', phone_number: '12', unique_id: 'CRM-1005' },
];

export async function seedDemoCampaign(db: CcDb, tenantId: string): Promise<void> {
  if (await db.selectFrom('cc_campaigns').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst()) return;
  const tree = await loadMenus(db, tenantId);
  const menu = [...tree.byId.values()].find((m) => m.menu_type === 'ivr_menu' && !m.deleted && isLeaf(tree, m));
  if (!menu) return;
  await db.transaction().execute(async (trx) => {
    const campaign = await createCampaign(trx, tenantId, { name: 'Renewals outreach', mode: 'progressive', menuId: menu.id, outboundNumber: '+16285550199' });
    await insertContacts(trx, tenantId, campaign.id, CONTACTS);
  });
}
