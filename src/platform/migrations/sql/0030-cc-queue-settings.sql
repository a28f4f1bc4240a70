-- Queue settings export/import with version history, and contact lists
-- (docs/contact-center.md, "Queue settings" and "Contact lists"; seed 003
-- sections 6 and 7). The menus' own settings are cc_menus' columns (0024);
-- what a menu holds beside them lives here: its teams, its stored media
-- (audio prompts, attached files), the chat shortcuts. Every export, import,
-- auto-save and restore keeps the document or ZIP it was, so any version can
-- be downloaded again or restored.

-- Teams assigned to a menu, beside the agents of cc_menu_agents.
create table cc_menu_teams (
  tenant_id uuid not null,
  menu_id bigint not null,
  team_id bigint not null,
  primary key (tenant_id, menu_id, team_id),
  foreign key (tenant_id, menu_id) references cc_menus (tenant_id, id) on delete cascade,
  foreign key (tenant_id, team_id) references cc_teams (tenant_id, id) on delete cascade
);

-- A menu's stored media: audio prompts ('audio') and files agents send ('attachment').
create table cc_menu_files (
  tenant_id uuid not null,
  menu_id bigint not null,
  kind text not null check (kind in ('audio', 'attachment')),
  -- One path segment: it becomes a ZIP entry name (audio/<menu id>/<name>).
  name text not null check (name ~ '^[A-Za-z0-9][A-Za-z0-9._ -]{0,127}$' and name !~ '\.\.'),
  content_type text not null,
  bytes bytea not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, menu_id, kind, name),
  foreign key (tenant_id, menu_id) references cc_menus (tenant_id, id) on delete cascade
);

-- Canned chat replies; menu_id null: offered in every menu.
create table cc_chat_shortcuts (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  id bigint generated always as identity,
  menu_id bigint,
  lang text not null default 'en',
  title text not null,
  text text not null,
  primary key (tenant_id, id),
  foreign key (tenant_id, menu_id) references cc_menus (tenant_id, id) on delete cascade
);

-- One global list per center (created on first use, never renamed or deleted) and custom lists.
create table cc_contact_lists (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  id bigint generated always as identity,
  name text not null,
  kind text not null check (kind in ('global', 'custom')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index cc_contact_lists_name_idx on cc_contact_lists (tenant_id, lower(name));
create unique index cc_contact_lists_global_idx on cc_contact_lists (tenant_id) where kind = 'global';

create table cc_contacts (
  tenant_id uuid not null,
  id bigint generated always as identity,
  contact_list_id bigint not null,
  name text not null,
  phone_number text not null check (phone_number ~ '^\+[1-9][0-9]{6,14}$'),
  email text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, contact_list_id, phone_number),
  foreign key (tenant_id, contact_list_id) references cc_contact_lists (tenant_id, id) on delete cascade
);

-- Version history: the export document (application/json) or ZIP each item was, as downloaded.
create table cc_queue_setting_versions (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  id bigint generated always as identity,
  revision uuid not null unique default gen_random_uuid(),
  kind text not null check (kind in ('export', 'auto_saved', 'import', 'restore')),
  -- The user who imported or restored; null for exports and auto-saves, which name none.
  email text,
  content_type text not null check (content_type in ('application/json', 'application/zip')),
  content bytea not null,
  settings_size integer not null,
  export_audio_files boolean not null,
  export_attached_files boolean not null,
  menus integer not null,
  audio_files integer not null,
  attached_files integer not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
