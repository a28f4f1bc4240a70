/** Errors of the campaign endpoints (docs/contact-center.md, "Campaigns"). */
import { defineError } from '../../platform/errors/app-error.ts';

export const CampaignErrors = {
  CC_CAMPAIGN_FIELD_INVALID: defineError('CC_CAMPAIGN_FIELD_INVALID', 400, '%s'),
  CC_CAMPAIGN_PHONE_REQUIRED: defineError('CC_CAMPAIGN_PHONE_REQUIRED', 400, 'phone_number is required'),
  CC_CAMPAIGN_CONTACT_ID_REQUIRED: defineError('CC_CAMPAIGN_CONTACT_ID_REQUIRED', 400, 'contact_id is required'),
  CC_CAMPAIGN_CONTACT_KEY_REQUIRED: defineError('CC_CAMPAIGN_CONTACT_KEY_REQUIRED', 400, 'contact_id, external_unique_id or phone_number is required'),
  CC_CAMPAIGN_DUPLICATE_UNIQUE_ID: defineError('CC_CAMPAIGN_DUPLICATE_UNIQUE_ID', 400, 'external_unique_id %s is already used in this campaign'),
  CC_CAMPAIGN_CONTACT_BUSY: defineError('CC_CAMPAIGN_CONTACT_BUSY', 400, 'Contact %s is %s: it can change once its call ends'),
  CC_CAMPAIGN_FULL: defineError('CC_CAMPAIGN_FULL', 400, 'A campaign holds at most %s contacts'),
  CC_CAMPAIGN_IMPORT_FILE: defineError('CC_CAMPAIGN_IMPORT_FILE', 400, 'file must be a JSON array of contacts or a CSV file with a header row (name, email, phone_number, outbound_number, external_unique_id, priority) of 1 to %s rows: %s'),
  CC_CAMPAIGN_INVALID: defineError('CC_CAMPAIGN_INVALID', 400, '%s'),
} as const;
