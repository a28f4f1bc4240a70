-- OAuth clients that registered themselves (RFC 7591 Dynamic Client
-- Registration: Claude, ChatGPT, the MCP SDK). They belong to no tenant:
-- they register before any user has chosen a workspace, and the grant a
-- user gives them (oauth_grant_tenants) is what reaches a tenant.
--
-- `metadata` is the registration as oidc-provider validated it, with
-- `client_secret`, when the client has one, replaced by its SHA-256 digest.
create table oauth_registered_clients (
  id text primary key,
  metadata jsonb not null,
  created_at timestamptz not null default now()
);

-- Open registration is rate-limited per address across every process.
create table oauth_registration_attempts (
  address text not null,
  attempted_at timestamptz not null default now()
);
create index oauth_registration_attempts_address_idx on oauth_registration_attempts (address, attempted_at);

-- Settings > Connections lists connected AI clients with their last use.
alter table oauth_grant_tenants add column last_used_at timestamptz;
-- The client's name as the user saw it on the consent page: a client known by its metadata document has no
-- row of ours to read it from later.
alter table oauth_grant_tenants add column client_name text;
