-- CRM matching (docs/processing.md, "CRM matching"): participants are
-- matched to Contacts by email and phone, to Accounts by their email's
-- domain, and internal participants to Owners by email. The keys are
-- normalised by the functions below, once, in SQL, so that the lookup
-- indexes (the registry's `lookups`, src/hub/odata/model/entity-set.ts)
-- and the matching statement compare the same values.
--
-- Each function returns null for what cannot be a key, including values
-- too long to be one, so that an imported cell of any length (standard text
-- fields take 10,000 characters) never exceeds a B-tree entry (about 2,700
-- bytes) and fails its import.

-- An email address, compared case-insensitively; at most 320 characters (a 64-character local part, `@` and a
-- 255-character domain, RFC 5321 §4.5.3.1).
create function crm_email_key(value text) returns text language sql immutable strict parallel safe
return case when char_length(btrim(value)) between 3 and 320 then lower(btrim(value)) end;

-- The host of a domain or URL: lowercase, without scheme, user, port, path, a leading `www.` and a
-- trailing dot (`https://www.Acme.com/about` → `acme.com`); at most 253 characters (RFC 1035 §2.3.4).
create function crm_host(value text) returns text language sql immutable strict parallel safe
return (
  select case when char_length(host) between 1 and 253 then host end
  from regexp_replace(
    substring(regexp_replace(lower(btrim(value)), '^[a-z][a-z0-9+.-]*://', '') from '^(?:[^/?#@]*@)?([^/?#:]*)'),
    '^www\.|\.$', '', 'g') as host
);

-- The digits of a phone number, which every way of writing it keeps (`+44 (0)20 7946-0958` → `4402079460958`);
-- at most 24 (E.164's 15, an international prefix and some slack).
create function crm_phone_digits(value text) returns text language sql immutable strict parallel safe
return (select case when char_length(digits) between 4 and 24 then digits end from regexp_replace(value, '[^0-9]', '', 'g') as digits);

create index contacts_email_key_idx on contacts (tenant_id, crm_email_key(email));
create index contacts_phone_digits_idx on contacts (tenant_id, crm_phone_digits(phone));
create index owners_email_key_idx on owners (tenant_id, crm_email_key(email));
create index accounts_domain_host_idx on accounts (tenant_id, crm_host(domain));
create index accounts_website_host_idx on accounts (tenant_id, crm_host(website));
