/** Errors of the company DNC list's endpoints (docs/contact-center.md, "Company DNC list"). */
import { defineError } from '../../platform/errors/app-error.ts';

export const DncErrors = {
  CC_DNC_CONTACTS_REQUIRED: defineError('CC_DNC_CONTACTS_REQUIRED', 400, 'contacts must be a list of 1 to %s objects such as {"phone_number": "+1 415-555-0100"}'),
  CC_DNC_NUMBERS_REQUIRED: defineError('CC_DNC_NUMBERS_REQUIRED', 400, 'phone_numbers must be a list of 1 to %s phone numbers'),
  CC_DNC_PHONE_REQUIRED: defineError('CC_DNC_PHONE_REQUIRED', 400, 'phone_number is required'),
  CC_DNC_PHONE_INVALID: defineError('CC_DNC_PHONE_INVALID', 400, 'phone_number is invalid'),
} as const;
