-- An agent's calls, newest first: the agent console's call in hand, and whether a wrap-up timer is the latest call's.
create index cc_calls_agent_idx on cc_calls (tenant_id, agent_id, assigned_at);
