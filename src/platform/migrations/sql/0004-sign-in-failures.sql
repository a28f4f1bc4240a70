-- Failed sign-ins, so that password guessing is throttled across every
-- process of a deployment (src/hub/identity/sign-in-throttle.ts).
create table sign_in_failures (
  email_lower text not null,
  attempted_at timestamptz not null default now()
);
create index sign_in_failures_email_idx on sign_in_failures (email_lower, attempted_at);
