-- What an outbound dialer told the center of a call's CRM contact (seed 003, POST /crm/contact_data);
-- json, not jsonb: the contact's fields keep the order the dialer gave them in.
alter table cc_calls add column crm_contact_data json;
