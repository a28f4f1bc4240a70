-- Tracker linking (docs/processing.md, "Tracker linking"): every process
-- keeps an index of a tenant's tracker issues in memory, and this row tells
-- it when that index is stale. Whatever changes a tenant's issues or their
-- comments raises `version` in the same transaction (the tracker import
-- does, through src/hub/processing/tracker-linking/tracker-changes.ts), so
-- a process reads one row by its key per batch instead of the issues. No
-- row: the tenant never had tracker issues, and linking does nothing.
create table tracker_link_versions (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  version bigint not null
);
