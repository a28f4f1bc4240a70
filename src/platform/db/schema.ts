/**
 * Row types of the tables, as Kysely sees them. Each table is created by a
 * numbered migration in ../migrations/sql; `schema.test.ts` holds this file
 * and the migrated database to the same columns.
 */
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type TenantPlan = 'trial' | 'sponsored' | 'standard';
export type MembershipRole = 'admin' | 'member';

export interface TenantsTable {
  id: Generated<string>;
  name: string;
  plan: ColumnType<TenantPlan, TenantPlan | undefined, TenantPlan>;
  created_at: CreatedAt;
  /** Whether the workspace's tokens may use the MCP server (docs/mcp.md, "Turning MCP off"). */
  mcp_enabled: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  role: MembershipRole;
  created_at: CreatedAt;
}

export interface MembershipInvitationsTable {
  tenant_id: string;
  email: string;
  role: MembershipRole;
  created_at: CreatedAt;
  invited_by: string | null;
}

export interface WorkerHeartbeatsTable {
  worker_id: string;
  process: string;
  seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PlatformSecretsTable {
  name: string;
  value: unknown;
  created_at: CreatedAt;
}

export interface OAuthClientsTable {
  tenant_id: string;
  id: string;
  name: string;
  redirect_uris: string[];
  secret_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface OAuthModelsTable {
  model: string;
  id_hash: string;
  payload: unknown;
  grant_id: string | null;
  uid: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}

export interface OAuthGrantTenantsTable {
  tenant_id: string;
  grant_id: string;
  user_id: string;
  client_id: string;
  created_at: CreatedAt;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  client_name: string | null;
}

/** Self-registered OAuth clients (RFC 7591), tenant-less (migration 0023). */
export interface OAuthRegisteredClientsTable {
  id: string;
  metadata: unknown;
  created_at: CreatedAt;
}

export interface OAuthRegistrationAttemptsTable {
  address: string;
  attempted_at: CreatedAt;
}

export interface PersonalAccessTokensTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  name: string;
  scopes: string[];
  token_hash: string;
  token_prefix: string;
  created_at: CreatedAt;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface WebSessionsTable {
  id_hash: string;
  user_id: string;
  active_tenant_id: string | null;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Date;
}

export interface SignInFailuresTable {
  email_lower: string;
  attempted_at: CreatedAt;
}

/** Keys deleted from an OData entity set's table, for delta links (migration 0007). */
export interface ODataTombstonesTable {
  tenant_id: string;
  entity_set: string;
  id: string;
  row_version: Generated<string>;
  deleted_at: CreatedAt;
}

/** Per tenant and set, the highest tombstone version purged: older delta links answer 410 (migration 0012). */
export interface ODataTombstoneHorizonsTable {
  tenant_id: string;
  entity_set: string;
  purged_through: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'dead';

type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface WebhookSubscriptionsTable {
  tenant_id: string;
  id: Generated<string>;
  url: string;
  events: string[] | null;
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  disabled_at: Date | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  failing_since: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WebhookEventsTable {
  tenant_id: string;
  id: string;
  event: string;
  body: string;
  created_at: CreatedAt;
}

export interface WebhookDeliveriesTable {
  tenant_id: string;
  id: Generated<string>;
  event_id: string;
  subscription_id: string;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: Generated<number>;
  retries: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** Every attempt, oldest first. */
  attempt_log: ColumnType<WebhookAttempt[], never, never>;
}

/** One element of `webhook_deliveries.attempt_log` (migration 0011). */
export interface WebhookAttempt {
  attempt: number;
  /** ISO 8601, UTC, milliseconds. */
  started_at: string;
  status_code: number | null;
  latency_ms: number;
  response_body: string | null;
  error: string | null;
}

export type ImportRecordType = 'account' | 'contact' | 'opportunity' | 'lead' | 'user';
export type ImportJobStatus = 'pending' | 'processing' | 'completed' | 'failed';
/** A CRM record type, or `conversation` for conversation uploads. */
export type ImportJobType = ImportRecordType | 'conversation';

export interface ImportJobsTable {
  tenant_id: string;
  id: Generated<string>;
  seq: GeneratedAlways<string>;
  type: ImportJobType;
  action: 'upsert' | 'delete';
  columns: string[];
  status: ColumnType<ImportJobStatus, ImportJobStatus | undefined, ImportJobStatus>;
  processed: ColumnType<string, number | undefined, number>;
  error: string | null;
  error_line: ColumnType<string | null, number | null | undefined, number | null>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  started_at: Date | null;
  completed_at: Date | null;
  total: ColumnType<string | null, number | null | undefined, number | null>;
}

export type ImportItemStatus = 'pending' | 'processed' | 'failed';

export interface ImportJobConversationsTable {
  tenant_id: string;
  job_id: string;
  item: number;
  conversation_id: string;
  service_id: string;
  revision: number;
  status: ColumnType<ImportItemStatus, ImportItemStatus | undefined, ImportItemStatus>;
  error: string | null;
  finished_at: Date | null;
}

/** An utterance as ingested: `participant` indexes the conversation's participants (their position). */
export interface SourceUtterance {
  readonly participant: number | null;
  readonly start_ms: number | null;
  readonly end_ms: number | null;
  readonly text: string;
}

export interface ConversationSourcesTable {
  tenant_id: string;
  conversation_id: string;
  service: string;
  service_id: string;
  revision: Generated<number>;
  language: string | null;
  utterances: ColumnType<SourceUtterance[], string, string>;
  queued_at: Date | null;
  started_at: Date | null;
  attempts: Generated<number>;
  received_at: CreatedAt;
}

export interface ImporterRecordsTable {
  tenant_id: string;
  type: ImportRecordType;
  id: string;
}

/** Raised with every change of a tenant's tracker issues (migration 0019, processing/tracker-linking/). */
export interface TrackerLinkVersionsTable {
  tenant_id: string;
  version: string;
}

/** A topic model's engine state between builds (docs/processing.md "Topics"). */
export interface TopicModelStatesTable {
  tenant_id: string;
  topic_model_id: string;
  state: Buffer;
  topic_ids: string[];
  next_topic: Generated<number>;
  built_from: number;
  assigned_since: Generated<number>;
  embedding_model: string | null;
}

/** An insight's embedding: little-endian float32 (docs/processing.md "Embeddings"). */
export interface InsightEmbeddingsTable {
  tenant_id: string;
  insight_id: string;
  model: string;
  vector: Buffer;
}

export interface TrackerIssueEmbeddingsTable {
  tenant_id: string;
  issue_id: string;
  model: string;
  digest: Buffer;
  vector: Buffer;
}

export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  membership_invitations: MembershipInvitationsTable;
  worker_heartbeats: WorkerHeartbeatsTable;
  platform_secrets: PlatformSecretsTable;
  oauth_clients: OAuthClientsTable;
  oauth_models: OAuthModelsTable;
  oauth_grant_tenants: OAuthGrantTenantsTable;
  oauth_registered_clients: OAuthRegisteredClientsTable;
  oauth_registration_attempts: OAuthRegistrationAttemptsTable;
  personal_access_tokens: PersonalAccessTokensTable;
  web_sessions: WebSessionsTable;
  sign_in_failures: SignInFailuresTable;
  odata_tombstones: ODataTombstonesTable;
  odata_tombstone_horizons: ODataTombstoneHorizonsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  import_jobs: ImportJobsTable;
  import_job_conversations: ImportJobConversationsTable;
  importer_records: ImporterRecordsTable;
  conversation_sources: ConversationSourcesTable;
  tracker_link_versions: TrackerLinkVersionsTable;
  topic_model_states: TopicModelStatesTable;
  insight_embeddings: InsightEmbeddingsTable;
  tracker_issue_embeddings: TrackerIssueEmbeddingsTable;
}
