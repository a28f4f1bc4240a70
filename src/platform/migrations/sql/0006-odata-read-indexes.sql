-- Indexes the model registry declares for common reads (EntitySetDefinition.indexes),
-- written by `extraIndex` in src/hub/odata/model/ddl.ts.
create index conversations_started_at_idx on conversations (tenant_id, started_at desc, id desc);
create index conversations_service_started_at_idx on conversations (tenant_id, service, started_at desc, id desc);
