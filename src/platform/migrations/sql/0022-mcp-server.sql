-- The MCP server (docs/mcp.md).
--
-- A workspace's admins can turn MCP access off: every /mcp request of its
-- tokens is then refused (403 MCP_DISABLED), whatever their scopes.
--
-- Search: the tools rank full-text matches of the tables' search vectors
-- (migration 0005) and, when full-text search finds nothing (a misspelt
-- name, a word cut short), fall back to trigram similarity (pg_trgm) over
-- the short texts people look for: conversation titles, insight texts,
-- topic, account and contact names. These are the registry's `similar`
-- indexes (src/hub/odata/model/entity-set.ts). search_conversations filters
-- by a participant's email through the lookup index on participants.

alter table tenants add column mcp_enabled boolean not null default true;

create extension if not exists pg_trgm;

create index conversations_title_trgm_idx on conversations using gin ((title) gin_trgm_ops);
create index insights_text_trgm_idx on insights using gin ((text) gin_trgm_ops);
create index topics_name_trgm_idx on topics using gin ((name) gin_trgm_ops);
create index accounts_name_trgm_idx on accounts using gin ((name) gin_trgm_ops);
create index contacts_name_trgm_idx on contacts using gin ((coalesce(first_name, '') || ' ' || coalesce(last_name, '')) gin_trgm_ops);
create index participants_email_key_idx on participants (tenant_id, crm_email_key(email));

-- PostgreSQL keeps statistics of an index's expression only after ANALYZE, and plans by guesses until then.
analyze participants, contacts;
