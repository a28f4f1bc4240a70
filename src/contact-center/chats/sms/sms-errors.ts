/** Errors of `POST /sms` (seed 003, "SMS"): the public documentation's messages, word for word, where it has them. */
import { defineError } from '../../../platform/errors/app-error.ts';

export const SmsErrors = {
  CC_SMS_CHAT_TYPE_REQUIRED: defineError('CC_SMS_CHAT_TYPE_REQUIRED', 400, 'chat_type needs to be provided'),
  CC_SMS_CHAT_TYPE_INVALID: defineError('CC_SMS_CHAT_TYPE_INVALID', 400, 'valid chat type needs to be provided'),
  CC_SMS_DISABLED: defineError('CC_SMS_DISABLED', 400, '(Outbound) SMS is not enabled'),
  CC_SMS_END_USER_NUMBER_REQUIRED: defineError('CC_SMS_END_USER_NUMBER_REQUIRED', 400, 'end_user_number is required'),
  CC_SMS_END_USER_NUMBER_INVALID: defineError('CC_SMS_END_USER_NUMBER_INVALID', 400, 'end_user_number is invalid'),
  CC_SMS_NON_US: defineError('CC_SMS_NON_US', 400, 'Non-US phone number not allowed'),
  CC_SMS_OUTBOUND_REQUIRED: defineError('CC_SMS_OUTBOUND_REQUIRED', 400, 'outbound_number is required'),
  CC_SMS_OUTBOUND_INVALID: defineError('CC_SMS_OUTBOUND_INVALID', 400, 'outbound_number is invalid'),
  CC_SMS_OUTBOUND_NOT_FOUND: defineError('CC_SMS_OUTBOUND_NOT_FOUND', 400, 'outbound_number not found'),
  CC_SMS_MESSAGE_REQUIRED: defineError('CC_SMS_MESSAGE_REQUIRED', 400, 'message is required'),
  CC_SMS_MESSAGE_TOO_LONG: defineError('CC_SMS_MESSAGE_TOO_LONG', 400, 'message is longer than %s characters'),
  CC_SMS_ACTIVE_SESSION: defineError('CC_SMS_ACTIVE_SESSION', 400, 'Outbound SMS failed. Consumer is already in an active SMS session.'),
  CC_SMS_AGENT_INVALID: defineError('CC_SMS_AGENT_INVALID', 400, 'Not a valid agent %s'),
  CC_SMS_AGENT_UNAVAILABLE: defineError('CC_SMS_AGENT_UNAVAILABLE', 400, 'Agent is not available to take this SMS session'),
} as const;
