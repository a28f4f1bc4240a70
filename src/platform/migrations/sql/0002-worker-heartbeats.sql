-- Liveness of job-queue workers. graphile-worker leaves a job locked for four
-- hours when its process dies; src/platform/jobs/worker-liveness.ts unlocks the
-- jobs of workers whose heartbeat stopped, so a crashed job reruns in seconds.

create table worker_heartbeats (
  worker_id text primary key,
  process text not null,
  seen_at timestamptz not null default now()
);
