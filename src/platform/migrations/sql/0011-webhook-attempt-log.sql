-- Webhook attempts recorded in their delivery's row (issue: webhooks §6, the
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
