-- Tracker issue embeddings (docs/processing.md, "Tracker linking"), when a
-- deployment configures a provider (EMBEDDINGS): one vector per issue, of
-- its title and the beginning of its description, stored as the insights'
-- are (0020: little-endian float32 in bytea, beside the model that made
-- it). `digest` is the SHA-256 of the text that was embedded, so an issue
-- whose text changed is embedded again and one that did not is not. The
-- relink job writes them before it links; the issue index reads them.

create table tracker_issue_embeddings (
  tenant_id uuid not null references tenants (id) on delete cascade,
  issue_id text not null,
  model text not null,
  digest bytea not null,
  vector bytea not null,
  primary key (tenant_id, issue_id)
);
