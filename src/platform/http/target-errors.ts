/**
 * Refusals of an outbound target URL by the SSRF guard (ssrf-guard.ts), for
 * every context that posts to URLs its users give: the hub's webhook
 * subscriptions and the contact center's chat webhook. The codes keep their
 * hub names (WEBHOOK_...), which clients already read.
 */
import { defineError } from '../errors/app-error.ts';

export const TargetErrors = {
  WEBHOOK_INVALID_URL: defineError('WEBHOOK_INVALID_URL', 400, 'Webhook URL %s is not allowed: %s'),
  WEBHOOK_ADDRESS_REFUSED: defineError('WEBHOOK_ADDRESS_REFUSED', 400, 'Webhook URL %s reaches %s, a %s address; webhooks are only sent to public addresses'),
  WEBHOOK_UNRESOLVABLE: defineError('WEBHOOK_UNRESOLVABLE', 400, 'The host of webhook URL %s could not be resolved (%s)'),
} as const;
