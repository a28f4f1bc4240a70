/**
 * `cc webhook set|remove`: a contact center's chat webhook
 * (docs/contact-center.md, "Chat webhooks"), through the same functions as
 * the service. `set` prints both secrets: the receiver needs them to check
 * `X-Signature`.
 */
import { removeChatWebhook, setChatWebhook } from '../../contact-center/chats/webhooks/chat-webhooks.ts';
import { ccDb } from '../../contact-center/db/cc-database.ts';
import { requiredString, type Command } from '../command.ts';
import { withDatabase } from '../with-database.ts';

const tenantOption = { type: 'string', required: true, description: 'Workspace id (see `tenant list`).' } as const;

export const ccWebhookSet: Command = {
  name: 'cc webhook set',
  summary: 'Post the center\'s chat events to a URL; prints {tenant_id, url, primary_secret, secondary_secret}, the secrets that sign each delivery.',
  options: {
    tenant: tenantOption,
    url: { type: 'string', required: true, description: 'Receiver URL: https (http only to loopback with ALLOW_INSECURE_WEBHOOKS), public addresses only.' },
    rotate: { type: 'boolean', description: 'Make a new primary secret; the old primary becomes the secondary.' },
  },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const hook = await setChatWebhook(ccDb(db), requiredString(options, 'tenant'), { url: requiredString(options, 'url'), rotate: options.rotate === true }, { allowLoopback: config.allowInsecureWebhooks });
      return { tenant_id: hook.tenant_id, url: hook.url, primary_secret: hook.primary_secret, secondary_secret: hook.secondary_secret };
    }),
};

export const ccWebhookRemove: Command = {
  name: 'cc webhook remove',
  summary: 'Stop posting the center\'s chat events; prints {removed: true|false}.',
  options: { tenant: tenantOption },
  run: (options, config) => withDatabase(config, async (db) => ({ removed: await removeChatWebhook(ccDb(db), requiredString(options, 'tenant')) })),
};

export const CC_WEBHOOK_COMMANDS: readonly Command[] = [ccWebhookSet, ccWebhookRemove];
