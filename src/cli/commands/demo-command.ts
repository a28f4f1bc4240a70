/** `demo`: fill an empty workspace with demo data for every OData set, its conversations processed by the pipeline. */
import { parseScale } from '../../hub/demo/scales.ts';
import { createLogger } from '../../platform/logging/logger.ts';
import { TenancyErrors } from '../../platform/tenancy/tenancy-errors.ts';
import { UsageError } from '../cli-error.ts';
import { requiredString, type Command } from '../command.ts';
import { withDatabase } from '../with-database.ts';
import { sql } from 'kysely';

export const demo: Command = {
  name: 'demo',
  summary: 'Fill an empty workspace with realistic demo data (accounts, contacts, conversation transcripts processed into insights, topics, …).',
  options: {
    tenant: { type: 'string', required: true, description: 'Workspace id (see `tenant list`).' },
    scale: { type: 'string', description: 'small (300 conversations, default), medium (20,000), large (1,000,000) or a number of conversations.' },
  },
  run: (options, config) =>
    withDatabase(config, async (db, _migration, pool) => {
      const scaleName = (options.scale as string | undefined) ?? 'small';
      const scale = parseScale(scaleName);
      if (!scale) throw new UsageError(`demo: --scale must be small, medium, large or a number of conversations from 10 to 10000000, got ${JSON.stringify(scaleName)}`);
      const tenantId = requiredString(options, 'tenant');
      const tenant = await db.selectFrom('tenants').select('id').where(sql`id::text`, '=', tenantId).executeTakeFirst();
      if (!tenant) throw TenancyErrors.TENANCY_TENANT_NOT_FOUND([tenantId]);
      // Loaded on demand, so that other commands do not carry the generator's text data (faker) nor the services.
      const { loadDemoData } = await import('../../hub/demo/demo-data.ts');
      const { pipelineOptions } = await import('../../services.ts');
      const logger = createLogger(config.logLevel, 'stderr');
      const result = await loadDemoData({ db, pool }, tenant.id, scale, { pipeline: { ...pipelineOptions(config), logger }, topicsMemoryMb: config.topicsBuildMemoryMb, logger });
      return { tenant_id: tenant.id, rows: result.rows, seconds: result.seconds };
    }),
};
