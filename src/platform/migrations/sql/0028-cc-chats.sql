-- Chats and SMS sessions (docs/contact-center.md, "Chats", "SMS"), their
-- participants and messages, media uploaded for them ("Media uploads") and
-- each center's chat webhook ("Chat webhooks").

create table cc_chats (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  id bigint generated always as identity,
  -- 'chat' (POST /chats) or 'sms' (POST /sms); chat_type is what the client sent for SMS ("Messaging (SMS)", ...).
  channel text not null check (channel in ('chat', 'sms')),
  chat_type text not null,
  status text not null check (status in ('selecting', 'va_assigned', 'queued', 'assigned', 'in_progress', 'finished', 'dismissed', 'va_dismissed', 'deflected')),
  menu_id bigint,
  lang text not null default 'en',
  email text,
  context jsonb not null default '{}'::jsonb,
  -- The session-data contract (session-data/session-data-routes.ts).
  customer_flags jsonb not null default '{}'::jsonb,
  custom_data jsonb not null default '{}'::jsonb,
  end_user_id bigint,
  end_user_updated_at timestamptz,
  ticket_id text,
  -- The agent handling the chat now; all who did are in cc_chat_participants.
  agent_id bigint,
  -- Set while the center's simulated virtual agent has the chat, and kept after it escalates.
  virtual_agent boolean not null default false,
  deflection_channel text,
  finished_by_user_id bigint,
  end_user_number text,
  outbound_number text,
  -- Replies the agent has sent, and how many it sends before it ends the chat (a seeded draw).
  agent_replies integer not null default 0,
  agent_turns integer not null default 0,
  -- The end user's inactivity deadline; past it the chat is dismissed (va_dismissed with the virtual agent).
  timeout_at timestamptz,
  assigned_at timestamptz,
  ended_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, menu_id) references cc_menus (tenant_id, id) on delete set null (menu_id),
  foreign key (tenant_id, end_user_id) references cc_end_users (tenant_id, id) on delete set null (end_user_id),
  foreign key (tenant_id, agent_id) references cc_agents (tenant_id, id) on delete set null (agent_id)
);
-- The hub connector's `GET /chats?updated_since=`.
create index cc_chats_updated_idx on cc_chats (tenant_id, updated_at, id);
-- "Consumer is already in an active SMS session".
create index cc_chats_sms_idx on cc_chats (tenant_id, end_user_number) where channel = 'sms';

create table cc_chat_participants (
  tenant_id uuid not null,
  id bigint generated always as identity,
  chat_id bigint not null,
  kind text not null check (kind in ('end_user', 'agent', 'virtual_agent')),
  agent_id bigint,
  status text not null check (status in ('active', 'left')),
  joined_at timestamptz not null default now(),
  left_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, chat_id) references cc_chats (tenant_id, id) on delete cascade,
  foreign key (tenant_id, agent_id) references cc_agents (tenant_id, id) on delete set null (agent_id)
);
create index cc_chat_participants_chat_idx on cc_chat_participants (tenant_id, chat_id);

-- Media a chat's end user uploaded through a presigned slot. bytes is null until the upload arrives;
-- attached_at is set when POST /chats/:id/photos|videos adds it to the chat.
create table cc_chat_media (
  tenant_id uuid not null,
  id bigint generated always as identity,
  chat_id bigint not null,
  kind text not null check (kind in ('photo', 'video')),
  -- The s3_path a client attaches: random, so it cannot be guessed.
  key text not null,
  -- Signs this slot's upload policy (HMAC-SHA256); never leaves the server.
  upload_secret text not null,
  upload_expires_at timestamptz not null,
  photo_type text,
  content_type text,
  size integer check (size >= 0),
  bytes bytea,
  uploaded_at timestamptz,
  attached_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, key),
  foreign key (tenant_id, chat_id) references cc_chats (tenant_id, id) on delete cascade
);
create index cc_chat_media_chat_idx on cc_chat_media (tenant_id, chat_id);

create table cc_chat_messages (
  tenant_id uuid not null,
  id bigint generated always as identity,
  chat_id bigint not null,
  sender text not null check (sender in ('end_user', 'agent', 'virtual_agent')),
  agent_id bigint,
  type text not null check (type in ('text', 'photo', 'video')),
  content text,
  media_id bigint,
  sent_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, chat_id) references cc_chats (tenant_id, id) on delete cascade,
  foreign key (tenant_id, media_id) references cc_chat_media (tenant_id, id) on delete set null (media_id)
);
create index cc_chat_messages_chat_idx on cc_chat_messages (tenant_id, chat_id, id);

create table cc_chat_escalations (
  tenant_id uuid not null,
  id bigint generated always as identity,
  chat_id bigint not null,
  reason text,
  force_escalate boolean not null default false,
  -- queued: the chat waits for an agent; deflection_offered: no agent could take it, the client picks a deflection channel.
  status text not null check (status in ('queued', 'deflection_offered', 'deflected')),
  deflection_channel text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, chat_id) references cc_chats (tenant_id, id) on delete cascade
);
create index cc_chat_escalations_chat_idx on cc_chat_escalations (tenant_id, chat_id);

-- Where a center's chat events are posted, and the two secrets that sign them (X-Signature primary=, secondary=).
create table cc_chat_webhooks (
  tenant_id uuid primary key references cc_centers (tenant_id) on delete cascade,
  url text not null,
  primary_secret text not null,
  secondary_secret text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
