/** Errors of wait times and queue statuses (docs/contact-center.md, "Wait times and queue status"). */
import { defineError } from '../../platform/errors/app-error.ts';

export const QueueStatusErrors = {
  CC_QUEUE_STATUS_PARAM_REQUIRED: defineError('CC_QUEUE_STATUS_PARAM_REQUIRED', 400, '%s is required'),
  CC_QUEUE_STATUS_PARAM_INVALID: defineError('CC_QUEUE_STATUS_PARAM_INVALID', 400, '%s must be %s'),
} as const;
