-- Conversation ingestion and the processing pipeline (docs/processing.md).
--
-- Conversations gain what processing writes beside its summary: the error of
-- a failed run, the analyzer's name and the keywords (the model registry
-- declares them; registry.test.ts holds the two together).
--
-- conversation_sources keeps each ingested conversation as it arrived: the
-- key of its source (service, service_id), its utterances and the language
-- it declared, so that any run can start over from them. It is also the
-- pipeline's queue: `queued_at` is set while the conversation waits for a
-- run, `started_at` while a run holds it. `revision` grows with every
-- ingestion; a run stores its outputs only if the revision it read is still
-- the latest, so a conversation posted again while it is processed is
-- processed again, never overwritten by the older run.
--
-- Conversation uploads (POST /import/conversations) are import jobs of type
-- `conversation`: import_job_conversations lists the conversations of each
-- such job, with the revision it ingested and what became of it.

alter table conversations add column processing_error text;
alter table conversations add column analyzer text;
alter table conversations add column keywords text[];

create table conversation_sources (
  tenant_id uuid not null references tenants (id) on delete cascade,
  conversation_id text not null,
  service uuid not null,
  service_id text not null,
  revision integer not null default 1,
  language text,
  -- [{"participant": index into the participants or null, "start_ms", "end_ms", "text"}]
  utterances jsonb not null,
  queued_at timestamptz,
  started_at timestamptz,
  -- Runs of this revision that started; the watchdog fails the conversation after too many.
  attempts integer not null default 0,
  received_at timestamptz not null default now(),
  primary key (tenant_id, conversation_id)
);
create unique index conversation_sources_service_idx on conversation_sources (tenant_id, service, service_id);
-- The next conversations of a tenant to process, oldest first.
create index conversation_sources_queued_idx on conversation_sources (tenant_id, queued_at) where queued_at is not null;
-- The watchdog's scans: runs held too long, conversations waiting too long.
create index conversation_sources_started_idx on conversation_sources (started_at) where started_at is not null;
create index conversation_sources_waiting_idx on conversation_sources (queued_at) where queued_at is not null;

alter table import_jobs drop constraint import_jobs_type_check;
alter table import_jobs add constraint import_jobs_type_check check (type in ('account', 'contact', 'opportunity', 'lead', 'user', 'conversation'));
-- Conversations in a conversation job; null for CRM jobs, whose size is known only once applied.
alter table import_jobs add column total bigint;

create table import_job_conversations (
  tenant_id uuid not null,
  job_id uuid not null,
  -- Position in the upload, from 0.
  item integer not null,
  conversation_id text not null,
  service_id text not null,
  revision integer not null,
  status text not null default 'pending' check (status in ('pending', 'processed', 'failed')),
  error text,
  finished_at timestamptz,
  primary key (tenant_id, job_id, item),
  foreign key (tenant_id, job_id) references import_jobs (tenant_id, id) on delete cascade
);
-- A finished run settles every pending item of its conversation up to its revision.
create index import_job_conversations_pending_idx on import_job_conversations (tenant_id, conversation_id) where status = 'pending';
