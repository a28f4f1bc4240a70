-- Sign-in sessions of the contact center's pages (docs/contact-center.md,
-- "Pages"): agents sign in with their email and password, per center. Only
-- the SHA-256 of a session id is stored.

create table cc_web_sessions (
  tenant_id uuid not null,
  id_hash text not null,
  agent_id bigint not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (tenant_id, id_hash),
  foreign key (tenant_id, agent_id) references cc_agents (tenant_id, id) on delete cascade
);
-- A cookie names no center: the session is found by its hash alone (32
-- random bytes, so not unique by constraint, which a distributed table could
-- not keep without tenant_id).
create index cc_web_sessions_id_idx on cc_web_sessions (id_hash);
create index cc_web_sessions_agent_idx on cc_web_sessions (tenant_id, agent_id);
