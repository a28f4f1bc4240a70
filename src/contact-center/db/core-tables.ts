/**
 * Row types of the contact center's core tables (migration 0024). Each area
 * of the service keeps its own tables' types beside it and adds them to
 * `ContactCenterTables` (cc-database.ts); schema.test.ts holds them all to the
 * migrated database.
 */
import type { ColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A bigint identity column: node-postgres reads int8 as a string, which we keep (ids can pass 2^53 in theory). */
type Id = ColumnType<string, never, never>;
type Bigint = ColumnType<string, string | number, string | number>;

export type MenuType = 'ivr_menu' | 'mobile_menu' | 'web_menu';
export type Deflection = 'voicemail' | 'scheduled_call' | 'none';
export type StatusKind = 'available' | 'custom' | 'system';

/** Opening hours of a menu, in its time zone; days without an entry are closed. */
export interface OpeningHours {
  readonly timezone: string;
  readonly days: Readonly<Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', readonly (readonly [string, string])[]>>>;
}

export interface CcCentersTable {
  tenant_id: string;
  subdomain: string;
  company_secret: string;
  sms_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  simulation: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
  max_chat_limit: ColumnType<number, number | undefined, number>;
}

export interface CcApiCredentialsTable {
  tenant_id: string;
  id: Id;
  name: string;
  token_digest: string;
  token_hint: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface CcRateBucketsTable {
  tenant_id: string;
  tokens: number;
  refilled_at: Date;
}

export interface CcMenusTable {
  tenant_id: string;
  id: Id;
  parent_id: Bigint | null;
  name: string;
  position: ColumnType<number, number | undefined, number>;
  menu_type: MenuType;
  hidden: ColumnType<boolean, boolean | undefined, boolean>;
  deleted: ColumnType<boolean, boolean | undefined, boolean>;
  output_msg: string | null;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  hours: ColumnType<OpeningHours | null, string | null | undefined, string | null>;
  after_hours_deflection: ColumnType<Deflection, Deflection | undefined, Deflection>;
  overcapacity_limit: number | null;
  overcapacity_deflection: ColumnType<Deflection, Deflection | undefined, Deflection>;
  manual_redirection: ColumnType<boolean, boolean | undefined, boolean>;
  outbound_numbers: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CcTeamsTable {
  tenant_id: string;
  id: Id;
  parent_id: Bigint | null;
  name: string;
}

export interface CcLocationsTable {
  tenant_id: string;
  name: string;
}

export interface CcStatusesTable {
  tenant_id: string;
  id: Id;
  name: string;
  kind: StatusKind;
}

export interface CcAgentsTable {
  tenant_id: string;
  id: Id;
  email: string;
  first_name: string;
  last_name: string;
  agent_number: string | null;
  location: string | null;
  max_chat_limit: ColumnType<number, number | undefined, number>;
  max_chat_limit_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  unrestricted_international_calling: ColumnType<boolean, boolean | undefined, boolean>;
  external_user: ColumnType<boolean, boolean | undefined, boolean>;
  phone_numbers: ColumnType<string[], string[] | undefined, string[]>;
  extension_numbers: ColumnType<number[], number[] | undefined, number[]>;
  ucaas_user_name: string | null;
  ucaas_sip_uri: string | null;
  status: ColumnType<string, string | undefined, string>;
  status_updated_at: UpdatedAt;
  online: ColumnType<boolean, boolean | undefined, boolean>;
  wrap_up: ColumnType<boolean, boolean | undefined, boolean>;
  last_login_at: Date | null;
  last_login_ip: string | null;
  logout_pending: ColumnType<boolean, boolean | undefined, boolean>;
  active_calls: ColumnType<number, number | undefined, number>;
  active_chats: ColumnType<number, number | undefined, number>;
  password_hash: string | null;
  simulated: ColumnType<boolean, boolean | undefined, boolean>;
  deactivated_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CcAgentTeamsTable {
  tenant_id: string;
  team_id: Bigint;
  agent_id: Bigint;
}

export interface CcMenuAgentsTable {
  tenant_id: string;
  menu_id: Bigint;
  agent_id: Bigint;
}

export interface CcEndUsersTable {
  tenant_id: string;
  id: Id;
  identifier: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  out_contact_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CcTicketsTable {
  tenant_id: string;
  id: string;
  subject: string | null;
  end_user_id: Bigint | null;
  phone: string | null;
  email: string | null;
  name: string | null;
  created_at: CreatedAt;
}

export interface CcPhoneNumbersTable {
  tenant_id: string;
  number: string;
  is_default: ColumnType<boolean, boolean | undefined, boolean>;
  sms_enabled: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface CcWebSessionsTable {
  id_hash: string;
  tenant_id: string;
  agent_id: Bigint;
  created_at: CreatedAt;
  expires_at: Date;
}

export type CoreTables = {
  cc_web_sessions: CcWebSessionsTable;
  cc_centers: CcCentersTable;
  cc_api_credentials: CcApiCredentialsTable;
  cc_rate_buckets: CcRateBucketsTable;
  cc_menus: CcMenusTable;
  cc_teams: CcTeamsTable;
  cc_locations: CcLocationsTable;
  cc_statuses: CcStatusesTable;
  cc_agents: CcAgentsTable;
  cc_agent_teams: CcAgentTeamsTable;
  cc_menu_agents: CcMenuAgentsTable;
  cc_end_users: CcEndUsersTable;
  cc_tickets: CcTicketsTable;
  cc_phone_numbers: CcPhoneNumbersTable;
};

/** The columns of each core table, for schema.test.ts. */
export const CORE_COLUMNS: { readonly [T in keyof CoreTables]: readonly (keyof CoreTables[T])[] } = {
  cc_centers: ['tenant_id', 'subdomain', 'company_secret', 'sms_enabled', 'simulation', 'created_at', 'max_chat_limit'],
  cc_api_credentials: ['tenant_id', 'id', 'name', 'token_digest', 'token_hint', 'created_at', 'last_used_at', 'revoked_at'],
  cc_rate_buckets: ['tenant_id', 'tokens', 'refilled_at'],
  cc_menus: ['tenant_id', 'id', 'parent_id', 'name', 'position', 'menu_type', 'hidden', 'deleted', 'output_msg', 'languages', 'hours', 'after_hours_deflection', 'overcapacity_limit', 'overcapacity_deflection', 'manual_redirection', 'outbound_numbers', 'created_at', 'updated_at'],
  cc_teams: ['tenant_id', 'id', 'parent_id', 'name'],
  cc_locations: ['tenant_id', 'name'],
  cc_statuses: ['tenant_id', 'id', 'name', 'kind'],
  cc_agents: ['tenant_id', 'id', 'email', 'first_name', 'last_name', 'agent_number', 'location', 'max_chat_limit', 'max_chat_limit_enabled', 'roles', 'unrestricted_international_calling', 'external_user', 'phone_numbers', 'extension_numbers', 'ucaas_user_name', 'ucaas_sip_uri', 'status', 'status_updated_at', 'online', 'wrap_up', 'last_login_at', 'last_login_ip', 'logout_pending', 'active_calls', 'active_chats', 'password_hash', 'simulated', 'deactivated_at', 'created_at', 'updated_at'],
  cc_agent_teams: ['tenant_id', 'team_id', 'agent_id'],
  cc_menu_agents: ['tenant_id', 'menu_id', 'agent_id'],
  cc_end_users: ['tenant_id', 'id', 'identifier', 'name', 'email', 'phone', 'out_contact_id', 'created_at', 'updated_at'],
  cc_tickets: ['tenant_id', 'id', 'subject', 'end_user_id', 'phone', 'email', 'name', 'created_at'],
  cc_phone_numbers: ['tenant_id', 'number', 'is_default', 'sms_enabled'],
  cc_web_sessions: ['tenant_id', 'id_hash', 'agent_id', 'created_at', 'expires_at'],
};
