/**
 * `commontime start --demo` on an empty database: a workspace named Demo
 * with the small demo data (its conversations processed and its topics
 * built before anything is printed), its admin (a generated password) and a
 * personal access token with `api:read`, all printed to the log once so a
 * newcomer can sign in and query the OData API at once.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../../platform/config/config.ts';
import type { Connection } from '../../platform/db/connect.ts';
import type { Logger } from '../../platform/logging/logger.ts';
import { createTenant } from '../../platform/tenancy/tenancy.ts';
import { createToken } from '../identity/personal-access-tokens.ts';
import type { PipelineOptions } from '../processing/pipeline/pipeline-options.ts';
import { loadDemoData } from './demo-data.ts';
import { SCALES } from './scales.ts';

export const DEMO_EMAIL = 'demo@commontime.example';

export async function createDemoWorkspace(connection: Connection, config: Config, pipeline: PipelineOptions, logger: Logger): Promise<{ tenantId: string }> {
  const { publicUrl } = config;
  const password = randomBytes(12).toString('base64url');
  const { tenantId, userId } = await createTenant(connection.db, { name: 'Demo', admin: { email: DEMO_EMAIL, password, name: 'Demo Admin' } });
  const demoLogger = logger.child({ component: 'demo' });
  const { seconds } = await loadDemoData(connection, tenantId, SCALES.small, { pipeline, topicsMemoryMb: config.topicsBuildMemoryMb, logger: demoLogger });
  const { token } = await createToken(connection.db, { tenantId, userId, name: 'demo token', scopes: ['api:read'] });
  logger.info(
    { tenantId, email: DEMO_EMAIL, demoPassword: password, demoToken: token, seconds },
    `Demo workspace ready. Sign in at ${publicUrl}/login as ${DEMO_EMAIL} with password ${password}, or query: curl -H "Authorization: Bearer ${token}" "${publicUrl}/odata/Conversations?$top=5"`,
  );
  return { tenantId };
}
