/** Errors of `GET /users`: the seed's four messages word for word, and one for a value that cannot be read. */
import { defineError } from '../../platform/errors/app-error.ts';

export const UsersErrors = {
  CC_USERS_PAGE_SIZE: defineError('CC_USERS_PAGE_SIZE', 400, 'Invalid page size request - check to ensure the max page size is a valid integer less than 1000'),
  CC_USERS_FILTER_PAGED: defineError('CC_USERS_FILTER_PAGED', 400, 'Cannot paginate filtered results - ensure that you are not using a filter and pagination parameters'),
  CC_USERS_ONE_FILTER: defineError('CC_USERS_ONE_FILTER', 400, 'Only one filter should be configured at a time'),
  CC_USERS_FILTER_VALUES: defineError('CC_USERS_FILTER_VALUES', 400, 'Ensure you are not filtering more than 1000 values at a time'),
  CC_USERS_FILTER_INVALID: defineError('CC_USERS_FILTER_INVALID', 400, '%s'),
} as const;
