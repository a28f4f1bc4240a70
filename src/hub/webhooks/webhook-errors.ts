/** Errors of the hub's webhooks context: subscriptions, their targets, the delivery log. */
import { defineError } from '../../platform/errors/app-error.ts';

export const WebhookErrors = {
  WEBHOOK_INVALID_URL: defineError('WEBHOOK_INVALID_URL', 400, 'Webhook URL %s is not allowed: %s'),
  WEBHOOK_ADDRESS_REFUSED: defineError('WEBHOOK_ADDRESS_REFUSED', 400, 'Webhook URL %s reaches %s, a %s address; webhooks are only sent to public addresses'),
  WEBHOOK_UNRESOLVABLE: defineError('WEBHOOK_UNRESOLVABLE', 400, 'The host of webhook URL %s could not be resolved (%s)'),
  WEBHOOK_UNKNOWN_EVENT: defineError('WEBHOOK_UNKNOWN_EVENT', 400, 'Unknown webhook event %s; known events: %s'),
  WEBHOOK_NOT_FOUND: defineError('WEBHOOK_NOT_FOUND', 404, 'No webhook subscription %s in this workspace'),
  WEBHOOK_DELIVERY_NOT_FOUND: defineError('WEBHOOK_DELIVERY_NOT_FOUND', 404, 'No delivery %s for this webhook subscription'),
  WEBHOOK_DISABLED: defineError('WEBHOOK_DISABLED', 409, 'Webhook subscription %s is disabled; enable it first'),
  WEBHOOK_LIMIT_REACHED: defineError('WEBHOOK_LIMIT_REACHED', 409, 'A workspace can have at most %s webhook subscriptions'),
  WEBHOOK_FOREIGN_ORIGIN: defineError('WEBHOOK_FOREIGN_ORIGIN', 403, 'A request signed in with a browser session must come from %s'),
} as const;
