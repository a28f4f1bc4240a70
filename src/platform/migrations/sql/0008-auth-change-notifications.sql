-- Processes cache verified tokens (src/hub/identity/token-cache.ts); any
-- change that can take access away notifies every process to drop its cache:
-- a revoked, expired or re-scoped personal access token, a membership
-- removed or changed, OAuth tokens or grants deleted (revocation, client
-- deletion), a user or tenant deleted. Triggers make this hold for every
-- writer: the hub, the CLI, another process, an operator's SQL.
-- NOTIFY is delivered when the transaction commits, once per transaction.

create function notify_auth_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('commontime_auth_changed', tg_table_name);
  return null;
end
$$;

-- Deletes notify only when they removed a row (the hourly purge of expired
-- OAuth records often removes none).
create function notify_auth_rows_deleted() returns trigger language plpgsql as $$
begin
  if exists (select 1 from old_rows) then
    perform pg_notify('commontime_auth_changed', tg_table_name);
  end if;
  return null;
end
$$;

create trigger personal_access_tokens_auth_changed after update of revoked_at, expires_at, scopes, tenant_id, user_id on personal_access_tokens
  for each statement execute function notify_auth_changed();
create trigger personal_access_tokens_auth_deleted after delete on personal_access_tokens
  referencing old table as old_rows for each statement execute function notify_auth_rows_deleted();
create trigger memberships_auth_changed after update on memberships
  for each statement execute function notify_auth_changed();
create trigger memberships_auth_deleted after delete on memberships
  referencing old table as old_rows for each statement execute function notify_auth_rows_deleted();
create trigger oauth_models_auth_deleted after delete on oauth_models
  referencing old table as old_rows for each statement execute function notify_auth_rows_deleted();
create trigger oauth_grant_tenants_auth_deleted after delete on oauth_grant_tenants
  referencing old table as old_rows for each statement execute function notify_auth_rows_deleted();
create trigger users_auth_deleted after delete on users
  referencing old table as old_rows for each statement execute function notify_auth_rows_deleted();
create trigger tenants_auth_deleted after delete on tenants
  referencing old table as old_rows for each statement execute function notify_auth_rows_deleted();
