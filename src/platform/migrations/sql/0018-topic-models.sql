-- Topic models (docs/processing.md, "Topics"). A topic model groups the
-- insights its OData filter selects into topics; a build clusters them
-- all, and new insights are assigned to the nearest topic as they are
-- stored, from the state the last build left.
--
-- topic_models gains what users read of a build: when the last one
-- finished and why the last one failed (the model registry declares them).
--
-- topic_model_states holds what assignment needs between builds (the
-- engine's encoded state: vocabulary, weights, centroids), apart from
-- topic_models so that OData reads of the models never haul it.
-- `topic_ids` maps the engine's topic indexes to the rows of topics, and
-- `next_topic` numbers new topics, so that a topic that survives a rebuild
-- keeps its id (links and bookmarks to it stay valid). `assigned_since`
-- counts the insights assigned since the build: a model that has doubled
-- asks for a rebuild.

alter table topic_models add column built_at timestamptz;
alter table topic_models add column error text;

create table topic_model_states (
  tenant_id uuid not null references tenants (id) on delete cascade,
  topic_model_id text not null,
  state bytea not null,
  topic_ids text[] not null,
  next_topic integer not null default 0,
  -- Insights the build clustered, and the insight count of the model when it read them: the schedule rebuilds a model that grew.
  built_from integer not null,
  assigned_since integer not null default 0,
  primary key (tenant_id, topic_model_id)
);
