-- A chat an agent took or answered in the agent console: the simulation no longer speaks for its agent.
alter table cc_chats add column by_hand boolean not null default false;
