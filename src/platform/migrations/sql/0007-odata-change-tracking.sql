-- OData change tracking (Protocol 4.01 §11.3, delta links): which rows changed
-- or disappeared since a client's last read, as seen by PostgreSQL itself.
--
-- row_version is the id of the transaction that last wrote the row (xid8: 64
-- bits, never wraps). A delta link holds the snapshot (pg_current_snapshot())
-- taken before the client's first page; a row changed since is one whose
-- row_version that snapshot could not see: committed later, or in progress
-- then. Unlike a timestamp, this cannot miss a transaction that commits after
-- a later one started. Every such version is >= the snapshot's xmin, so the
-- (tenant_id, row_version, id) index bounds the scan.
--
-- Deleted keys are kept in odata_tombstones (one row per key, its version
-- bumped when deleted again), written by a statement trigger from the
-- transition table, so bulk deletes stay set-based. Rows removed because
-- their tenant is being deleted leave no tombstone.

create table odata_tombstones (
  tenant_id uuid not null references tenants (id) on delete cascade,
  entity_set text not null,
  id text not null,
  row_version xid8 not null default pg_current_xact_id(),
  deleted_at timestamptz not null default now(),
  primary key (tenant_id, entity_set, id)
);
create index odata_tombstones_row_version_idx on odata_tombstones (tenant_id, entity_set, row_version, id);

create function odata_touch_row_version() returns trigger language plpgsql as $$
begin
  new.row_version := pg_current_xact_id();
  return new;
end
$$;

create function odata_record_tombstones() returns trigger language plpgsql as $$
begin
  insert into odata_tombstones (tenant_id, entity_set, id)
  select o.tenant_id, tg_argv[0], o.id from old_rows o
  where exists (select 1 from tenants t where t.id = o.tenant_id)
  on conflict (tenant_id, entity_set, id) do update set row_version = pg_current_xact_id(), deleted_at = now();
  return null;
end
$$;

-- Then for each entity set: its row_version column, and what changeTracking()
-- in src/hub/odata/model/ddl.ts declares (registry.test.ts checks the result).

alter table conversations add column row_version xid8 not null default pg_current_xact_id();
create index conversations_row_version_idx on conversations (tenant_id, row_version, id);
create trigger conversations_row_version before update on conversations for each row execute function odata_touch_row_version();
create trigger conversations_tombstones after delete on conversations referencing old table as old_rows for each statement execute function odata_record_tombstones('Conversations');

alter table participants add column row_version xid8 not null default pg_current_xact_id();
create index participants_row_version_idx on participants (tenant_id, row_version, id);
create trigger participants_row_version before update on participants for each row execute function odata_touch_row_version();
create trigger participants_tombstones after delete on participants referencing old table as old_rows for each statement execute function odata_record_tombstones('Participants');

alter table fragments add column row_version xid8 not null default pg_current_xact_id();
create index fragments_row_version_idx on fragments (tenant_id, row_version, id);
create trigger fragments_row_version before update on fragments for each row execute function odata_touch_row_version();
create trigger fragments_tombstones after delete on fragments referencing old table as old_rows for each statement execute function odata_record_tombstones('Fragments');

alter table insights add column row_version xid8 not null default pg_current_xact_id();
create index insights_row_version_idx on insights (tenant_id, row_version, id);
create trigger insights_row_version before update on insights for each row execute function odata_touch_row_version();
create trigger insights_tombstones after delete on insights referencing old table as old_rows for each statement execute function odata_record_tombstones('Insights');

alter table topics add column row_version xid8 not null default pg_current_xact_id();
create index topics_row_version_idx on topics (tenant_id, row_version, id);
create trigger topics_row_version before update on topics for each row execute function odata_touch_row_version();
create trigger topics_tombstones after delete on topics referencing old table as old_rows for each statement execute function odata_record_tombstones('Topics');

alter table topic_models add column row_version xid8 not null default pg_current_xact_id();
create index topic_models_row_version_idx on topic_models (tenant_id, row_version, id);
create trigger topic_models_row_version before update on topic_models for each row execute function odata_touch_row_version();
create trigger topic_models_tombstones after delete on topic_models referencing old table as old_rows for each statement execute function odata_record_tombstones('TopicModels');

alter table labels add column row_version xid8 not null default pg_current_xact_id();
create index labels_row_version_idx on labels (tenant_id, row_version, id);
create trigger labels_row_version before update on labels for each row execute function odata_touch_row_version();
create trigger labels_tombstones after delete on labels referencing old table as old_rows for each statement execute function odata_record_tombstones('Labels');

alter table accounts add column row_version xid8 not null default pg_current_xact_id();
create index accounts_row_version_idx on accounts (tenant_id, row_version, id);
create trigger accounts_row_version before update on accounts for each row execute function odata_touch_row_version();
create trigger accounts_tombstones after delete on accounts referencing old table as old_rows for each statement execute function odata_record_tombstones('Accounts');

alter table contacts add column row_version xid8 not null default pg_current_xact_id();
create index contacts_row_version_idx on contacts (tenant_id, row_version, id);
create trigger contacts_row_version before update on contacts for each row execute function odata_touch_row_version();
create trigger contacts_tombstones after delete on contacts referencing old table as old_rows for each statement execute function odata_record_tombstones('Contacts');

alter table leads add column row_version xid8 not null default pg_current_xact_id();
create index leads_row_version_idx on leads (tenant_id, row_version, id);
create trigger leads_row_version before update on leads for each row execute function odata_touch_row_version();
create trigger leads_tombstones after delete on leads referencing old table as old_rows for each statement execute function odata_record_tombstones('Leads');

alter table opportunities add column row_version xid8 not null default pg_current_xact_id();
create index opportunities_row_version_idx on opportunities (tenant_id, row_version, id);
create trigger opportunities_row_version before update on opportunities for each row execute function odata_touch_row_version();
create trigger opportunities_tombstones after delete on opportunities referencing old table as old_rows for each statement execute function odata_record_tombstones('Opportunities');

alter table owners add column row_version xid8 not null default pg_current_xact_id();
create index owners_row_version_idx on owners (tenant_id, row_version, id);
create trigger owners_row_version before update on owners for each row execute function odata_touch_row_version();
create trigger owners_tombstones after delete on owners referencing old table as old_rows for each statement execute function odata_record_tombstones('Owners');

alter table cases add column row_version xid8 not null default pg_current_xact_id();
create index cases_row_version_idx on cases (tenant_id, row_version, id);
create trigger cases_row_version before update on cases for each row execute function odata_touch_row_version();
create trigger cases_tombstones after delete on cases referencing old table as old_rows for each statement execute function odata_record_tombstones('Cases');

alter table calls add column row_version xid8 not null default pg_current_xact_id();
create index calls_row_version_idx on calls (tenant_id, row_version, id);
create trigger calls_row_version before update on calls for each row execute function odata_touch_row_version();
create trigger calls_tombstones after delete on calls referencing old table as old_rows for each statement execute function odata_record_tombstones('Calls');

alter table calendar_events add column row_version xid8 not null default pg_current_xact_id();
create index calendar_events_row_version_idx on calendar_events (tenant_id, row_version, id);
create trigger calendar_events_row_version before update on calendar_events for each row execute function odata_touch_row_version();
create trigger calendar_events_tombstones after delete on calendar_events referencing old table as old_rows for each statement execute function odata_record_tombstones('CalendarEvents');

alter table chats add column row_version xid8 not null default pg_current_xact_id();
create index chats_row_version_idx on chats (tenant_id, row_version, id);
create trigger chats_row_version before update on chats for each row execute function odata_touch_row_version();
create trigger chats_tombstones after delete on chats referencing old table as old_rows for each statement execute function odata_record_tombstones('Chats');

alter table chat_messages add column row_version xid8 not null default pg_current_xact_id();
create index chat_messages_row_version_idx on chat_messages (tenant_id, row_version, id);
create trigger chat_messages_row_version before update on chat_messages for each row execute function odata_touch_row_version();
create trigger chat_messages_tombstones after delete on chat_messages referencing old table as old_rows for each statement execute function odata_record_tombstones('ChatMessages');

alter table objects add column row_version xid8 not null default pg_current_xact_id();
create index objects_row_version_idx on objects (tenant_id, row_version, id);
create trigger objects_row_version before update on objects for each row execute function odata_touch_row_version();
create trigger objects_tombstones after delete on objects referencing old table as old_rows for each statement execute function odata_record_tombstones('Objects');

alter table tracker_projects add column row_version xid8 not null default pg_current_xact_id();
create index tracker_projects_row_version_idx on tracker_projects (tenant_id, row_version, id);
create trigger tracker_projects_row_version before update on tracker_projects for each row execute function odata_touch_row_version();
create trigger tracker_projects_tombstones after delete on tracker_projects referencing old table as old_rows for each statement execute function odata_record_tombstones('TrackerProjects');

alter table tracker_issues add column row_version xid8 not null default pg_current_xact_id();
create index tracker_issues_row_version_idx on tracker_issues (tenant_id, row_version, id);
create trigger tracker_issues_row_version before update on tracker_issues for each row execute function odata_touch_row_version();
create trigger tracker_issues_tombstones after delete on tracker_issues referencing old table as old_rows for each statement execute function odata_record_tombstones('TrackerIssues');

alter table tracker_comments add column row_version xid8 not null default pg_current_xact_id();
create index tracker_comments_row_version_idx on tracker_comments (tenant_id, row_version, id);
create trigger tracker_comments_row_version before update on tracker_comments for each row execute function odata_touch_row_version();
create trigger tracker_comments_tombstones after delete on tracker_comments referencing old table as old_rows for each statement execute function odata_record_tombstones('TrackerComments');
