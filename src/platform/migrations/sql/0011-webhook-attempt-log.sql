-- Webhook attempts recorded in their delivery's row (docs/webhooks.md, the
-- delivery log), instead of one row each in webhook_attempts.
--
-- Measured with `npm run bench:webhooks`: the database work of each delivery
-- bounded the delivery rate. An attempt as its own row cost a heap insert,
-- an index insert and a foreign-key check on top of the delivery's update;
-- appended to the delivery it costs nothing beyond that update, which the
-- outcome needs anyway. A delivery has a handful of attempts (the retry
-- schedule, plus redeliveries by hand), each at most 1 KB of response.
--
-- Each element: {"attempt", "started_at" (ISO 8601, UTC, milliseconds),
-- "status_code", "latency_ms", "response_body", "error"}, oldest first.

alter table webhook_deliveries add column attempt_log jsonb not null default '[]';

update webhook_deliveries d set attempt_log = a.log
from (
  select tenant_id, delivery_id, jsonb_agg(jsonb_build_object(
    'attempt', attempt,
    'started_at', to_char(started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'status_code', status_code,
    'latency_ms', latency_ms,
    'response_body', response_body,
    'error', error
  ) order by attempt) as log
  from webhook_attempts
  group by tenant_id, delivery_id
) a
where d.tenant_id = a.tenant_id and d.id = a.delivery_id;

drop table webhook_attempts;

-- Time-ordered ids for events and deliveries (UUID version 7, RFC 9562
-- §5.7; PostgreSQL 18's uuidv7(), written out for 14–17). Every outcome
-- updates its delivery, and each update adds index entries keyed by these
-- ids: random ids scatter those writes over the whole of the indexes, so a
-- backlog larger than shared_buffers reads, dirties and logs a page per
-- delivery; ids in publishing order keep the writes on the indexes' newest
-- pages.
create function webhook_uuidv7() returns uuid language sql volatile parallel safe as $$
  select encode(set_bit(set_bit(
    overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6),
    52, 1), 53, 1), 'hex')::uuid
$$;

alter table webhook_deliveries alter column id set default webhook_uuidv7();
