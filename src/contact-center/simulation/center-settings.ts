/** A center's simulation settings as stored on its row (`cc_centers.simulation`), over the defaults. */
import type { Config } from '../../platform/config/config.ts';
import type { CcDb } from '../db/cc-database.ts';
import { simulationSettings, type SimulationSettings } from './sim-settings.ts';

export async function centerSettings(db: CcDb, tenantId: string, config: Pick<Config, 'ccTimeScale'>): Promise<SimulationSettings> {
  const row = await db.selectFrom('cc_centers').select('simulation').where('tenant_id', '=', tenantId).executeTakeFirst();
  return simulationSettings(row?.simulation ?? {}, config);
}
