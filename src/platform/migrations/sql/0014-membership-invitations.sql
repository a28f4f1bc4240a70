-- Invitations to a workspace (docs/oauth.md, "Members of a workspace"). An admin invites an email; the
-- user with that email joins when they next sign in. They are kept by email whether or not any account
-- has it, so that inviting tells an admin nothing about the users of other workspaces.
create table membership_invitations (
  tenant_id uuid not null references tenants (id) on delete cascade,
  -- Lowercase: emails compare case-insensitively, as users' unique index does.
  email text not null check (email = lower(email)),
  role text not null check (role in ('admin', 'member')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, email)
);

create index membership_invitations_email_idx on membership_invitations (email);
