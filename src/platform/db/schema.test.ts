import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test-support/test-database.ts';
import type { Database } from './schema.ts';
import { ENTITY_SETS } from '../../hub/odata/model/registry.ts';
import { CONTACT_CENTER_COLUMNS } from '../../contact-center/db/cc-database.ts';

// The column names Kysely is told about (schema.ts), per table; a typo or a
// forgotten column here fails to compile against the Database interface.
const COLUMNS: { [T in keyof Database]: readonly (keyof Database[T])[] } = {
  tenants: ['id', 'name', 'plan', 'created_at', 'mcp_enabled'],
  users: ['id', 'email', 'name', 'password_hash', 'created_at'],
  memberships: ['tenant_id', 'user_id', 'role', 'created_at'],
  membership_invitations: ['tenant_id', 'email', 'role', 'created_at', 'invited_by'],
  worker_heartbeats: ['worker_id', 'process', 'seen_at'],
  platform_secrets: ['name', 'value', 'created_at'],
  oauth_clients: ['tenant_id', 'id', 'name', 'redirect_uris', 'secret_hash', 'created_by', 'created_at', 'updated_at'],
  oauth_models: ['model', 'id_hash', 'payload', 'grant_id', 'uid', 'expires_at', 'consumed_at'],
  oauth_grant_tenants: ['tenant_id', 'grant_id', 'user_id', 'client_id', 'created_at', 'last_used_at', 'client_name'],
  oauth_registered_clients: ['id', 'metadata', 'created_at'],
  oauth_registration_attempts: ['address', 'attempted_at'],
  personal_access_tokens: ['tenant_id', 'id', 'user_id', 'name', 'scopes', 'token_hash', 'token_prefix', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'],
  sign_in_failures: ['email_lower', 'attempted_at'],
  odata_tombstones: ['tenant_id', 'entity_set', 'id', 'row_version', 'deleted_at'],
  odata_tombstone_horizons: ['tenant_id', 'entity_set', 'purged_through'],
  web_sessions: ['id_hash', 'user_id', 'active_tenant_id', 'created_at', 'last_seen_at', 'expires_at'],
  webhook_subscriptions: ['tenant_id', 'id', 'url', 'events', 'enabled', 'disabled_reason', 'disabled_at', 'secret', 'previous_secret', 'previous_secret_expires_at', 'failing_since', 'created_by', 'created_at', 'updated_at'],
  webhook_events: ['tenant_id', 'id', 'event', 'body', 'created_at'],
  webhook_deliveries: ['tenant_id', 'id', 'event_id', 'subscription_id', 'status', 'attempts', 'retries', 'next_attempt_at', 'created_at', 'updated_at', 'attempt_log'],
  import_jobs: ['tenant_id', 'id', 'seq', 'type', 'action', 'columns', 'status', 'processed', 'error', 'error_line', 'created_by', 'created_at', 'updated_at', 'started_at', 'completed_at', 'total'],
  import_job_conversations: ['tenant_id', 'job_id', 'item', 'conversation_id', 'service_id', 'revision', 'status', 'error', 'finished_at'],
  importer_records: ['tenant_id', 'type', 'id'],
  conversation_sources: ['tenant_id', 'conversation_id', 'service', 'service_id', 'revision', 'language', 'utterances', 'queued_at', 'started_at', 'attempts', 'received_at'],
  tracker_link_versions: ['tenant_id', 'version'],
  topic_model_states: ['tenant_id', 'topic_model_id', 'state', 'topic_ids', 'next_topic', 'built_from', 'assigned_since', 'embedding_model'],
  insight_embeddings: ['tenant_id', 'insight_id', 'model', 'vector'],
  tracker_issue_embeddings: ['tenant_id', 'issue_id', 'model', 'digest', 'vector'],
};

// The OData model's tables are declared by its registry and checked by registry.test.ts.
const MODEL_TABLES = new Set([
  ...ENTITY_SETS.map((set) => set.table),
  ...ENTITY_SETS.flatMap((set) => set.navigation.flatMap((n) => ('link' in n ? [n.link.table] : []))),
]);

test('schema.ts and the migrated database have the same tables and columns', async () => {
  const { db } = await createTestDatabase();
  const { rows: all } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and table_name not like 'schema_migrations%'
    order by table_name, ordinal_position`.execute(db);
  const rows = all.filter((row) => !MODEL_TABLES.has(row.table_name));
  const actual: Record<string, string[]> = {};
  for (const row of rows) (actual[row.table_name] ??= []).push(row.column_name);
  const expected = Object.fromEntries(Object.entries({ ...COLUMNS, ...CONTACT_CENTER_COLUMNS }).map(([table, columns]) => [table, [...columns].map(String)]));
  assert.deepEqual(actual, expected);
});
