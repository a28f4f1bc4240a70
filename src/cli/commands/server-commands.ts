/** `start` and `worker`: the long-running commands. They log JSON lines to stdout instead of printing one document. */
import { FIRST_WORKSPACE_COMMAND } from '../../hub/landing/first-run.ts';
import { createLogger } from '../../platform/logging/logger.ts';
import { connect } from '../../platform/db/connect.ts';
import { migrate } from '../../platform/migrations/migrator.ts';
import { startWorker } from '../../platform/jobs/worker.ts';
import { onShutdownSignal } from '../../platform/runtime/shutdown.ts';
import { serve } from '../../platform/runtime/serve.ts';
import { countTenants } from '../../platform/tenancy/tenancy.ts';
import type { Command } from '../command.ts';

// Loaded on demand: the services (the local analyzer's language models above all) weigh some 150 MiB of RSS and
// 70 MiB of heap, which every other command (a topic rebuild of a million insights among them) would carry unused.
const services = () => import('../../services.ts');

export const start: Command = {
  name: 'start',
  summary: 'Run every service (hub, contact center, messaging) and the job workers.',
  options: {
    'no-worker': { type: 'boolean', description: 'Serve HTTP only; run workers elsewhere with `commontime worker`.' },
    demo: { type: 'boolean', description: 'On an empty database, create a demo workspace with demo data, and log how to sign in and query it.' },
  },
  async run(options, config) {
    const { pipelineOptions, SCHEDULE, SERVICES, taskList } = await services();
    const logger = createLogger(config.logLevel);
    const starting = serve(config, logger, {
      services: SERVICES,
      tasks: taskList,
      schedule: SCHEDULE,
      workers: options['no-worker'] !== true,
      onReady: async ({ connection, servers }) => {
        const hub = servers.find((s) => s.service.id === 'hub');
        logger.info({ services: Object.fromEntries(servers.map((s) => [s.service.id, s.url])) }, `CommonTime is ready: open ${hub?.url ?? config.publicUrl}`);
        if ((await countTenants(connection.db)) === 0) {
          if (options.demo === true) {
            // Loaded on demand: the demo generator's text data (faker) would add ~30 MiB to every server process.
            const { createDemoWorkspace } = await import('../../hub/demo/demo-workspace.ts');
            const { tenantId } = await createDemoWorkspace(connection, config, pipelineOptions(config), logger);
            const { createDemoCenter } = await import('../../contact-center/demo/demo-log.ts');
            await createDemoCenter(connection.db, config, tenantId, servers.find((s) => s.service.id === 'contact-center')?.url, logger);
          }
          else logger.info({ command: FIRST_WORKSPACE_COMMAND }, `No workspace yet. Create the first one with: ${FIRST_WORKSPACE_COMMAND}`);
        }
      },
    });
    // Installed before start-up finishes: Ctrl-C during migrations still shuts down in order.
    onShutdownSignal(logger, async () => (await starting.catch(() => undefined))?.stop());
    await starting;
    return undefined;
  },
};

export const worker: Command = {
  name: 'worker',
  summary: 'Run job workers only (scale-out: any number of these beside `start --no-worker`).',
  options: {},
  async run(_options, config) {
    const { SCHEDULE, taskList } = await services();
    const logger = createLogger(config.logLevel);
    const starting = (async () => {
      const connection = await connect(config, logger, 'serve', { poolSize: 2 + config.workerConcurrency });
      try {
        await migrate(connection, logger);
        const running = await startWorker(connection, logger, taskList(connection.db, config), { concurrency: config.workerConcurrency, pollIntervalMs: config.workerPollIntervalMs, schedule: SCHEDULE });
        return async () => {
          await running.stop();
          await connection.close();
        };
      } catch (error) {
        await connection.close();
        throw error;
      }
    })();
    onShutdownSignal(logger, async () => (await starting.catch(() => undefined))?.());
    await starting;
    return undefined;
  },
};
