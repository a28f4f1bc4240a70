-- A forced logout too large for one request (seed 003, "Force Logout Agents": "for a large number of
-- agents, a background job is created"): what it names, its state and, once finished, each agent's entry.
create table cc_force_logout_jobs (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  id bigint generated always as identity,
  status text not null default 'created' check (status in ('created', 'finished')),
  targets jsonb not null,
  results jsonb,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (tenant_id, id)
);
