/** Fixtures of the webhook tests: a job worker running the real tasks, and polling the delivery log. */
import { SCHEDULE, taskList } from '../services.ts';
import { loadConfig } from '../platform/config/config.ts';
import type { DatabaseHandle } from '../platform/db/database.ts';
import { startWorker } from '../platform/jobs/worker.ts';
import { createLogger } from '../platform/logging/logger.ts';
import { onCleanup } from './cleanup.ts';
import { waitFor } from './processes.ts';
import { listDeliveries, type DeliveryView } from '../hub/webhooks/delivery-log.ts';

/** Short timings so retries, timeouts and dead letters happen within a test. */
export const FAST_WEBHOOKS = { ALLOW_INSECURE_WEBHOOKS: 'true', WEBHOOK_RETRY_SCHEDULE: '0.2,0.4,0.8', WEBHOOK_TIMEOUT_MS: '500' };

export async function startWebhookWorker(database: DatabaseHandle, env: Record<string, string> = FAST_WEBHOOKS): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const worker = await startWorker(database, createLogger('silent'), taskList(database.db, config), { concurrency: 4, pollIntervalMs: 100, schedule: SCHEDULE });
  onCleanup(() => worker.stop());
}

/** Waits until the subscription's log satisfies `done`, and returns it. */
export function waitForLog(database: DatabaseHandle, tenantId: string, subscriptionId: string, done: (log: DeliveryView[]) => boolean, timeoutMs = 10_000): Promise<DeliveryView[]> {
  let last: DeliveryView[] = [];
  return waitFor(
    async () => {
      last = await listDeliveries(database.db, tenantId, subscriptionId, { limit: 200 });
      return done(last) ? last : undefined;
    },
    timeoutMs,
    () => `delivery log: ${JSON.stringify(last, null, 1)}`,
  );
}
