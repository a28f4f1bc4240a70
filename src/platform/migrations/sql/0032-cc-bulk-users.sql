-- The most chats at once a bulk file may give an agent (seed 003, "Bulk User Management":
-- max_chat_limit "1 to X (where X is configured value)"), per center.
alter table cc_centers add column max_chat_limit integer not null default 10 check (max_chat_limit between 1 and 100);

-- A bulk user file (seed 003, "Bulk User Management"): the JSON as uploaded, until it has been
-- processed; its state (created -> valid_scheme | invalid_scheme -> in_progress -> finished); the
-- scheme check's errors; and, while processing, how far it got, so a retried job goes on from there.
create table cc_bulk_user_jobs (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  id bigint generated always as identity,
  status text not null default 'created' check (status in ('created', 'valid_scheme', 'invalid_scheme', 'in_progress', 'finished')),
  filename text not null,
  content bytea,
  total_rows integer not null default 0,
  processed_rows integer not null default 0,
  affected_rows integer not null default 0,
  failed_rows integer not null default 0,
  scheme_errors jsonb not null default '[]',
  update_errors jsonb not null default '[]',
  created_at timestamptz not null default now(),
  process_requested_at timestamptz,
  finished_at timestamptz,
  primary key (tenant_id, id)
);
create index cc_bulk_user_jobs_newest_idx on cc_bulk_user_jobs (tenant_id, created_at desc, id desc);
