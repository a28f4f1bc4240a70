/**
 * Campaigns of the outbound dialer (seed 003, "Campaign Endpoints"). The
 * seed's API only reads campaigns ("In future releases, the campaign
 * endpoints will allow users to create, edit and delete campaigns"), so
 * campaigns are made and started by the CLI and the demo; their object
 * follows the product's Manager API (../shared/reference/contact-center-apps-api.md).
 */
import type { Selectable } from 'kysely';
import type { Config } from '../../platform/config/config.ts';
import { ContactCenterErrors } from '../cc-errors.ts';
import type { CcDb } from '../db/cc-database.ts';
import { loadMenus, materializedPath } from '../directory/menus.ts';
import { optionalId } from '../http/inputs.ts';
import { centerSimulation } from '../simulation/sim-settings.ts';
import { CampaignErrors } from './campaign-errors.ts';
import { scheduleTick } from './dialer.ts';
import { contactStats } from './campaign-contacts.ts';
import type { CampaignMode, CampaignStatus, CampaignTables } from './campaign-tables.ts';

export type CampaignRow = Selectable<CampaignTables['cc_campaigns']>;

export const CAMPAIGN_MODES: readonly CampaignMode[] = ['preview', 'progressive', 'predictive'];

export interface CampaignInput {
  readonly name: string;
  readonly mode: CampaignMode;
  readonly menuId: string;
  readonly outboundNumber?: string | null;
  readonly maxAbandonmentPercent?: number;
  readonly maxRedialCount?: number;
  readonly redialIntervalMinutes?: number;
  readonly dialRatio?: number;
}

export async function createCampaign(db: CcDb, tenantId: string, input: CampaignInput): Promise<CampaignRow> {
  if (!CAMPAIGN_MODES.includes(input.mode)) throw CampaignErrors.CC_CAMPAIGN_INVALID([`mode must be one of ${CAMPAIGN_MODES.join(', ')}`]);
  const name = input.name.trim();
  if (name === '' || name.length > 255) throw CampaignErrors.CC_CAMPAIGN_INVALID(['name must be 1 to 255 characters']);
  const menuId = optionalId(input.menuId);
  if (!menuId) throw CampaignErrors.CC_CAMPAIGN_INVALID([`menu ${input.menuId} is not a menu of this center`]);
  const menu = await db.selectFrom('cc_menus').select('id').where('tenant_id', '=', tenantId).where('id', '=', menuId).where('deleted', '=', false).executeTakeFirst();
  if (!menu) throw CampaignErrors.CC_CAMPAIGN_INVALID([`menu ${input.menuId} is not a menu of this center`]);
  const taken = await db.selectFrom('cc_campaigns').select('id').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
  if (taken) throw CampaignErrors.CC_CAMPAIGN_INVALID([`a campaign named ${name} exists`]);
  return db
    .insertInto('cc_campaigns')
    .values({
      tenant_id: tenantId,
      name,
      mode: input.mode,
      menu_id: menuId,
      outbound_number: input.outboundNumber ?? null,
      ...(input.maxAbandonmentPercent !== undefined ? { max_abandonment_percent: input.maxAbandonmentPercent } : {}),
      ...(input.maxRedialCount !== undefined ? { max_redial_count: input.maxRedialCount } : {}),
      ...(input.redialIntervalMinutes !== undefined ? { redial_interval_minutes: input.redialIntervalMinutes } : {}),
      ...(input.dialRatio !== undefined ? { dial_ratio: input.dialRatio } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Starting a campaign schedules its first tick in the same transaction (dialer.ts), so a started campaign always dials. */
export async function setCampaignStatus(db: CcDb, tenantId: string, campaignId: string, status: CampaignStatus, config: Pick<Config, 'ccTimeScale'>): Promise<CampaignRow> {
  if (!optionalId(campaignId)) throw ContactCenterErrors.CC_NOT_FOUND();
  return db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('cc_campaigns').set({ status, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', campaignId).returningAll().executeTakeFirst();
    if (!row) throw ContactCenterErrors.CC_NOT_FOUND();
    if (status === 'running') await scheduleTick(trx, await centerSimulation(trx, tenantId, config), tenantId, row.id);
    return row;
  });
}

export async function findCampaign(db: CcDb, tenantId: string, campaignId: string): Promise<CampaignRow> {
  const row = await db.selectFrom('cc_campaigns').selectAll().where('tenant_id', '=', tenantId).where('id', '=', campaignId).executeTakeFirst();
  if (!row) throw ContactCenterErrors.CC_NOT_FOUND();
  return row;
}

/** Campaign objects with their queue and contact counts per status. */
export async function campaignViews(db: CcDb, tenantId: string, rows: readonly CampaignRow[]) {
  const [tree, stats] = await Promise.all([loadMenus(db, tenantId), contactStats(db, tenantId, rows.map((r) => r.id))]);
  return rows.map((row) => {
    const menu = tree.byId.get(row.menu_id);
    return {
      id: Number(row.id),
      name: row.name,
      mode: row.mode,
      status: row.status,
      queue: menu ? { id: Number(menu.id), name: menu.name, menu_type: menu.menu_type, materialized_path: materializedPath(tree, menu) } : null,
      outbound_number: row.outbound_number,
      max_abandonment_percent: Number(row.max_abandonment_percent),
      max_redial_count: row.max_redial_count,
      redial_interval_minutes: row.redial_interval_minutes,
      dial_ratio: Number(row.dial_ratio),
      contact_stats: stats.get(row.id) ?? { total: 0 },
      created_at: row.created_at.toISOString(),
      updated_at: row.updated_at.toISOString(),
    };
  });
}
