/**
 * `topics rebuild --tenant T [--model ID]` (docs/cli.md): clusters a
 * workspace's topic models again, here and now (not through the job
 * queue), and prints what each build made. Without `--model`, every model
 * of the workspace, the default "All insights" made first if it is missing.
 * A build runs in a worker thread with the server's TOPICS_BUILD_MEMORY_MB,
 * with the insights' embeddings when EMBEDDINGS is configured.
 */
import { sql } from 'kysely';
import { embeddingProviderFromConfig } from '../../hub/processing/embeddings/embedding-provider-from-config.ts';
import { rebuildTopicModel } from '../../hub/processing/topics/rebuild-topics.ts';
import { ensureDefaultModel, getModel } from '../../hub/processing/topics/topic-models.ts';
import { createLogger } from '../../platform/logging/logger.ts';
import { TenancyErrors } from '../../platform/tenancy/tenancy-errors.ts';
import { requiredString, type Command } from '../command.ts';
import { withDatabase } from '../with-database.ts';

export const topicsRebuild: Command = {
  name: 'topics rebuild',
  summary: 'Cluster a workspace\u2019s insights into topics again, for one topic model or all of them.',
  options: {
    tenant: { type: 'string', required: true, description: 'Workspace id (see `tenant list`).' },
    model: { type: 'string', description: 'The topic model\u2019s id (default: every model of the workspace).' },
  },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const tenantId = requiredString(options, 'tenant');
      const tenant = await db.selectFrom('tenants').select('id').where(sql`id::text`, '=', tenantId).executeTakeFirst();
      if (!tenant) throw TenancyErrors.TENANCY_TENANT_NOT_FOUND([tenantId]);
      const only = options.model as string | undefined;
      let ids: string[];
      if (only !== undefined) {
        ids = [(await getModel(db, tenant.id, only)).id];
      } else {
        await ensureDefaultModel(db, tenant.id);
        const { rows } = await sql<{ id: string }>`select id from topic_models where tenant_id = ${tenant.id}::uuid order by created_at, id`.execute(db);
        ids = rows.map((r) => r.id);
      }
      const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'stderr');
      const embeddings = embeddingProviderFromConfig(config, logger);
      const models = [];
      for (const id of ids) {
        const result = await rebuildTopicModel(db, tenant.id, id, {
          memoryMb: config.topicsBuildMemoryMb,
          embeddings,
          logger,
          onProgress: (phase, done, total) => process.stderr.write(`${id}: ${phase} ${done}/${total}\n`),
        });
        models.push(result);
      }
      return { tenant_id: tenant.id, models };
    }),
};
