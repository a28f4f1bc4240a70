/** Errors of bulk user management (docs/contact-center.md, "Bulk user management"). */
import { defineError } from '../../platform/errors/app-error.ts';

export const BulkUserErrors = {
  CC_BULK_USERS_FILE: defineError('CC_BULK_USERS_FILE', 400, 'file must be a JSON array of 1 to %s user rows (see GET /bulk/users/template), sent as multipart/form-data in the field "file": %s'),
  CC_BULK_USERS_ID: defineError('CC_BULK_USERS_ID', 400, 'id is required: the id of the bulk user job'),
  CC_BULK_USERS_NOT_VALID: defineError('CC_BULK_USERS_NOT_VALID', 409, 'The job is %s: only a job whose file passed the scheme check (valid_scheme) can proceed'),
  CC_BULK_USERS_PROCEEDED: defineError('CC_BULK_USERS_PROCEEDED', 409, 'The job is %s: its file can no longer be replaced or proceed again'),
} as const;
