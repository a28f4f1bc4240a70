/** Errors of the endpoints calls and chats share (docs/contact-center.md, "Session data"). */
import { defineError } from '../../platform/errors/app-error.ts';

export const SessionDataErrors = {
  CC_SESSION_ENDED: defineError('CC_SESSION_ENDED', 400, '%s is already ended'),
  CC_SESSION_DUPLICATE: defineError('CC_SESSION_DUPLICATE', 400, 'Duplicate request: Please wait for the interval to expire'),
  CC_CUSTOMER_FLAG_INVALID: defineError('CC_CUSTOMER_FLAG_INVALID', 400, 'Send at least one of verified_customer, bad_actor, repeat_customers, each true or false'),
  CC_CUSTOM_DATA_INVALID: defineError('CC_CUSTOM_DATA_INVALID', 400, '%s'),
  CC_SIGNED_DATA_INVALID: defineError('CC_SIGNED_DATA_INVALID', 400, 'signed_data must be a JWT signed with the company secret (HS256)'),
  CC_SIGNED_DATA_EXPIRED: defineError('CC_SIGNED_DATA_EXPIRED', 400, 'signed_data has expired'),
} as const;
