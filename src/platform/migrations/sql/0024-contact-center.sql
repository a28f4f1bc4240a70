-- The contact center's core (docs/contact-center.md): a workspace's center,
-- its Apps API credentials, and the configuration calls and chats are routed
-- by: menus (queues), teams, agents and their statuses, end users, CRM
-- tickets and outbound phone numbers.
--
-- The Apps API names everything by integer ids. Each table draws them from
-- its own identity sequence, shared by all workspaces, so an id is never
-- reused across them; the primary key still leads with tenant_id (Citus),
-- and every lookup names the tenant, so another workspace's id is a 404.

create table cc_centers (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  -- The Basic-auth username and the leftmost label of the center's host (RFC 1035 §2.3.1 label syntax).
  subdomain text not null unique check (subdomain ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
  -- HS256 key of signed custom data; clients sign with it, so it is shown in Developer Settings.
  company_secret text not null,
  sms_enabled boolean not null default true,
  -- Durations, probabilities, seed and time scale of the simulated telephony (simulation/sim-settings.ts).
  simulation jsonb not null default '{}',
  created_at timestamptz not null default now()
);

create table cc_api_credentials (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  id bigint generated always as identity,
  name text not null,
  token_digest text not null unique,
  token_hint text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (tenant_id, id)
);

-- One token bucket per center (http/rate-limit.ts): the Apps API's limit is per customer.
create table cc_rate_buckets (
  tenant_id uuid primary key references cc_centers (tenant_id) on delete cascade,
  tokens double precision not null,
  refilled_at timestamptz not null
);

create table cc_menus (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  id bigint generated always as identity,
  parent_id bigint,
  name text not null,
  position integer not null default 0,
  menu_type text not null check (menu_type in ('ivr_menu', 'mobile_menu', 'web_menu')),
  hidden boolean not null default false,
  deleted boolean not null default false,
  output_msg text,
  languages text[] not null default '{en}',
  -- null: open around the clock; else {"timezone": "...", "days": {"mon": [["09:00", "17:00"]], ...}}.
  hours jsonb,
  after_hours_deflection text not null default 'voicemail' check (after_hours_deflection in ('voicemail', 'scheduled_call', 'none')),
  -- Queued contacts beyond which the queue is over capacity; null: no limit.
  overcapacity_limit integer check (overcapacity_limit >= 0),
  overcapacity_deflection text not null default 'voicemail' check (overcapacity_deflection in ('voicemail', 'scheduled_call', 'none')),
  manual_redirection boolean not null default false,
  outbound_numbers text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, parent_id) references cc_menus (tenant_id, id) on delete cascade
);

create table cc_teams (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  id bigint generated always as identity,
  parent_id bigint,
  name text not null,
  primary key (tenant_id, id),
  foreign key (tenant_id, parent_id) references cc_teams (tenant_id, id) on delete cascade
);
create unique index cc_teams_name_idx on cc_teams (tenant_id, lower(name));

create table cc_locations (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  name text not null,
  primary key (tenant_id, name)
);
create unique index cc_locations_name_idx on cc_locations (tenant_id, lower(name));

-- Agent statuses: "Available", the center's custom ones (a break, lunch) and the system's, which only the platform sets.
create table cc_statuses (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  id bigint generated always as identity,
  name text not null,
  kind text not null check (kind in ('available', 'custom', 'system')),
  primary key (tenant_id, id)
);
create unique index cc_statuses_name_idx on cc_statuses (tenant_id, lower(name));

create table cc_agents (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  id bigint generated always as identity,
  email text not null,
  first_name text not null,
  last_name text not null,
  agent_number text,
  location text,
  max_chat_limit integer not null default 3 check (max_chat_limit between 1 and 100),
  max_chat_limit_enabled boolean not null default false,
  roles text[] not null default '{Agent}',
  unrestricted_international_calling boolean not null default false,
  external_user boolean not null default false,
  phone_numbers text[] not null default '{}',
  extension_numbers integer[] not null default '{}',
  ucaas_user_name text,
  ucaas_sip_uri text,
  status text not null default 'Offline',
  status_updated_at timestamptz not null default now(),
  online boolean not null default false,
  wrap_up boolean not null default false,
  last_login_at timestamptz,
  last_login_ip inet,
  -- Forced out while busy: the agent goes Offline when the current call or chat ends.
  logout_pending boolean not null default false,
  -- Work in hand, kept by the calls and chats that take and release the agent (simulation/agent-routing.ts).
  active_calls integer not null default 0 check (active_calls >= 0),
  active_chats integer not null default 0 check (active_chats >= 0),
  -- The agent console's sign-in (scrypt, platform/tenancy/password.ts); null: cannot sign in.
  password_hash text,
  -- Simulated agents take work on their own; a person signed in to the console does not.
  simulated boolean not null default true,
  deactivated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index cc_agents_email_idx on cc_agents (tenant_id, lower(email));
create index cc_agents_status_idx on cc_agents (tenant_id, status);

create table cc_agent_teams (
  tenant_id uuid not null,
  team_id bigint not null,
  agent_id bigint not null,
  primary key (tenant_id, team_id, agent_id),
  foreign key (tenant_id, team_id) references cc_teams (tenant_id, id) on delete cascade,
  foreign key (tenant_id, agent_id) references cc_agents (tenant_id, id) on delete cascade
);
create index cc_agent_teams_agent_idx on cc_agent_teams (tenant_id, agent_id);

-- Which agents take which leaf menus' calls and chats.
create table cc_menu_agents (
  tenant_id uuid not null,
  menu_id bigint not null,
  agent_id bigint not null,
  primary key (tenant_id, menu_id, agent_id),
  foreign key (tenant_id, menu_id) references cc_menus (tenant_id, id) on delete cascade,
  foreign key (tenant_id, agent_id) references cc_agents (tenant_id, id) on delete cascade
);
create index cc_menu_agents_agent_idx on cc_menu_agents (tenant_id, agent_id);

create table cc_end_users (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  id bigint generated always as identity,
  identifier text not null,
  name text,
  email text,
  phone text,
  out_contact_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, identifier)
);
create index cc_end_users_phone_idx on cc_end_users (tenant_id, phone);

-- CRM tickets a call or SMS may name by ticket_id: the number to dial comes from the ticket.
create table cc_tickets (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  id text not null,
  subject text,
  end_user_id bigint,
  phone text,
  email text,
  name text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, end_user_id) references cc_end_users (tenant_id, id) on delete set null
);

-- Settings > Phone Numbers > Phone Number Management: E.164 numbers calls and SMS go out from.
create table cc_phone_numbers (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  number text not null check (number ~ '^\+[1-9][0-9]{6,14}$'),
  is_default boolean not null default false,
  sms_enabled boolean not null default true,
  primary key (tenant_id, number)
);
create unique index cc_phone_numbers_default_idx on cc_phone_numbers (tenant_id) where is_default;
