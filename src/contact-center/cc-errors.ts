/**
 * Errors of the contact center's core: tenancy, credentials and limits. The
 * Apps API answers `{"message": ...}` only (contact-center-service.ts), so the
 * message is what a client sees; where seed 003 or the public Apps API
 * documentation gives a message, it is that message word for word
 * (docs/contact-center.md, "Errors").
 */
import { defineError } from '../platform/errors/app-error.ts';

export const ContactCenterErrors = {
  CC_UNKNOWN_SUBDOMAIN: defineError('CC_UNKNOWN_SUBDOMAIN', 404, 'Resource not found - Please check your subdomain'),
  CC_UNAUTHORIZED: defineError('CC_UNAUTHORIZED', 401, 'Unauthorized: send HTTP Basic credentials, the subdomain as username and an API token as password'),
  CC_HOST_MISMATCH: defineError('CC_HOST_MISMATCH', 401, 'Unauthorized: the credentials are for subdomain %s, but the request was sent to %s'),
  CC_RATE_LIMITED: defineError('CC_RATE_LIMITED', 429, 'Too many requests: the limit is %s per second per customer; retry after %s seconds'),
  CC_NOT_FOUND: defineError('CC_NOT_FOUND', 404, 'Not Found'),
  CC_INVALID_SUBDOMAIN: defineError('CC_INVALID_SUBDOMAIN', 400, 'A subdomain is 1 to 63 lowercase letters, digits and inner hyphens, got %s'),
  CC_SUBDOMAIN_TAKEN: defineError('CC_SUBDOMAIN_TAKEN', 409, 'The subdomain %s is taken by another workspace'),
  CC_ALREADY_ENABLED: defineError('CC_ALREADY_ENABLED', 409, 'This workspace already has its contact center, at subdomain %s'),
  CC_NOT_ENABLED: defineError('CC_NOT_ENABLED', 404, 'The workspace %s has no contact center yet; enable it with a subdomain first (commontime cc enable)'),
  CC_CREDENTIAL_NOT_FOUND: defineError('CC_CREDENTIAL_NOT_FOUND', 404, 'No API credential %s in this contact center'),
} as const;
