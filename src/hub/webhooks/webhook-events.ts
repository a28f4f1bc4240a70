/**
 * The events the hub sends to webhooks, their payloads, and the envelope of
 * Four/Four's documentation (recorded in docs/webhooks.md, "The request"):
 *
 *   {"timestamp": "2025-02-06T14:41:38+00:00", "event": "conversation_processing_complete",
 *    "tenant": "<tenant uuid>", "payload": {"id": "<conversation id>"}}
 *
 * docs/webhooks.md documents each event; adding one to `WEBHOOK_EVENTS` is
 * what makes it publishable (the payload map types `publishEvent`).
 */

export interface ImportJobPayload {
  /** The import job's id, as returned by the importer's 202 answer. */
  readonly job: string;
  /** The record type of the upload, as in its path /import/crm/{type} (importer/record-types.ts), or `conversation` for POST /import/conversations. */
  readonly type: string;
  readonly processed: number;
  readonly error: string | null;
  readonly error_line: number | null;
}

export interface WebhookEventPayloads {
  conversation_processing_complete: { readonly id: string };
  import_job_completed: ImportJobPayload;
  import_job_failed: ImportJobPayload;
  /** Sent to one subscription by "Send test event" / `webhook test`. */
  webhook_test: { readonly subscription: string };
}

/** Every event the hub sends, in the order docs/webhooks.md lists them (webhook-events-docs.test.ts). */
export const WEBHOOK_EVENTS = ['conversation_processing_complete', 'import_job_completed', 'import_job_failed', 'webhook_test'] as const satisfies readonly (keyof WebhookEventPayloads)[];

export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** What a subscription can ask for; `webhook_test` goes only to the subscription that asked. */
export const SUBSCRIBABLE_EVENTS = ['conversation_processing_complete', 'import_job_completed', 'import_job_failed'] as const satisfies readonly WebhookEventName[];

export type SubscribableEvent = (typeof SUBSCRIBABLE_EVENTS)[number];

export function isSubscribableEvent(value: string): value is SubscribableEvent {
  return (SUBSCRIBABLE_EVENTS as readonly string[]).includes(value);
}

/** ISO 8601 with a numeric offset and whole seconds, as Four/Four's example (docs/webhooks.md, "The request"): 2025-02-06T14:41:38+00:00. */
export function envelopeTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** The exact body every attempt of the event sends and signs. */
export function envelope<E extends WebhookEventName>(at: Date, event: E, tenantId: string, payload: WebhookEventPayloads[E]): string {
  return JSON.stringify({ timestamp: envelopeTimestamp(at), event, tenant: tenantId, payload });
}
