-- Insight embeddings (docs/processing.md, "Embeddings"), when a deployment
-- configures a provider (EMBEDDINGS): one vector per insight, little-endian
-- float32 in bytea (embeddings/vector-bytes.ts: no pgvector in the embedded
-- PostgreSQL, and bytea reads 15 times faster than real[]), with the model
-- that made it, so that vectors of different models are never compared. The
-- pipeline writes them with the insights; a topic build embeds those still
-- missing. A topic model's state records the model its build used.

create table insight_embeddings (
  tenant_id uuid not null references tenants (id) on delete cascade,
  insight_id text not null,
  model text not null,
  vector bytea not null,
  primary key (tenant_id, insight_id)
);

alter table topic_model_states add column embedding_model text;
