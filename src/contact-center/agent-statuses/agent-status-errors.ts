/** Errors of `POST /agent_statuses` (docs/contact-center.md, "Agent statuses"). */
import { defineError } from '../../platform/errors/app-error.ts';

export const AgentStatusErrors = {
  CC_AGENT_STATUS_REQUIRED: defineError('CC_AGENT_STATUS_REQUIRED', 400, 'status is required'),
  CC_AGENT_STATUS_INVALID: defineError('CC_AGENT_STATUS_INVALID', 400, "status '%s' is neither 'Available' nor one of the center's custom statuses"),
  CC_AGENT_STATUS_TARGETS: defineError('CC_AGENT_STATUS_TARGETS', 400, 'agent_ids and team_ids must be lists of ids naming 1 to %s agents and teams in all'),
} as const;
