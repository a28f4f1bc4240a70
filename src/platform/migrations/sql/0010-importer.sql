-- The hub's CRM importer (docs/importer.md).
--
-- An accepted upload is a row of import_jobs plus its staging table in the
-- importer_staging schema (one table per job, created and filled by COPY in
-- the transaction that accepts the upload, dropped when the job ends).
-- importer_records marks the records the importer created, so that a delete
-- file touches only those (records of other services are left alone).

create table import_jobs (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- Acceptance order: jobs of one tenant and type apply in this order.
  seq bigint generated always as identity,
  type text not null check (type in ('account', 'contact', 'opportunity', 'lead', 'user')),
  action text not null check (action in ('upsert', 'delete')),
  -- The CSV header; the staging table holds column i of the file as c<i>.
  columns text[] not null,
  status text not null default 'pending' check (status in ('pending', 'processing', 'completed', 'failed')),
  processed bigint not null default 0,
  error text,
  error_line bigint,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz,
  primary key (tenant_id, id)
);
-- The next job to apply for a tenant and type.
create index import_jobs_unfinished_idx on import_jobs (tenant_id, type, seq) where status in ('pending', 'processing');

-- No foreign key to tenants: checking it costs a lookup per row, a sixth of a
-- million-record job. The tenant comes from the job (whose row has the key),
-- and a statement trigger on tenants does what "on delete cascade" would.
create table importer_records (
  tenant_id uuid not null,
  type text not null check (type in ('account', 'contact', 'opportunity', 'lead', 'user')),
  id text not null,
  primary key (tenant_id, type, id)
);

create function importer_records_forget_tenants() returns trigger language plpgsql as $$
begin
  delete from importer_records r using deleted_tenants d where r.tenant_id = d.id;
  return null;
end
$$;
create trigger tenants_forget_importer_records after delete on tenants
  referencing old table as deleted_tenants for each statement execute function importer_records_forget_tenants();

create schema importer_staging;
