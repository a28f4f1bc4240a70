/** Row types of the dialer's campaigns (migration 0031). */
import type { ColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Id = ColumnType<string, never, never>;
type Bigint = ColumnType<string, string | number, string | number>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type CampaignMode = 'preview' | 'progressive' | 'predictive';
export type CampaignStatus = 'running' | 'paused' | 'completed';

/** Seed 003, "Campaign Contact Status", in the seed's order and spelling. */
export const CONTACT_STATUSES = [
  'Upcoming', 'Dialing', 'Queued', 'Connected', 'Finished', 'Transferred', 'Transferred and Finished',
  'Not Picked Up', 'Not Reached to Contact', 'Abandoned by Contact', 'Skipped', 'Skipped & Closed',
  'Invalid Number', 'Carrier Error', 'Abandoned by Dialer', 'Voicemail Hung Up', 'Dialer General Error',
  'Redial Scheduled', 'Do Not Call', 'Invalid Outbound Number', 'Blocked Phone Number',
] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export type CampaignTables = {
  cc_campaigns: {
    tenant_id: string;
    id: Id;
    name: string;
    mode: CampaignMode;
    status: Defaulted<CampaignStatus>;
    menu_id: Bigint;
    outbound_number: string | null;
    max_abandonment_percent: ColumnType<string, number | string | undefined, number | string>;
    max_redial_count: Defaulted<number>;
    redial_interval_minutes: Defaulted<number>;
    dial_ratio: ColumnType<string, number | string | undefined, number | string>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  cc_campaign_contacts: {
    tenant_id: string;
    id: Id;
    campaign_id: Bigint;
    name: string | null;
    email: string | null;
    phone_number: string;
    outbound_number: string | null;
    unique_id: string | null;
    priority: number | null;
    status: Defaulted<ContactStatus>;
    attempts: Defaulted<number>;
    next_dial_at: Date | null;
    agent_id: Bigint | null;
    dialed_at: Date | null;
    connected_at: Date | null;
    ended_at: Date | null;
    assigned_call_id: Bigint | null;
    assigned_participant_id: Bigint | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  cc_campaign_imports: {
    tenant_id: string;
    id: Id;
    campaign_id: Bigint;
    status: Defaulted<'created' | 'in_progress' | 'finished' | 'failed'>;
    filename: string;
    format: 'json' | 'csv';
    content: Buffer | null;
    total_rows: Defaulted<number>;
    created_rows: Defaulted<number>;
    failed_rows: Defaulted<number>;
    errors: ColumnType<readonly { row: number; message: string }[], string | undefined, string>;
    created_at: CreatedAt;
    finished_at: Date | null;
  };
};

export const CAMPAIGN_COLUMNS: { readonly [T in keyof CampaignTables]: readonly (keyof CampaignTables[T])[] } = {
  cc_campaigns: ['tenant_id', 'id', 'name', 'mode', 'status', 'menu_id', 'outbound_number', 'max_abandonment_percent', 'max_redial_count', 'redial_interval_minutes', 'dial_ratio', 'created_at', 'updated_at'],
  cc_campaign_contacts: ['tenant_id', 'id', 'campaign_id', 'name', 'email', 'phone_number', 'outbound_number', 'unique_id', 'priority', 'status', 'attempts', 'next_dial_at', 'agent_id', 'dialed_at', 'connected_at', 'ended_at', 'assigned_call_id', 'assigned_participant_id', 'created_at', 'updated_at'],
  cc_campaign_imports: ['tenant_id', 'id', 'campaign_id', 'status', 'filename', 'format', 'content', 'total_rows', 'created_rows', 'failed_rows', 'errors', 'created_at', 'finished_at'],
};
