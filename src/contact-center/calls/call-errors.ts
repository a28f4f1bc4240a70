/**
 * Errors of the calls endpoints (docs/contact-center.md, "Calls"). Where seed
 * 003 or the public Apps API documentation gives the message, it is that
 * message word for word; the others follow their style.
 */
import { defineError } from '../../platform/errors/app-error.ts';

export const CallErrors = {
  // Seed 003, "The following are the most common API Responses".
  CC_CALL_TYPE_MISSING: defineError('CC_CALL_TYPE_MISSING', 400, 'invalid call type - ensure call_type is supported'),
  CC_CALL_TYPE_INVALID: defineError('CC_CALL_TYPE_INVALID', 400, 'Invalid call type'),
  CC_CALL_AGENT_UNAVAILABLE: defineError('CC_CALL_AGENT_UNAVAILABLE', 400, 'Agent is not available to take this call'),
  CC_CALL_AGENT_EMAIL_REQUIRED: defineError('CC_CALL_AGENT_EMAIL_REQUIRED', 400, 'Agent email required'),
  CC_CALL_AGENT_EMAIL_INVALID: defineError('CC_CALL_AGENT_EMAIL_INVALID', 400, 'Not a valid agent email'),
  CC_CALL_NUMBER_REQUIRED: defineError('CC_CALL_NUMBER_REQUIRED', 400, 'ticket_id or end_user_number required'),
  CC_CALL_NUMBER_INVALID: defineError('CC_CALL_NUMBER_INVALID', 400, 'end_user_number is not well-formed'),
  CC_CALL_CONTACT_NOT_FOUND: defineError('CC_CALL_CONTACT_NOT_FOUND', 400, 'Contact not found'),
  CC_CALL_MENU_REQUIRED: defineError('CC_CALL_MENU_REQUIRED', 400, 'menu_id is required'),
  CC_CALL_MENU_MALFORMED: defineError('CC_CALL_MENU_MALFORMED', 400, 'menu_id is not well formed'),
  CC_CALL_MENU_NOT_FOUND: defineError('CC_CALL_MENU_NOT_FOUND', 400, 'menu_id %s is not found'),
  CC_CALL_LANGUAGE_UNAVAILABLE: defineError('CC_CALL_LANGUAGE_UNAVAILABLE', 400, "Language '%s' is not available"),
  CC_CALL_LANGUAGE_UNKNOWN: defineError('CC_CALL_LANGUAGE_UNKNOWN', 400, "Language '%s' is not found"),
  CC_CALL_AFTER_HOURS: defineError('CC_CALL_AFTER_HOURS', 400, "Menu is in 'after hours' state, can't accept incoming calls"),
  CC_CALL_MANUAL_REDIRECTION: defineError('CC_CALL_MANUAL_REDIRECTION', 400, "Menu is in 'manual redirection' state, can't accept calls"),
  CC_CALL_INBOUND_MENU_TYPE: defineError('CC_CALL_INBOUND_MENU_TYPE', 400, 'Only IVR and mobile menu IDs are permitted'),
  CC_CALL_SCHEDULED_MENU_TYPE: defineError('CC_CALL_SCHEDULED_MENU_TYPE', 400, 'Only mobile and web menu IDs are permitted'),
  CC_CALL_SCHEDULED_AT_REQUIRED: defineError('CC_CALL_SCHEDULED_AT_REQUIRED', 400, 'scheduled_at is required'),
  // Inferred: the documentation gives no wording for these.
  CC_CALL_SCHEDULED_AT_INVALID: defineError('CC_CALL_SCHEDULED_AT_INVALID', 400, 'scheduled_at must be a future time in ISO 8601, such as 2030-09-15T00:19:14.421Z'),
  CC_CALL_OUTBOUND_NUMBER_INVALID: defineError('CC_CALL_OUTBOUND_NUMBER_INVALID', 400, 'outbound_number is not one of the center\'s outbound numbers'),
  CC_CALL_RECORDING_PERMISSION_INVALID: defineError('CC_CALL_RECORDING_PERMISSION_INVALID', 400, 'recording_permission must be recording_permission_not_asked, recording_permission_granted or recording_permission_denied'),
  CC_CALL_DNC: defineError('CC_CALL_DNC', 400, 'end_user_number %s is on the company Do Not Call list'),
  CC_CALL_QUERY_INVALID: defineError('CC_CALL_QUERY_INVALID', 400, '%s'),
  CC_CALL_NO_TRANSCRIPT: defineError('CC_CALL_NO_TRANSCRIPT', 404, 'This call has no transcript: it has not been connected'),
  CC_CALL_NO_RECORDING: defineError('CC_CALL_NO_RECORDING', 404, 'This call has no recording: it was not recorded, or it has not finished yet'),
} as const;
