-- A campaign contact's answered dial is a call; the call's end finds its contact by this.
create index cc_campaign_contacts_call_idx on cc_campaign_contacts (tenant_id, assigned_call_id) where assigned_call_id is not null;
