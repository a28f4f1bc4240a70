/**
 * Chat events for the center's webhook (public Apps API documentation, chat
 * webhooks): message_received, participant_joined, participant_left,
 * chat_ended, chat_dismissed. An event is enqueued in the transaction of the
 * change it reports, so a receiver never hears of a change that rolled back,
 * and every committed change is reported. The body is fixed at that moment;
 * the signature is made at each delivery attempt (webhook-delivery.ts).
 */
import { enqueue } from '../../../platform/jobs/job-queue.ts';
import type { CcDb } from '../../db/cc-database.ts';

export type ChatEvent = 'message_received' | 'participant_joined' | 'participant_left' | 'chat_ended' | 'chat_dismissed';

export const CHAT_WEBHOOK_TASK = 'contact-center:chat-webhook';

export interface ChatWebhookPayload {
  readonly tenantId: string;
  /** The raw JSON body, signed and sent as is. */
  readonly body: string;
  /** Retries already made (webhook-delivery.ts schedules each retry as a new job). */
  readonly retry: number;
}

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'contact-center:chat-webhook': ChatWebhookPayload;
    }
  }
}

/** Reports `event` of chat `chatId` if the center has a webhook; `data` carries the event's details. */
export async function emitChatEvent(trx: CcDb, tenantId: string, event: ChatEvent, chatId: string, data: Record<string, unknown>): Promise<void> {
  const hook = await trx.selectFrom('cc_chat_webhooks').select('tenant_id').where('tenant_id', '=', tenantId).executeTakeFirst();
  if (!hook) return;
  const body = JSON.stringify({ event, chat_id: Number(chatId), timestamp: new Date().toISOString(), data });
  // One queue per center keeps a chat's events in the order they happened.
  await enqueue(trx, CHAT_WEBHOOK_TASK, { tenantId, body, retry: 0 }, { queue: `cc-chat-webhook:${tenantId}`, maxAttempts: 1 });
}
