-- Outbound dialer campaigns (docs/contact-center.md, "Campaigns"): a campaign
-- dials its contacts through the agents of one menu, in preview, progressive
-- or predictive mode. Contacts carry the seed's statuses; imports of contact
-- files are jobs of the queue, their file kept until processed.

create table cc_campaigns (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  id bigint generated always as identity,
  name text not null check (length(name) between 1 and 255),
  mode text not null check (mode in ('preview', 'progressive', 'predictive')),
  status text not null default 'paused' check (status in ('running', 'paused', 'completed')),
  menu_id bigint not null,
  outbound_number text check (outbound_number ~ '^\+[1-9][0-9]{6,14}$'),
  max_abandonment_percent numeric(5, 2) not null default 3 check (max_abandonment_percent between 0 and 100),
  max_redial_count integer not null default 2 check (max_redial_count between 0 and 20),
  redial_interval_minutes integer not null default 60 check (redial_interval_minutes between 1 and 10080),
  -- Predictive mode: lines dialled per available agent.
  dial_ratio numeric(4, 2) not null default 1.5 check (dial_ratio between 1 and 5),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, name),
  foreign key (tenant_id, menu_id) references cc_menus (tenant_id, id)
);

create table cc_campaign_contacts (
  tenant_id uuid not null,
  id bigint generated always as identity,
  campaign_id bigint not null,
  name text,
  email text,
  -- As given: a number that is not a phone number is kept and dialled as "Invalid Number".
  phone_number text not null,
  outbound_number text,
  unique_id text,
  priority integer,
  status text not null default 'Upcoming' check (status in (
    'Upcoming', 'Dialing', 'Queued', 'Connected', 'Finished', 'Transferred', 'Transferred and Finished',
    'Not Picked Up', 'Not Reached to Contact', 'Abandoned by Contact', 'Skipped', 'Skipped & Closed',
    'Invalid Number', 'Carrier Error', 'Abandoned by Dialer', 'Voicemail Hung Up', 'Dialer General Error',
    'Redial Scheduled', 'Do Not Call', 'Invalid Outbound Number', 'Blocked Phone Number')),
  attempts integer not null default 0,
  next_dial_at timestamptz,
  -- The agent the dialer reserved (preview, progressive) or found (predictive) for the call under way.
  agent_id bigint,
  dialed_at timestamptz,
  connected_at timestamptz,
  ended_at timestamptz,
  assigned_call_id bigint,
  assigned_participant_id bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, campaign_id) references cc_campaigns (tenant_id, id) on delete cascade
);
create unique index cc_campaign_contacts_unique_id_idx on cc_campaign_contacts (tenant_id, campaign_id, unique_id) where unique_id is not null;
-- The dialer's next pick: priority first, then the order contacts were added.
create index cc_campaign_contacts_dial_idx on cc_campaign_contacts (tenant_id, campaign_id, status, priority, id);

create table cc_campaign_imports (
  tenant_id uuid not null,
  id bigint generated always as identity,
  campaign_id bigint not null,
  status text not null default 'created' check (status in ('created', 'in_progress', 'finished', 'failed')),
  filename text not null,
  format text not null check (format in ('json', 'csv')),
  content bytea,
  total_rows integer not null default 0,
  created_rows integer not null default 0,
  failed_rows integer not null default 0,
  errors jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, campaign_id) references cc_campaigns (tenant_id, id) on delete cascade
);
