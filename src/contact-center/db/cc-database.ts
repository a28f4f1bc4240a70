/**
 * The contact center's view of the database: the platform's tables and its
 * own. Each area adds its tables' interface and column list here.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { CORE_COLUMNS, type CoreTables } from './core-tables.ts';
import { DNC_COLUMNS, type DncTables } from '../dnc/dnc-tables.ts';
import { CAMPAIGN_COLUMNS, type CampaignTables } from '../campaigns/campaign-tables.ts';
import { CONTACT_LIST_COLUMNS, type ContactListTables } from '../contact-lists/contact-lists-tables.ts';
import { QUEUE_SETTINGS_COLUMNS, type QueueSettingsTables } from '../queue-settings/queue-settings-tables.ts';
import { CALL_COLUMNS, type CallTables } from '../calls/call-tables.ts';
import { CHAT_COLUMNS, type ChatTables } from '../chats/chat-tables.ts';
import { AGENT_STATUS_COLUMNS, type AgentStatusTables } from '../agent-statuses/agent-status-tables.ts';
import { BULK_USER_COLUMNS, type BulkUserTables } from '../bulk-users/bulk-user-tables.ts';

export type ContactCenterTables = CoreTables & DncTables & CampaignTables & ContactListTables & QueueSettingsTables & CallTables & ChatTables & AgentStatusTables & BulkUserTables;

export type CcDb = Kysely<Database & ContactCenterTables>;

export const CONTACT_CENTER_COLUMNS = {
  ...CORE_COLUMNS,
  ...DNC_COLUMNS,
  ...CAMPAIGN_COLUMNS,
  ...CONTACT_LIST_COLUMNS,
  ...QUEUE_SETTINGS_COLUMNS,
  ...CALL_COLUMNS,
  ...CHAT_COLUMNS,
  ...AGENT_STATUS_COLUMNS,
  ...BULK_USER_COLUMNS,
} as const;

/** The same connection pool, typed with the contact center's tables. */
export function ccDb(db: Kysely<Database>): CcDb {
  return db.withTables<ContactCenterTables>();
}
