/**
 * Delivers one chat event (chat-events.ts) to the center's webhook: a POST of
 * the raw body with its signatures (webhook-signature.ts) through the SSRF
 * guard's pinned agent, within WEBHOOK_TIMEOUT_MS. A non-2xx answer, or none,
 * is retried after WEBHOOK_RETRY_SCHEDULE's delays with jitter (a receiver's
 * Retry-After postpones it, up to an hour), each retry a new job; after the
 * last, the event is dropped and logged. Redirects are not followed.
 */
import { request } from 'undici';
import type { Config } from '../../../platform/config/config.ts';
import { enqueue } from '../../../platform/jobs/job-queue.ts';
import { parseRetryAfter, withJitter } from '../../../platform/http/retry-after.ts';
import type { TargetCheck } from '../../../platform/http/ssrf-guard.ts';
import type { Logger } from '../../../platform/logging/logger.ts';
import type { CcDb } from '../../db/cc-database.ts';
import { CHAT_WEBHOOK_TASK, type ChatWebhookPayload } from './chat-events.ts';
import { signatureHeaders } from './webhook-signature.ts';

const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** The answer's status, or why there was none. */
async function post(guard: TargetCheck, url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status?: number; retryAfter?: string; error?: string }> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { error: 'the URL is not valid' };
  }
  const refusal = guard.refusal(target);
  if (refusal) return { error: `refused: ${refusal}` };
  try {
    const response = await request(target, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'CommonTime-ContactCenter/1', ...headers },
      dispatcher: guard.agent(target),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The answer's body is not needed; dropping it closes a connection whose body is long.
    await response.body.dump({ limit: 64 * 1024 });
    const retryAfter = response.headers['retry-after'];
    return { status: response.statusCode, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter };
  } catch (error) {
    return { error: String((error as { cause?: Error }).cause?.message ?? (error as Error).message).slice(0, 300) };
  }
}

export function chatWebhookTask(db: CcDb, config: Config, logger: Logger, guard: TargetCheck) {
  return async (payload: ChatWebhookPayload): Promise<void> => {
    const hook = await db.selectFrom('cc_chat_webhooks').select(['url', 'primary_secret', 'secondary_secret']).where('tenant_id', '=', payload.tenantId).executeTakeFirst();
    if (!hook) return;
    const headers = signatureHeaders({ primary: hook.primary_secret, secondary: hook.secondary_secret }, payload.body);
    const result = await post(guard, hook.url, headers, payload.body, config.webhookTimeoutMs);
    if (result.status !== undefined && result.status >= 200 && result.status < 300) return;
    const base = config.webhookRetrySchedule[payload.retry];
    if (base === undefined) {
      logger.warn({ tenantId: payload.tenantId, status: result.status, error: result.error }, 'chat webhook event dropped after its last retry');
      return;
    }
    const retryAfter = Math.min(parseRetryAfter(result.retryAfter, Date.now()) ?? 0, MAX_RETRY_AFTER_MS);
    const delay = Math.max(withJitter(base * 1000), retryAfter);
    await enqueue(db, CHAT_WEBHOOK_TASK, { ...payload, retry: payload.retry + 1 }, { queue: `cc-chat-webhook:${payload.tenantId}`, runAt: new Date(Date.now() + delay), maxAttempts: 1 });
  };
}
