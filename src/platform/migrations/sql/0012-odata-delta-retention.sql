-- Tombstones are kept for a retention period (the hourly odata:purge-tombstones
-- job), not forever. A delta link whose snapshot is older than a purged
-- tombstone could then miss a deletion, so it must be refused with 410 Gone
-- (Protocol 4.01 §11.3) rather than answered incompletely.
--
-- purged_through is the highest row_version purged for a tenant's set. The
-- deletions a delta link needs are those its snapshot could not see, whose
-- versions are all >= the snapshot's xmin; so a link is still complete while
-- pg_snapshot_xmin(snapshot) > purged_through.

create table odata_tombstone_horizons (
  tenant_id uuid not null references tenants (id) on delete cascade,
  entity_set text not null,
  purged_through xid8 not null,
  primary key (tenant_id, entity_set)
);

-- The purge finds tombstones by age, batch after batch.
create index odata_tombstones_deleted_at_idx on odata_tombstones (deleted_at);
