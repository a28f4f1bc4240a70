/** Errors of `POST /crm/contact_data` (docs/contact-center.md, "CRM contact data"). */
import { defineError } from '../../platform/errors/app-error.ts';

export const ContactDataErrors = {
  CC_CONTACT_DATA_INVALID: defineError('CC_CONTACT_DATA_INVALID', 400, '%s'),
  CC_CONTACT_DATA_AGENT: defineError('CC_CONTACT_DATA_AGENT', 400, 'agent_id %s is not the agent of call %s'),
} as const;
