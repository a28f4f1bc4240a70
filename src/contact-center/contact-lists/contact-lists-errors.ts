/** Errors of `/contact_lists` (docs/contact-center.md, "Contact lists"). */
import { defineError } from '../../platform/errors/app-error.ts';

export const ContactListErrors = {
  CC_CONTACT_PARAM_MISSING: defineError('CC_CONTACT_PARAM_MISSING', 400, 'param is missing or the value is empty: %s'),
  CC_CONTACT_PARAM_INVALID: defineError('CC_CONTACT_PARAM_INVALID', 400, '%s'),
  CC_CONTACT_UNKNOWN_PARAM: defineError('CC_CONTACT_UNKNOWN_PARAM', 400, 'unknown parameter: %s; the accepted ones are %s'),
  CC_CONTACT_LIST_NAME_TAKEN: defineError('CC_CONTACT_LIST_NAME_TAKEN', 400, 'name has already been taken'),
  CC_CONTACT_LIST_GLOBAL: defineError('CC_CONTACT_LIST_GLOBAL', 400, 'The global contact list cannot be renamed or deleted'),
  CC_CONTACT_LIST_LIMIT: defineError('CC_CONTACT_LIST_LIMIT', 400, 'A contact center has at most %s contact lists'),
  CC_CONTACT_LIST_FULL: defineError('CC_CONTACT_LIST_FULL', 400, 'A contact list holds at most %s contacts'),
  CC_CONTACT_PHONE_INVALID: defineError('CC_CONTACT_PHONE_INVALID', 400, 'phone_number is invalid'),
  CC_CONTACT_PHONE_EMERGENCY: defineError('CC_CONTACT_PHONE_EMERGENCY', 400, 'emergency phone number is not allowed'),
  CC_CONTACT_PHONE_TAKEN: defineError('CC_CONTACT_PHONE_TAKEN', 400, 'phone_number has already been taken in this contact list'),
} as const;
