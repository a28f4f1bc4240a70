/**
 * `npm start -- --demo`: the demo workspace's contact center, seeded, with an
 * API credential, logged once with a curl line a newcomer can run, and three
 * callers already queued.
 */
import type { Config } from '../../platform/config/config.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/logging/logger.ts';
import { createCredential } from '../centers/api-credentials.ts';
import { ccDb } from '../db/cc-database.ts';
import { randomBytes } from 'node:crypto';
import { setAgentPassword } from '../web/web-sessions.ts';
import { createCall } from '../calls/create-call.ts';
import { defaultRegion } from '../directory/phone-numbers.ts';
import { centerSettings } from '../simulation/center-settings.ts';
import { seedDemoCenter } from './demo-center.ts';

/** Callers already on the line when the demo starts, so the wallboard and the console show calls moving at once. */
const DEMO_CALLERS = [
  { menu: 'Support', number: '+14155550142' },
  { menu: 'Sales', number: '+14155550143' },
  { menu: 'Billing', number: '+14155550144' },
] as const;

export async function createDemoCenter(db: Db, config: Config, tenantId: string, url: string | undefined, logger: Logger): Promise<void> {
  const cc = ccDb(db);
  const center = await seedDemoCenter(cc, tenantId, { subdomain: 'demo' });
  await cc.transaction().execute(async (trx) => {
    const settings = await centerSettings(trx, tenantId, config);
    for (const caller of DEMO_CALLERS) {
      const menu = center.menus.find((m) => m.name === caller.menu)!;
      await createCall(trx, tenantId, { callType: 'Voice Inbound (API)', menuId: String(menu.id), agentEmail: undefined, ticketId: undefined, endUserNumber: caller.number, outboundNumber: undefined, lang: 'en', recordingPermission: 'granted', scheduledAt: undefined, parentCallId: undefined }, settings, defaultRegion(config.phoneDefaultRegion));
    }
  });
  const { token } = await createCredential(cc, tenantId, 'demo credential');
  const admin = center.agents[0]!;
  const password = randomBytes(12).toString('base64url');
  await setAgentPassword(cc, tenantId, admin.email, password);
  const base = `${url ?? ''}/apps/api/v1`;
  logger.info(
    { subdomain: center.subdomain, ccToken: token, ccAdminEmail: admin.email, ccAdminPassword: password, menus: center.menus.length, agents: center.agents.length },
    `Demo contact center ready: curl -u ${center.subdomain}:${token} "${base}/end_users?identifier=demo-customer-1", or sign in at ${url ?? ''}/login (subdomain ${center.subdomain}) as ${admin.email} with password ${password}`,
  );
}
