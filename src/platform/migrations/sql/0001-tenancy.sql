-- Tenants, users and the memberships between them.
-- A user may belong to many tenants; every tenant-owned table leads its
-- primary key with tenant_id so it can later be distributed by tenant.

create table tenants (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  plan text not null default 'trial' check (plan in ('trial', 'sponsored', 'standard')),
  created_at timestamptz not null default now()
);

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null check (length(email) between 3 and 320 and position('@' in email) > 1),
  name text not null default '' check (length(name) <= 200),
  -- scrypt, in the self-describing format of src/platform/tenancy/password.ts; null: cannot sign in with a password.
  password_hash text,
  created_at timestamptz not null default now()
);

-- Unique case-insensitively: Chris@Example.com and chris@example.com are one person.
create unique index users_email_key on users (lower(email));

create table memberships (
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('admin', 'member')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, user_id)
);

create index memberships_user_id_idx on memberships (user_id);
