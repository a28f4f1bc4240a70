/** Errors of the contact center's pages, rendered as HTML pages (web-plugin.ts). */
import { defineError } from '../../platform/errors/app-error.ts';

export const ContactCenterWebErrors = {
  CC_WEB_LOGIN_FAILED: defineError('CC_WEB_LOGIN_FAILED', 401, 'The subdomain, email or password is wrong'),
  CC_WEB_TOO_MANY_ATTEMPTS: defineError('CC_WEB_TOO_MANY_ATTEMPTS', 429, 'Too many failed sign-ins for this agent; try again in %s minutes'),
  CC_WEB_CSRF: defineError('CC_WEB_CSRF', 403, 'The form expired or did not come from this site; reload the page and try again'),
  CC_WEB_ADMIN_ONLY: defineError('CC_WEB_ADMIN_ONLY', 403, 'Only agents with the Admin role can open Settings'),
} as const;
