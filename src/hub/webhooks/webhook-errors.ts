/** Errors of the hub's webhooks context: subscriptions, their targets, the delivery log. */
import { defineError } from '../../platform/errors/app-error.ts';
import { TargetErrors } from '../../platform/http/target-errors.ts';

export const WebhookErrors = {
  ...TargetErrors,
  WEBHOOK_UNKNOWN_EVENT: defineError('WEBHOOK_UNKNOWN_EVENT', 400, 'Unknown webhook event %s; known events: %s'),
  WEBHOOK_NOT_FOUND: defineError('WEBHOOK_NOT_FOUND', 404, 'No webhook subscription %s in this workspace'),
  WEBHOOK_DELIVERY_NOT_FOUND: defineError('WEBHOOK_DELIVERY_NOT_FOUND', 404, 'No delivery %s for this webhook subscription'),
  WEBHOOK_DISABLED: defineError('WEBHOOK_DISABLED', 409, 'Webhook subscription %s is disabled; enable it first'),
  WEBHOOK_LIMIT_REACHED: defineError('WEBHOOK_LIMIT_REACHED', 409, 'A workspace can have at most %s webhook subscriptions'),
  WEBHOOK_FOREIGN_ORIGIN: defineError('WEBHOOK_FOREIGN_ORIGIN', 403, 'A request signed in with a browser session must come from %s'),
} as const;
