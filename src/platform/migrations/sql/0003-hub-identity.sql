-- Hub identity: OAuth clients, the OAuth server's state, personal access
-- tokens and the web sessions of the pages.
--
-- Secrets are never stored in the clear: client secrets and bearer values
-- (access/refresh tokens, codes, PATs, session cookies) as SHA-256 digests,
-- which is enough for 256-bit random values (passwords use scrypt).
-- Tables owned by a tenant lead their primary key with tenant_id; the ones
-- looked up by a bearer value before the tenant is known get a plain index
-- on that value, which a distributed (per-tenant) table can still have.

-- Process-wide secrets shared by every process: cookie signing keys, JWKS.
create table platform_secrets (
  name text primary key,
  value jsonb not null,
  created_at timestamptz not null default now()
);

-- API clients ("OAuth clients"): created in one tenant, authorisable by users of any tenant.
create table oauth_clients (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  name text not null check (length(btrim(name)) between 1 and 200),
  redirect_uris text[] not null check (cardinality(redirect_uris) between 1 and 20),
  secret_hash text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index oauth_clients_id_idx on oauth_clients (id);

-- oidc-provider's models (Session, Interaction, Grant, AuthorizationCode,
-- AccessToken, RefreshToken, …) through src/hub/oauth/postgres-adapter.ts.
create table oauth_models (
  model text not null,
  id_hash text not null,
  payload jsonb not null,
  grant_id text,
  uid text,
  expires_at timestamptz,
  consumed_at timestamptz,
  primary key (model, id_hash)
);
create index oauth_models_grant_id_idx on oauth_models (grant_id) where grant_id is not null;
create index oauth_models_uid_idx on oauth_models (uid) where uid is not null;
create index oauth_models_expires_at_idx on oauth_models (expires_at) where expires_at is not null;

-- Which tenant the user chose when granting a client access: every token of the grant reaches only it.
create table oauth_grant_tenants (
  tenant_id uuid not null references tenants (id) on delete cascade,
  grant_id text not null,
  user_id uuid not null references users (id) on delete cascade,
  client_id text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, grant_id)
);
create index oauth_grant_tenants_grant_id_idx on oauth_grant_tenants (grant_id);

create table personal_access_tokens (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  scopes text[] not null check (cardinality(scopes) >= 1),
  token_hash text not null,
  -- The first characters of the token, so a user can tell tokens apart.
  token_prefix text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (tenant_id, id)
);
create index personal_access_tokens_token_hash_idx on personal_access_tokens (token_hash);

-- Signed-in users of the pages. A session belongs to a user; the tenant they
-- are working in is a preference of the session.
create table web_sessions (
  id_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  active_tenant_id uuid references tenants (id) on delete set null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index web_sessions_user_id_idx on web_sessions (user_id);
