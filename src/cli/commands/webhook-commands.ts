/**
 * `webhook create|list|delete|rotate-secret|test|deliveries|redeliver|enable|disable`:
 * a workspace's webhook subscriptions and their delivery log, through the
 * same functions as the page and /api/webhooks. Commands that take `--id`
 * find the workspace from the subscription when `--tenant` is left out.
 */
import type { Kysely } from 'kysely';
import { DELIVERY_STATUSES, listDeliveries, MAX_LOG_LIMIT, redeliver } from '../../hub/webhooks/delivery-log.ts';
import {
  createSubscription,
  deleteSubscription,
  listSubscriptions,
  rotateSecret,
  sendTestEvent,
  subscriptionTenant,
  updateSubscription,
} from '../../hub/webhooks/subscriptions.ts';
import type { Config } from '../../platform/config/config.ts';
import type { Database, WebhookDeliveryStatus } from '../../platform/db/schema.ts';
import { requiredString, type Command, type ParsedOptions } from '../command.ts';
import { UsageError } from '../cli-error.ts';
import { withDatabase } from '../with-database.ts';

const tenantOption = { type: 'string', required: true, description: 'Workspace id (see `tenant list`).' } as const;
const optionalTenant = { type: 'string', description: 'Workspace id; found from the subscription when left out.' } as const;
const idOption = { type: 'string', required: true, description: 'Subscription id (see `webhook list`).' } as const;

/** The subscription's workspace and id from `--tenant` (checked by every query) or from the subscription. */
async function target(db: Kysely<Database>, options: ParsedOptions): Promise<{ tenantId: string; id: string }> {
  const id = requiredString(options, 'id');
  const tenant = options.tenant;
  return { tenantId: typeof tenant === 'string' ? tenant : await subscriptionTenant(db, id), id };
}

const policy = (config: Config) => ({ allowLoopback: config.allowInsecureWebhooks });

export const webhookCreate: Command = {
  name: 'webhook create',
  summary: 'Subscribe a URL to a workspace\'s events; prints the id and the signing secret, shown only this once.',
  options: {
    tenant: tenantOption,
    url: { type: 'string', required: true, description: 'Receiver URL: https (http only to loopback with ALLOW_INSECURE_WEBHOOKS), public addresses only.' },
    events: { type: 'string', description: 'Comma-separated event names (default: every event).' },
  },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const events = typeof options.events === 'string' ? options.events.split(',') : undefined;
      const { subscription, secret } = await createSubscription(db, requiredString(options, 'tenant'), { url: requiredString(options, 'url'), events }, policy(config));
      return { id: subscription.id, secret };
    }),
};

export const webhookList: Command = {
  name: 'webhook list',
  summary: 'List the webhook subscriptions of a workspace (never their secrets).',
  options: { tenant: tenantOption },
  run: (options, config) => withDatabase(config, (db) => listSubscriptions(db, requiredString(options, 'tenant'))),
};

export const webhookDelete: Command = {
  name: 'webhook delete',
  summary: 'Delete a webhook subscription with its delivery log.',
  options: { id: idOption, tenant: optionalTenant },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const { tenantId, id } = await target(db, options);
      await deleteSubscription(db, tenantId, id);
      return { deleted: id };
    }),
};

export const webhookRotateSecret: Command = {
  name: 'webhook rotate-secret',
  summary: 'Give a subscription a new signing secret, shown only this once; the previous one keeps signing beside it for 24 hours.',
  options: { id: idOption, tenant: optionalTenant },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const { tenantId, id } = await target(db, options);
      return { id, ...(await rotateSecret(db, tenantId, id)) };
    }),
};

export const webhookTest: Command = {
  name: 'webhook test',
  summary: 'Queue a webhook_test event for one subscription; a running worker delivers it.',
  options: { id: idOption, tenant: optionalTenant },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const { tenantId, id } = await target(db, options);
      return { event_id: await sendTestEvent(db, tenantId, id) };
    }),
};

export const webhookDeliveries: Command = {
  name: 'webhook deliveries',
  summary: 'Print a subscription\'s delivery log, newest first, with every attempt.',
  options: {
    id: idOption,
    tenant: optionalTenant,
    status: { type: 'string', description: `Only deliveries in this state: ${DELIVERY_STATUSES.join(', ')}.` },
    limit: { type: 'string', description: `How many deliveries, 1 to ${MAX_LOG_LIMIT} (default 50).` },
  },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const status = options.status as string | undefined;
      if (status !== undefined && !DELIVERY_STATUSES.includes(status as WebhookDeliveryStatus)) throw new UsageError(`webhook deliveries: --status must be one of ${DELIVERY_STATUSES.join(', ')}`);
      const limit = options.limit as string | undefined;
      if (limit !== undefined && !(/^\d{1,3}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= MAX_LOG_LIMIT)) throw new UsageError(`webhook deliveries: --limit must be 1 to ${MAX_LOG_LIMIT}`);
      const { tenantId, id } = await target(db, options);
      return listDeliveries(db, tenantId, id, { status: status as WebhookDeliveryStatus | undefined, limit: limit === undefined ? undefined : Number(limit) });
    }),
};

export const webhookRedeliver: Command = {
  name: 'webhook redeliver',
  summary: 'Send a delivery again (dead letters included), with the same webhook-id and a fresh set of retries.',
  options: { id: idOption, delivery: { type: 'string', required: true, description: 'Delivery id (see `webhook deliveries`).' }, tenant: optionalTenant },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const { tenantId, id } = await target(db, options);
      await redeliver(db, tenantId, id, requiredString(options, 'delivery'));
      return { redelivered: requiredString(options, 'delivery') };
    }),
};

function switchCommand(enabled: boolean): Command {
  return {
    name: enabled ? 'webhook enable' : 'webhook disable',
    summary: enabled ? 'Enable a subscription again; its pending deliveries resume.' : 'Stop sending to a subscription; new events are not queued for it.',
    options: { id: idOption, tenant: optionalTenant },
    run: (options, config) =>
      withDatabase(config, async (db) => {
        const { tenantId, id } = await target(db, options);
        return updateSubscription(db, tenantId, id, { enabled }, policy(config));
      }),
  };
}

export const webhookEnable = switchCommand(true);
export const webhookDisable = switchCommand(false);

export const WEBHOOK_COMMANDS: readonly Command[] = [
  webhookCreate,
  webhookList,
  webhookDelete,
  webhookRotateSecret,
  webhookTest,
  webhookDeliveries,
  webhookRedeliver,
  webhookEnable,
  webhookDisable,
];
