-- The hub's data: the 21 OData entity sets as src/hub/odata/model/registry.ts
-- declared them when this migration was written (the output of
-- `npm run odata:ddl` then). Later migrations changed these tables (0006
-- indexes, 0007 change tracking), so today's output differs from this file;
-- registry.test.ts holds the migrated schema equal to the registry.

create table conversations (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  title text,
  type text not null check (type in ('call', 'meeting', 'chat', 'email', 'ticket')),
  service uuid,
  service_id text,
  started_at timestamptz,
  ended_at timestamptz,
  duration_seconds integer,
  language text,
  direction text check (direction in ('inbound', 'outbound', 'internal')),
  status text not null check (status in ('pending', 'processing', 'processed', 'failed')),
  processed_at timestamptz,
  summary text,
  sentiment double precision,
  account_id text,
  opportunity_id text,
  owner_id text,
  created_at timestamptz not null,
  updated_at timestamptz,
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(summary, ''))) stored,
  primary key (tenant_id, id)
);
create index conversations_account_id_idx on conversations (tenant_id, account_id);
create index conversations_search_idx on conversations using gin (search_vector);

create table participants (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  conversation_id text not null,
  name text,
  email text,
  phone text,
  role text not null check (role in ('customer', 'internal', 'agent', 'bot')),
  contact_id text,
  owner_id text,
  token_count integer,
  talk_seconds integer,
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(email, ''))) stored,
  primary key (tenant_id, id)
);
create index participants_conversation_id_idx on participants (tenant_id, conversation_id);
create index participants_contact_id_idx on participants (tenant_id, contact_id);
create index participants_search_idx on participants using gin (search_vector);

create table fragments (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  conversation_id text not null,
  participant_id text,
  position integer not null,
  start_ms bigint,
  end_ms bigint,
  text text not null,
  sentiment double precision,
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(text, ''))) stored,
  primary key (tenant_id, id)
);
create index fragments_conversation_id_idx on fragments (tenant_id, conversation_id);
create index fragments_participant_id_idx on fragments (tenant_id, participant_id);
create index fragments_search_idx on fragments using gin (search_vector);

create table insights (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  conversation_id text not null,
  fragment_id text,
  type text not null check (type in ('feature_request', 'pain_point', 'bug', 'question', 'objection', 'pricing', 'churn_risk', 'competitor', 'praise')),
  text text not null,
  summary text,
  sentiment double precision,
  importance double precision,
  account_id text,
  contact_id text,
  created_at timestamptz not null,
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(text, '') || ' ' || coalesce(summary, ''))) stored,
  primary key (tenant_id, id)
);
create index insights_created_at_idx on insights (tenant_id, created_at, id);
create index insights_conversation_id_idx on insights (tenant_id, conversation_id);
create index insights_account_id_idx on insights (tenant_id, account_id);
create index insights_search_idx on insights using gin (search_vector);

create table topics (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  topic_model_id text not null,
  name text not null,
  description text,
  keywords text[],
  insight_count integer not null,
  created_at timestamptz not null,
  updated_at timestamptz,
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(description, ''))) stored,
  primary key (tenant_id, id)
);
create index topics_created_at_idx on topics (tenant_id, created_at, id);
create index topics_topic_model_id_idx on topics (tenant_id, topic_model_id);
create index topics_search_idx on topics using gin (search_vector);

create table topic_models (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  name text not null,
  description text,
  filter text,
  status text not null check (status in ('pending', 'building', 'ready', 'failed')),
  created_at timestamptz not null,
  updated_at timestamptz,
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(description, ''))) stored,
  primary key (tenant_id, id)
);
create index topic_models_created_at_idx on topic_models (tenant_id, created_at, id);
create index topic_models_search_idx on topic_models using gin (search_vector);

create table labels (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  name text not null,
  color text,
  created timestamptz,
  updated timestamptz not null,
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(name, ''))) stored,
  primary key (tenant_id, id)
);
create index labels_search_idx on labels using gin (search_vector);

create table accounts (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  name text,
  website text,
  domain text,
  industry text,
  annual_revenue numeric,
  number_of_employees integer,
  owner_id text,
  region text,
  country text,
  service uuid,
  service_id text,
  created timestamptz,
  updated timestamptz not null,
  additional_fields jsonb not null default '{}',
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(website, '') || ' ' || coalesce(domain, '') || ' ' || coalesce(industry, ''))) stored,
  primary key (tenant_id, id)
);
create index accounts_updated_idx on accounts (tenant_id, updated, id);
create index accounts_owner_id_idx on accounts (tenant_id, owner_id);
create index accounts_search_idx on accounts using gin (search_vector);

create table contacts (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  first_name text,
  last_name text,
  email text,
  phone text,
  title text,
  account_id text,
  department text,
  lead_source text,
  owner_id text,
  region text,
  created timestamptz,
  updated timestamptz not null,
  additional_fields jsonb not null default '{}',
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(title, ''))) stored,
  primary key (tenant_id, id)
);
create index contacts_updated_idx on contacts (tenant_id, updated, id);
create index contacts_account_id_idx on contacts (tenant_id, account_id);
create index contacts_owner_id_idx on contacts (tenant_id, owner_id);
create index contacts_search_idx on contacts using gin (search_vector);

create table leads (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  first_name text,
  last_name text,
  title text,
  company text,
  email text,
  phone text,
  website text,
  lead_source text,
  status text,
  industry text,
  annual_revenue numeric,
  number_of_employees integer,
  owner_id text,
  is_converted boolean,
  converted_date timestamptz,
  converted_account_id text,
  converted_contact_id text,
  converted_opportunity_id text,
  account_id text,
  region text,
  created timestamptz,
  updated timestamptz not null,
  additional_fields jsonb not null default '{}',
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(company, ''))) stored,
  primary key (tenant_id, id)
);
create index leads_updated_idx on leads (tenant_id, updated, id);
create index leads_owner_id_idx on leads (tenant_id, owner_id);
create index leads_search_idx on leads using gin (search_vector);

create table opportunities (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  name text,
  account_id text,
  owner_id text,
  stage text,
  amount numeric,
  currency text,
  close_date date,
  probability double precision,
  is_closed boolean,
  is_won boolean,
  lead_source text,
  region text,
  created timestamptz,
  updated timestamptz not null,
  additional_fields jsonb not null default '{}',
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(stage, ''))) stored,
  primary key (tenant_id, id)
);
create index opportunities_updated_idx on opportunities (tenant_id, updated, id);
create index opportunities_account_id_idx on opportunities (tenant_id, account_id);
create index opportunities_owner_id_idx on opportunities (tenant_id, owner_id);
create index opportunities_search_idx on opportunities using gin (search_vector);

create table owners (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  first_name text,
  last_name text,
  email text,
  title text,
  is_active boolean,
  created timestamptz,
  updated timestamptz not null,
  additional_fields jsonb not null default '{}',
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, ''))) stored,
  primary key (tenant_id, id)
);
create index owners_updated_idx on owners (tenant_id, updated, id);
create index owners_search_idx on owners using gin (search_vector);

create table cases (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  subject text,
  description text,
  status text,
  priority text,
  origin text,
  account_id text,
  contact_id text,
  owner_id text,
  closed_at timestamptz,
  created timestamptz,
  updated timestamptz not null,
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(subject, '') || ' ' || coalesce(description, ''))) stored,
  primary key (tenant_id, id)
);
create index cases_updated_idx on cases (tenant_id, updated, id);
create index cases_account_id_idx on cases (tenant_id, account_id);
create index cases_contact_id_idx on cases (tenant_id, contact_id);
create index cases_search_idx on cases using gin (search_vector);

create table calls (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  conversation_id text,
  direction text check (direction in ('inbound', 'outbound')),
  from_number text,
  to_number text,
  duration_seconds integer,
  status text,
  recording_url text,
  account_id text,
  contact_id text,
  owner_id text,
  created timestamptz,
  updated timestamptz not null,
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(from_number, '') || ' ' || coalesce(to_number, ''))) stored,
  primary key (tenant_id, id)
);
create index calls_updated_idx on calls (tenant_id, updated, id);
create index calls_conversation_id_idx on calls (tenant_id, conversation_id);
create index calls_search_idx on calls using gin (search_vector);

create table calendar_events (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  title text,
  starts_at timestamptz,
  ends_at timestamptz,
  organizer_email text,
  attendee_emails text[],
  location text,
  conversation_id text,
  created timestamptz,
  updated timestamptz not null,
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(title, ''))) stored,
  primary key (tenant_id, id)
);
create index calendar_events_conversation_id_idx on calendar_events (tenant_id, conversation_id);
create index calendar_events_search_idx on calendar_events using gin (search_vector);

create table chats (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  user_id text not null,
  title text,
  filtered_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz,
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(title, ''))) stored,
  primary key (tenant_id, id)
);
create index chats_created_at_idx on chats (tenant_id, created_at, id);
create index chats_search_idx on chats using gin (search_vector);

create table chat_messages (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  chat_id text not null,
  role text not null check (role in ('user', 'assistant')),
  content text not null,
  created_at timestamptz not null,
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(content, ''))) stored,
  primary key (tenant_id, id)
);
create index chat_messages_created_at_idx on chat_messages (tenant_id, created_at, id);
create index chat_messages_chat_id_idx on chat_messages (tenant_id, chat_id);
create index chat_messages_search_idx on chat_messages using gin (search_vector);

create table objects (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  object_type text not null,
  name text,
  service uuid,
  service_id text,
  created timestamptz,
  updated timestamptz not null,
  additional_fields jsonb not null default '{}',
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(object_type, ''))) stored,
  primary key (tenant_id, id)
);
create index objects_updated_idx on objects (tenant_id, updated, id);
create index objects_search_idx on objects using gin (search_vector);

create table tracker_projects (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  key text,
  name text,
  service uuid,
  service_id text,
  url text,
  created timestamptz,
  updated timestamptz not null,
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(key, '') || ' ' || coalesce(name, ''))) stored,
  primary key (tenant_id, id)
);
create index tracker_projects_updated_idx on tracker_projects (tenant_id, updated, id);
create index tracker_projects_search_idx on tracker_projects using gin (search_vector);

create table tracker_issues (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  project_id text not null,
  key text,
  title text,
  description text,
  status text,
  priority text,
  issue_type text,
  assignee text,
  url text,
  insight_count integer not null,
  created timestamptz,
  updated timestamptz not null,
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(key, '') || ' ' || coalesce(title, '') || ' ' || coalesce(description, ''))) stored,
  primary key (tenant_id, id)
);
create index tracker_issues_updated_idx on tracker_issues (tenant_id, updated, id);
create index tracker_issues_project_id_idx on tracker_issues (tenant_id, project_id);
create index tracker_issues_search_idx on tracker_issues using gin (search_vector);

create table tracker_comments (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  issue_id text not null,
  author text,
  body text,
  created timestamptz,
  updated timestamptz not null,
  search_vector tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(body, ''))) stored,
  primary key (tenant_id, id)
);
create index tracker_comments_updated_idx on tracker_comments (tenant_id, updated, id);
create index tracker_comments_issue_id_idx on tracker_comments (tenant_id, issue_id);
create index tracker_comments_search_idx on tracker_comments using gin (search_vector);

create table conversation_labels (
  tenant_id uuid not null references tenants (id) on delete cascade,
  conversation_id text not null,
  label_id text not null,
  primary key (tenant_id, conversation_id, label_id)
);
create index conversation_labels_label_id_idx on conversation_labels (tenant_id, label_id);

create table insight_topics (
  tenant_id uuid not null references tenants (id) on delete cascade,
  insight_id text not null,
  topic_id text not null,
  primary key (tenant_id, insight_id, topic_id)
);
create index insight_topics_topic_id_idx on insight_topics (tenant_id, topic_id);

create table tracker_issue_insights (
  tenant_id uuid not null references tenants (id) on delete cascade,
  issue_id text not null,
  insight_id text not null,
  primary key (tenant_id, issue_id, insight_id)
);
create index tracker_issue_insights_insight_id_idx on tracker_issue_insights (tenant_id, insight_id);
