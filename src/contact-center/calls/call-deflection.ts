/**
 * What a menu does with a caller arriving now (seed 003, "Deflected": "based
 * on the configuration for overcapacity queues or after hour calls"): after
 * hours, the menu's after-hours deflection; over capacity (as many queued
 * calls as `overcapacity_limit`), its overcapacity deflection. "closed": after
 * hours with no deflection, the call cannot be taken; over capacity with no
 * deflection, the caller queues anyway.
 */
import type { CcDb } from '../db/cc-database.ts';
import { isOpen, type MenuRow } from '../directory/menus.ts';
import type { CallDeflection } from './call-tables.ts';

export async function queuedCalls(db: CcDb, tenantId: string, menuId: string): Promise<number> {
  const row = await db.selectFrom('cc_calls').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).where('menu_id', '=', menuId).where('status', '=', 'queued').executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function menuDeflection(db: CcDb, tenantId: string, menu: MenuRow, now: Date): Promise<CallDeflection | 'closed'> {
  if (!isOpen(menu, now)) return menu.after_hours_deflection === 'none' ? 'closed' : 'after_hours';
  if (menu.overcapacity_limit !== null && menu.overcapacity_deflection !== 'none' && (await queuedCalls(db, tenantId, menu.id)) >= menu.overcapacity_limit) return 'over_capacity';
  return 'no_deflection';
}
