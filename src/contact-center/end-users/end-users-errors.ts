/** Errors of `/end_users` and the mid-session `end_user` endpoints (docs/contact-center.md, "End users"). */
import { defineError } from '../../platform/errors/app-error.ts';

export const EndUserErrors = {
  CC_END_USER_PARAM_MISSING: defineError('CC_END_USER_PARAM_MISSING', 400, 'param is missing or the value is empty: %s'),
  CC_END_USER_NOT_FOUND: defineError('CC_END_USER_NOT_FOUND', 404, 'Not Found'),
  CC_END_USER_LOOKUP: defineError('CC_END_USER_LOOKUP', 400, 'Give exactly one of id and identifier'),
} as const;
