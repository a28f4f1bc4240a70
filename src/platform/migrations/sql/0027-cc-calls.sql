-- Calls (docs/contact-center.md, "Calls" and "Call lifecycle"): every call
-- made into or out of a center (seed 003, "Calls Endpoints"), moved through
-- its lifecycle by the simulation (simulation/call-steps.ts). The call object
-- of the Apps API is built from one row (calls/call-view.ts); a call's
-- transcript is kept with it, since it is read with the call and never alone
-- by anything else.

create table cc_calls (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  id bigint generated always as identity,
  -- The call this one follows: a scheduled call's earlier call, or the failed call a callback recovers.
  parent_id bigint,
  call_type text not null check (call_type in ('Voice Outbound (API)', 'Voice Inbound (API)', 'Voice Scheduled (API)')),
  status text not null check (status in ('selecting', 'queued', 'assigned', 'connecting', 'connected', 'finished', 'failed', 'switching',
    'recovered', 'scheduled', 'deflected', 'voicemail', 'voicemail_received', 'voicemail_read')),
  lang text not null check (lang ~ '^[a-z]{2}$'),
  menu_id bigint,
  agent_id bigint,
  end_user_number text check (end_user_number ~ '^\+[1-9][0-9]{6,14}$'),
  -- The number the call goes out from or is shown to the caller: the call object's support_number.
  outbound_number text check (outbound_number ~ '^\+[1-9][0-9]{6,14}$'),
  recording_permission text not null default 'not_asked' check (recording_permission in ('not_asked', 'granted', 'denied')),
  voip_provider text not null default 'voip_provider_twilio',
  deflection text not null default 'no_deflection' check (deflection in ('no_deflection', 'after_hours', 'over_capacity')),
  voicemail_reason text not null default 'not_voicemail',
  disconnected_by text not null default 'disconnected_by_unknown',
  fail_reason text not null default 'nothing',
  fail_details text,
  scheduled_at timestamptz,
  queued_at timestamptz,
  assigned_at timestamptz,
  connected_at timestamptz,
  ends_at timestamptz,
  -- Simulated seconds (elapsed real time times the center's time scale).
  wait_duration integer not null default 0 check (wait_duration >= 0),
  call_duration integer not null default 0 check (call_duration >= 0),
  hold_duration integer not null default 0 check (hold_duration >= 0),
  -- Speaker turns of the connected conversation, set when the call finishes (simulation/transcripts.ts).
  transcript jsonb,
  recorded boolean not null default false,
  -- The session data every call and chat has (session-data/session-data-routes.ts).
  customer_flags jsonb not null default '{}'::jsonb,
  custom_data jsonb not null default '{}'::jsonb,
  end_user_id bigint,
  end_user_updated_at timestamptz,
  ticket_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, parent_id) references cc_calls (tenant_id, id) on delete set null (parent_id),
  foreign key (tenant_id, menu_id) references cc_menus (tenant_id, id) on delete set null (menu_id),
  foreign key (tenant_id, agent_id) references cc_agents (tenant_id, id) on delete set null (agent_id),
  foreign key (tenant_id, end_user_id) references cc_end_users (tenant_id, id) on delete set null (end_user_id)
);
-- GET /calls?updated_since=: the stable order of the list.
create index cc_calls_updated_idx on cc_calls (tenant_id, updated_at, id);
-- Queued calls of a menu: wait times, overcapacity and routing.
create index cc_calls_menu_status_idx on cc_calls (tenant_id, menu_id, status);
