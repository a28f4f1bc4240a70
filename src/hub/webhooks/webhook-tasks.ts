/** The webhooks context's background tasks, bound to the process's database and configuration. */
import type { TaskList } from 'graphile-worker';
import type { Config } from '../../platform/config/config.ts';
import type { Db } from '../../platform/db/database.ts';
import { deliverTask } from './deliver-task.ts';
import { deliveryGuard } from '../../platform/http/ssrf-guard.ts';
import { purgeTask, sweepTask } from './webhooks-maintenance.ts';

export function webhookTasks(db: Db, config: Config): TaskList {
  const guard = deliveryGuard({ allowLoopback: config.allowInsecureWebhooks });
  return {
    'webhooks:deliver': deliverTask(db, {
      guard,
      retrySchedule: config.webhookRetrySchedule,
      timeoutMs: config.webhookTimeoutMs,
      concurrency: config.webhookConcurrency,
    }) as TaskList[string],
    'webhooks:sweep': sweepTask(db) as TaskList[string],
    'webhooks:purge': purgeTask(db) as TaskList[string],
  };
}
