-- Sign-in sessions of the contact center's pages (docs/contact-center.md,
-- "Pages"): agents sign in with their email and password, per center. Only
-- the SHA-256 of a session id is stored.

create table cc_web_sessions (
  id_hash text primary key,
  tenant_id uuid not null,
  agent_id bigint not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  foreign key (tenant_id, agent_id) references cc_agents (tenant_id, id) on delete cascade
);
create index cc_web_sessions_agent_idx on cc_web_sessions (tenant_id, agent_id);
