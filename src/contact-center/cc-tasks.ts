/**
 * The contact center's background tasks, for the composition root
 * (src/services.ts): the simulation's steps, dispatched by kind, and the
 * hourly purge of expired page sessions.
 */
import { parseCronItems, type TaskList } from 'graphile-worker';
import type { Config } from '../platform/config/config.ts';
import type { Db } from '../platform/db/database.ts';
import type { Logger } from '../platform/logging/logger.ts';
import { FORCE_LOGOUT_TASK, forceLogoutTask } from './agent-statuses/force-logout.ts';
import { PROCESS_TASK, processTask, VALIDATE_TASK, validateTask } from './bulk-users/bulk-user-jobs.ts';
import { IMPORT_TASK, importTask } from './campaigns/campaign-import.ts';
import { DIALER_HANDLERS } from './campaigns/dialer.ts';
import { chatStep } from './chats/chat-lifecycle.ts';
import { CHAT_WEBHOOK_TASK } from './chats/webhooks/chat-events.ts';
import { chatWebhookTask } from './chats/webhooks/webhook-delivery.ts';
import { deliveryGuard } from '../platform/http/ssrf-guard.ts';
import { ccDb } from './db/cc-database.ts';
import { defaultRegion } from './directory/phone-numbers.ts';
import { callStep } from './simulation/call-steps.ts';
import { STEP_TASK, stepTask, type StepHandler } from './simulation/steps.ts';
import { expireAgentSessions } from './web/web-sessions.ts';

const STEP_HANDLERS: Readonly<Record<string, StepHandler>> = {
  call: callStep,
  chat: chatStep,
  ...DIALER_HANDLERS,
};

const PURGE_SESSIONS_TASK = 'contact-center:purge-sessions';

export const CONTACT_CENTER_SCHEDULE = parseCronItems([{ task: PURGE_SESSIONS_TASK, match: '23 * * * *', identifier: PURGE_SESSIONS_TASK }]);

export function contactCenterTasks(db: Db, config: Config, logger: Logger): TaskList {
  const cc = ccDb(db);
  return {
    [STEP_TASK]: stepTask({ db: cc, config, logger }, STEP_HANDLERS) as TaskList[string],
    [CHAT_WEBHOOK_TASK]: chatWebhookTask(cc, config, logger, deliveryGuard({ allowLoopback: config.allowInsecureWebhooks })) as TaskList[string],
    [IMPORT_TASK]: importTask(cc, defaultRegion(config.phoneDefaultRegion)) as TaskList[string],
    [FORCE_LOGOUT_TASK]: forceLogoutTask(cc) as TaskList[string],
    [VALIDATE_TASK]: validateTask(cc) as TaskList[string],
    [PROCESS_TASK]: processTask(cc) as TaskList[string],
    [PURGE_SESSIONS_TASK]: () => expireAgentSessions(cc),
  };
}
