/**
 * What the wallboard shows (seed 003's objects, counted): per leaf menu
 * (queue), its calls and chats by status and its estimated waits, and the
 * center's agents by status. Ended calls and chats count for the last hour
 * only, so the board shows the shift, not the archive.
 */
import type { Config } from '../../platform/config/config.ts';
import type { CcDb } from '../db/cc-database.ts';
import { ancestry, isLeaf, loadMenus } from '../directory/menus.ts';
import { menuLoads } from '../queue-status/queue-load.ts';
import { chatWait, voiceWait } from '../queue-status/wait-estimate.ts';
import { centerSettings } from '../simulation/center-settings.ts';

const RECENT_MS = 60 * 60 * 1000;

type Counts = Record<string, number>;

async function byMenuAndStatus(db: CcDb, table: 'cc_calls' | 'cc_chats', tenantId: string): Promise<Map<string, Counts>> {
  const rows = await db
    .selectFrom(table as 'cc_calls')
    .select(['menu_id', 'status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('tenant_id', '=', tenantId)
    .where('updated_at', '>', new Date(Date.now() - RECENT_MS))
    .groupBy(['menu_id', 'status'])
    .execute();
  const counts = new Map<string, Counts>();
  for (const row of rows) {
    if (row.menu_id === null) continue;
    const entry = counts.get(row.menu_id) ?? {};
    entry[row.status] = Number(row.n);
    counts.set(row.menu_id, entry);
  }
  return counts;
}

export async function wallboardData(db: CcDb, tenantId: string, config: Pick<Config, 'ccTimeScale'>) {
  const [tree, calls, chats, settings, agents] = await Promise.all([
    loadMenus(db, tenantId),
    byMenuAndStatus(db, 'cc_calls', tenantId),
    byMenuAndStatus(db, 'cc_chats', tenantId),
    centerSettings(db, tenantId, config),
    db
      .selectFrom('cc_agents')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('deactivated_at', 'is', null)
      .groupBy('status')
      .execute(),
  ]);
  const leaves = [...tree.byId.values()].filter((menu) => !menu.deleted && isLeaf(tree, menu));
  const loads = await menuLoads(db, tenantId, leaves.map((menu) => menu.id));
  return {
    generated_at: new Date().toISOString(),
    queues: leaves.map((menu) => {
      const load = loads.get(menu.id)!;
      return {
        id: Number(menu.id),
        name: ancestry(tree, menu).map((row) => row.name).join(' › '),
        menu_type: menu.menu_type,
        calls: calls.get(menu.id) ?? {},
        chats: chats.get(menu.id) ?? {},
        voice_wait: voiceWait(load, settings),
        chat_wait: chatWait(load, settings),
        logged_in_agents: load.loggedIn,
      };
    }),
    agents: Object.fromEntries(agents.map((row) => [row.status, Number(row.n)])),
  };
}
