/** Errors of `POST /agent_statuses` and its force_logout (docs/contact-center.md, "Agent statuses"). */
import { defineError } from '../../platform/errors/app-error.ts';

export const AgentStatusErrors = {
  CC_AGENT_STATUS_REQUIRED: defineError('CC_AGENT_STATUS_REQUIRED', 400, 'status is required'),
  CC_AGENT_STATUS_INVALID: defineError('CC_AGENT_STATUS_INVALID', 400, "status '%s' is neither 'Available' nor one of the center's custom statuses"),
  CC_AGENT_STATUS_TARGETS: defineError('CC_AGENT_STATUS_TARGETS', 400, 'agent_ids and team_ids must be lists of ids naming 1 to %s agents and teams in all'),
  CC_FORCE_LOGOUT_TARGETS: defineError('CC_FORCE_LOGOUT_TARGETS', 400, 'agent_ids, team_ids and ip_addrs must be lists naming 1 to %s agents, teams and addresses in all'),
  CC_FORCE_LOGOUT_IPS: defineError('CC_FORCE_LOGOUT_IPS', 400, 'ip_addrs must be up to %s IPv4 or IPv6 addresses, CIDR blocks such as 34.211.11.0/24, or ranges such as 10.0.0.1-10.0.0.20'),
} as const;
