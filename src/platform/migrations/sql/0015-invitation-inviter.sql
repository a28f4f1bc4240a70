-- An invitation names the admin who sent it, so the invited user can judge it before accepting
-- (docs/oauth.md, "Members of a workspace"). Invitations from before this migration name no one.
alter table membership_invitations add column invited_by uuid references users (id) on delete set null;
