-- Hub webhooks (docs/webhooks.md): subscriptions, the outbox of events, one
-- delivery per event and subscription, and every attempt of a delivery.
--
-- The signing secrets are kept as they are: signing needs them, and a key
-- to encrypt them would live in this same database.

create table webhook_subscriptions (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  url text not null check (length(url) between 1 and 2000),
  -- null: every event.
  events text[] check (events is null or cardinality(events) between 1 and 20),
  enabled boolean not null default true,
  disabled_reason text,
  disabled_at timestamptz,
  secret text not null,
  -- Keeps signing beside the new one for 24 hours after a rotation.
  previous_secret text,
  previous_secret_expires_at timestamptz,
  -- Since when every attempt has failed (null after a success): 3 days of it disables the subscription.
  failing_since timestamptz,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
-- `commontime webhook … --id` without --tenant.
create index webhook_subscriptions_id_idx on webhook_subscriptions (id);

-- The outbox: one row per event, written in the transaction of the change
-- that caused it. `body` holds the exact bytes every attempt sends and signs.
create table webhook_events (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null,
  event text not null,
  body text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index webhook_events_created_at_idx on webhook_events (created_at);

create table webhook_deliveries (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  event_id uuid not null,
  subscription_id uuid not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
  -- Attempts made so far, and failures since the delivery was created or last redelivered by hand.
  attempts integer not null default 0,
  retries integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, event_id) references webhook_events (tenant_id, id) on delete cascade,
  foreign key (tenant_id, subscription_id) references webhook_subscriptions (tenant_id, id) on delete cascade
);
-- The delivery job's claim: a subscription's due deliveries, oldest first.
create index webhook_deliveries_due_idx on webhook_deliveries (tenant_id, subscription_id, next_attempt_at) where status = 'pending';
-- The delivery log, newest first.
create index webhook_deliveries_log_idx on webhook_deliveries (tenant_id, subscription_id, created_at desc, id desc);
create index webhook_deliveries_event_idx on webhook_deliveries (tenant_id, event_id);

create table webhook_attempts (
  tenant_id uuid not null,
  delivery_id uuid not null,
  attempt integer not null,
  started_at timestamptz not null,
  status_code integer,
  latency_ms integer not null,
  -- The first 1 KB of the response body.
  response_body text,
  error text,
  primary key (tenant_id, delivery_id, attempt),
  foreign key (tenant_id, delivery_id) references webhook_deliveries (tenant_id, id) on delete cascade
);
