/** Errors of `/queue_settings` (docs/contact-center.md, "Queue settings"). */
import { defineError } from '../../platform/errors/app-error.ts';

export const QueueSettingsErrors = {
  CC_QUEUE_PARAM_MISSING: defineError('CC_QUEUE_PARAM_MISSING', 400, 'param is missing or the value is empty: %s'),
  CC_QUEUE_PARAM_INVALID: defineError('CC_QUEUE_PARAM_INVALID', 400, '%s'),
  CC_QUEUE_UNKNOWN_USER: defineError('CC_QUEUE_UNKNOWN_USER', 400, 'email %s is not a user of this contact center'),
  CC_QUEUE_FILE_TOO_LARGE: defineError('CC_QUEUE_FILE_TOO_LARGE', 413, 'The file is larger than the limit of %s bytes'),
  CC_QUEUE_FILE_UNREADABLE: defineError('CC_QUEUE_FILE_UNREADABLE', 400, 'The file is neither a ZIP nor a JSON settings document: %s'),
  CC_QUEUE_ZIP_INVALID: defineError('CC_QUEUE_ZIP_INVALID', 400, 'The ZIP file is invalid: %s'),
  CC_QUEUE_ZIP_LIMITS: defineError('CC_QUEUE_ZIP_LIMITS', 400, 'The ZIP file is over its limits: %s'),
  CC_QUEUE_SETTINGS_INVALID: defineError('CC_QUEUE_SETTINGS_INVALID', 400, 'The settings document is invalid: %s'),
  CC_QUEUE_VERSION_MISMATCH: defineError('CC_QUEUE_VERSION_MISMATCH', 400, 'id and revision name different versions'),
  CC_QUEUE_NO_VERSION: defineError('CC_QUEUE_NO_VERSION', 404, 'There is no saved version to restore yet'),
} as const;
