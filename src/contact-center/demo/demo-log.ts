/**
 * `npm start -- --demo`: the demo workspace's contact center, seeded, with an
 * API credential, logged once with a curl line a newcomer can run.
 */
import type { Db } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/logging/logger.ts';
import { createCredential } from '../centers/api-credentials.ts';
import { ccDb } from '../db/cc-database.ts';
import { randomBytes } from 'node:crypto';
import { setAgentPassword } from '../web/web-sessions.ts';
import { seedDemoCenter } from './demo-center.ts';

export async function createDemoCenter(db: Db, tenantId: string, url: string | undefined, logger: Logger): Promise<void> {
  const cc = ccDb(db);
  const center = await seedDemoCenter(cc, tenantId, { subdomain: 'demo' });
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
