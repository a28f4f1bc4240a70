-- The company Do-Not-Call list (docs/contact-center.md, "Company DNC list"):
-- numbers in E.164, optionally until an expiry. A listed number blocks API
-- outbound and scheduled calls and campaign dials while it has not expired.

create table cc_dnc_numbers (
  tenant_id uuid not null references cc_centers (tenant_id) on delete cascade,
  phone_number text not null check (phone_number ~ '^\+[1-9][0-9]{6,14}$'),
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, phone_number)
);
